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
 * <p>Whoever receives a region owns it and must {@link #close()} it, whether it was sent or not.
 */
public final class LocalRegion implements AutoCloseable {

  private final FileChannel channel;
  private final long size;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** {@code channel} open for reading; {@code size} its length as checked against the described file. */
  public LocalRegion(FileChannel channel, long size) {
    this.channel = channel;
    this.size = size;
  }

  public FileChannel channel() {
    return channel;
  }

  /** The file's size in bytes, the same as the described {@link MediaFile#size()}. */
  public long size() {
    return size;
  }

  /** Closes the file; safe to call more than once and from any thread. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was written through it: a failed close loses nothing.
      }
    }
  }
}
