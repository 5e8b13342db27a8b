package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.PartBuffers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads bytes straight from TDLib's local file (what TDLib's own streaming clients do: it is faster than
 * readFilePart, which copies through JSON and base64). Blocking file I/O runs on Vert.x worker threads, unordered so
 * parts read in parallel; the result arrives on the calling context.
 */
final class LocalFileReader {

  private LocalFileReader() {
  }

  /** Exactly {@code length} bytes at {@code offset}, or a failure (a missing file, or fewer bytes than asked). */
  static Future<Buffer> read(Context context, String path, long offset, int length) {
    if (path == null || path.isEmpty()) {
      return Future.failedFuture(new IOException("TDLib has no local path for the file"));
    }
    return context.executeBlocking(() -> {
      try (FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
        // Off-heap, like the library backend: megabyte parts never burden the small heap's collector.
        ByteBuffer buffer = PartBuffers.take(length);
        try {
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
              throw new IOException("local file " + path + " ends before " + (offset + length));
            }
          }
        } catch (IOException | RuntimeException e) {
          PartBuffers.giveBack(buffer);
          throw e;
        }
        buffer.flip();
        return PartBuffers.wrap(buffer);
      }
    }, false);
  }

  /** The whole (small) file, for thumbnails. */
  static Future<Buffer> readAll(Context context, String path) {
    if (path == null || path.isEmpty()) {
      return Future.failedFuture(new IOException("TDLib has no local path for the file"));
    }
    return context.executeBlocking(() -> Buffer.buffer(Files.readAllBytes(Path.of(path))), false);
  }
}
