package dev.tgstream.telegram.simulated;

/**
 * A snapshot of what {@link SimulatedGateway} has seen, for tests and the benchmark.
 *
 * @param totalCalls          readPart calls received, including rejected ones
 * @param executing           readPart calls executing right now (holding one of max_parallel slots)
 * @param queued              readPart calls waiting for a slot
 * @param maxObservedParallel the most readPart calls that ever executed at once
 * @param floodWaits          FLOOD_WAIT errors returned (the trigger and every call refused during the wait)
 * @param failures            simulated INTERNAL_SERVER_ERROR failures returned
 * @param invalidCalls        calls refused for OFFSET_INVALID / LIMIT_INVALID
 * @param bytesRead           bytes returned by successful reads
 */
public record SimulationStats(
    long totalCalls,
    int executing,
    int queued,
    int maxObservedParallel,
    long floodWaits,
    long failures,
    long invalidCalls,
    long bytesRead) {
}
