package dev.tgstream.ui.progress;

import java.time.Instant;

/** Where one user stopped in one file: seconds played of seconds total (0 when unknown). */
public record ProgressEntry(String fileId, double position, double duration, Instant updatedAt) {
}
