package dev.tgstream.telegram.tdlib;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the TDLib gateway behaves; built once by the app from its config (never read from the environment here).
 *
 * @param channels          CHANNEL_IDS entries in order: numeric chat ids (-100…) or @usernames
 * @param diskBudgetBytes   bound on TDLib's downloaded file bytes kept on disk; least recently streamed files go first
 * @param readTimeout       the longest a part read waits for its bytes before failing UNAVAILABLE (keep it below the
 *                          stream engine's own read timeout so the engine retries rather than gives up)
 * @param maxWindowBytes    the largest download window one reader's queued parts may open at once; bounds how long
 *                          another reader of the same file waits for its turn
 * @param downloadPriority  TDLib download priority of streaming windows (1..32)
 * @param requestTimeout    timeout of metadata requests (getMessage, searchChatMessages …)
 */
public record TdlibSettings(List<String> channels, long diskBudgetBytes, Duration readTimeout, long maxWindowBytes,
                            int downloadPriority, Duration requestTimeout) {

  public static final long DEFAULT_DISK_BUDGET_BYTES = 1024L * 1024 * 1024;
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
  public static final long DEFAULT_MAX_WINDOW_BYTES = 8L * 1024 * 1024;
  public static final int DEFAULT_DOWNLOAD_PRIORITY = 16;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);

  public TdlibSettings {
    channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
    if (diskBudgetBytes < 0) {
      throw new IllegalArgumentException("diskBudgetBytes must be >= 0, got " + diskBudgetBytes);
    }
    if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
    }
    if (maxWindowBytes < 1024 * 1024) {
      throw new IllegalArgumentException("maxWindowBytes must be at least 1 MiB, got " + maxWindowBytes);
    }
    if (downloadPriority < 1 || downloadPriority > 32) {
      throw new IllegalArgumentException("downloadPriority must be 1..32, got " + downloadPriority);
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
  }

  /** The given channels with every other setting at its default. */
  public static TdlibSettings of(List<String> channels) {
    return new TdlibSettings(channels, DEFAULT_DISK_BUDGET_BYTES, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_WINDOW_BYTES,
        DEFAULT_DOWNLOAD_PRIORITY, DEFAULT_REQUEST_TIMEOUT);
  }

  public TdlibSettings withDiskBudgetBytes(long bytes) {
    return new TdlibSettings(channels, bytes, readTimeout, maxWindowBytes, downloadPriority, requestTimeout);
  }

  public TdlibSettings withReadTimeout(Duration timeout) {
    return new TdlibSettings(channels, diskBudgetBytes, timeout, maxWindowBytes, downloadPriority, requestTimeout);
  }

  public TdlibSettings withMaxWindowBytes(long bytes) {
    return new TdlibSettings(channels, diskBudgetBytes, readTimeout, bytes, downloadPriority, requestTimeout);
  }
}
