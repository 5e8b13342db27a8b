package dev.tgstream.telegram.tdlib;

import java.nio.file.Path;

/**
 * One remote file the TDLib test double can "download": its bytes live in {@code source}; {@code index} is the
 * double-wide number from which each client derives its own file id (TDLib file ids are per client instance).
 */
record DoubleContent(int index, Path source, long size, String uniqueId, String remoteId) {
}
