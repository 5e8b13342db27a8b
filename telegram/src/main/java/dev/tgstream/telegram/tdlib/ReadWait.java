package dev.tgstream.telegram.tdlib;

/**
 * Whether somebody waits for one read of the TDLib gateway. A BACKGROUND read (a warm-up) gives TDLib's download
 * window to reads somebody waits for; when the engine comes to wait for it too ({@code TelegramGateway#hurry}) it is
 * waited from then on, and the window that holds it is told so it can reconsider at once. Thread-safe: hurried from
 * any thread, read on the client's context.
 */
final class ReadWait {

  /** Every read somebody waits for shares this one: it never changes. */
  static final ReadWait WAITED = new ReadWait(null, 0, 0, true);

  final String fileId;
  final long offset;
  final int length;
  private volatile boolean waited;
  /** Run once when hurried: the window holding the read schedules again (on its context). Guarded by this. */
  private Runnable onHurry;

  private ReadWait(String fileId, long offset, int length, boolean waited) {
    this.fileId = fileId;
    this.offset = offset;
    this.length = length;
    this.waited = waited;
  }

  static ReadWait background(String fileId, long offset, int length) {
    return new ReadWait(fileId, offset, length, false);
  }

  boolean waited() {
    return waited;
  }

  boolean isFor(String fileId, long offset, int length) {
    return this.offset == offset && this.length == length && fileId.equals(this.fileId);
  }

  /** From now on somebody waits for this read. */
  void hurry() {
    Runnable listener;
    synchronized (this) {
      if (waited) {
        return;
      }
      waited = true;
      listener = onHurry;
      onHurry = null;
    }
    if (listener != null) {
      listener.run();
    }
  }

  /** What to run when hurried (replaces an earlier listener: a read waits in one window at a time). */
  void onHurry(Runnable listener) {
    synchronized (this) {
      if (!waited) {
        onHurry = listener;
      }
    }
  }
}
