package dev.tgstream.telegram;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file's bytes lying complete on local disk, already open: what an HTTP response can hand to the kernel to send
 * (sendfile) without the bytes passing through the heap or a direct buffer. Made by
 * {@link TelegramGateway#localRegion}, which checked when it opened the file that it is exactly the content of the
 * {@link MediaFile} asked about (same content id, {@link #size()} bytes).
 *
 * <p>The region holds the file open, so a file deleted or replaced (moved over) afterwards keeps its checked bytes
 * readable through it. A file cut short or rewritten in place after the check is not detected here: a send of it then
 * fails or carries the new bytes, as a part read of it would.
 *
 * <p>Whoever receives a region owns it and must {@link #close()} it, whether it was sent or not. A region may share
 * its channel with others (a gateway keeping recently served files open, as nginx's open_file_cache does): its close
 * then hands the channel back instead of closing it, and the channel closes when its last holder lets go.
 */
public final class LocalRegion implements AutoCloseable {

  private final FileChannel channel;
  private final long size;
  /** What {@link #close()} does once: closes the channel, or hands a shared one back. */
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** {@code channel} open for reading, owned by this region; {@code size} its length as checked against the file. */
  public LocalRegion(FileChannel channel, long size) {
    this(channel, size, () -> closeQuietly(channel));
  }

  /**
   * A region over a channel someone else keeps open: {@code release} runs once, on the first {@link #close()}, and
   * must not throw.
   */
  public static LocalRegion shared(FileChannel channel, long size, Runnable release) {
    return new LocalRegion(channel, size, release);
  }

  private LocalRegion(FileChannel channel, long size, Runnable release) {
    this.channel = channel;
    this.size = size;
    this.release = release;
  }

  public FileChannel channel() {
    return channel;
  }

  /** The file's size in bytes, the same as the described {@link MediaFile#size()}. */
  public long size() {
    return size;
  }

  /** Closes the file (or hands a shared one back); safe to call more than once and from any thread. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }

  /** Closes a channel that was only read from: a failed close loses nothing. */
  public static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written through it.
    }
  }
}
