package dev.tgstream.ui.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Grabs one video frame as a small JPEG with ffmpeg, reading the video from a URL (ffmpeg seeks with range requests,
 * so only the bytes around the frame travel, whatever backend holds the file). Processes run on worker threads,
 * at most {@link #MAX_RUNNING} at a time (ffmpeg is CPU-heavy and hosts are small); further requests queue, and past
 * {@link #MAX_QUEUED} they are refused rather than pile up. Whether ffmpeg exists is checked once; without it every
 * grab answers empty and the log says once how to get pictures.
 */
public final class FrameGrabber {

  private static final Logger log = LoggerFactory.getLogger(FrameGrabber.class);
  static final int MAX_RUNNING = 2;
  static final int MAX_QUEUED = 64;
  static final int MAX_JPEG_BYTES = 2 * 1024 * 1024;
  private static final long TIMEOUT_SECONDS = 45;
  /** Cards are a few hundred pixels wide; bigger frames only cost disk and bandwidth. */
  private static final int WIDTH = 320;

  private final Vertx vertx;
  private final String command;
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private int running;
  private Future<Boolean> available;

  /** @param command the ffmpeg executable, looked up on PATH ("ffmpeg") */
  public FrameGrabber(Vertx vertx, String command) {
    this.vertx = vertx;
    this.command = command;
  }

  /** Whether ffmpeg runs here; checked once (the first call starts the check), logged once when it does not. */
  public synchronized Future<Boolean> available() {
    if (available == null) {
      available = vertx.executeBlocking(() -> {
        try {
          Process p = new ProcessBuilder(command, "-hide_banner", "-version").redirectErrorStream(true).start();
          p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
          boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
          if (!ok) {
            p.destroyForcibly();
          }
          return ok;
        } catch (IOException e) {
          return false;
        }
      }, false).otherwise(false).onSuccess(ok -> {
        if (!ok) {
          log.info("Video thumbnails need ffmpeg on PATH ({} not found): install it (apt-get install ffmpeg, or use "
              + "the Docker image) and restart; until then video cards show their type icon.", command);
        }
      });
    }
    return available;
  }

  /** Whether the check has run and found ffmpeg (for summaries, which must not wait). */
  public synchronized boolean knownAvailable() {
    return available != null && available.succeeded() && available.result();
  }

  /** A JPEG of the frame at {@code seconds} of the video at {@code url}, or empty when ffmpeg cannot make one. */
  public Future<Optional<byte[]>> grab(String url, double seconds) {
    return available().compose(ok -> ok ? queued(() -> run(url, seconds)) : Future.succeededFuture(Optional.empty()));
  }

  private Future<Optional<byte[]>> queued(Supplier<Future<Optional<byte[]>>> task) {
    io.vertx.core.Promise<Optional<byte[]>> promise = io.vertx.core.Promise.promise();
    Runnable start = () -> task.get().onComplete(done -> {
      promise.handle(done);
      Runnable next;
      synchronized (this) {
        running--;
        next = queue.pollFirst();
        if (next != null) {
          running++;
        }
      }
      if (next != null) {
        next.run();
      }
    });
    boolean now;
    synchronized (this) {
      if (running < MAX_RUNNING) {
        running++;
        now = true;
      } else if (queue.size() < MAX_QUEUED) {
        queue.addLast(start);
        now = false;
      } else {
        return Future.succeededFuture(Optional.empty());
      }
    }
    if (now) {
      start.run();
    }
    return promise.future();
  }

  private Future<Optional<byte[]>> run(String url, double seconds) {
    List<String> args = List.of(command, "-hide_banner", "-loglevel", "error", "-nostdin",
        // -ss before -i: ffmpeg seeks in the input (a range request) instead of decoding up to the frame.
        "-ss", String.format(Locale.ROOT, "%.3f", Math.max(0, seconds)),
        "-i", url, "-map", "0:v:0", "-frames:v", "1", "-an", "-sn",
        "-vf", "scale='min(" + WIDTH + ",iw)':-2", "-q:v", "5", "-f", "image2pipe", "-c:v", "mjpeg", "-");
    return vertx.executeBlocking(() -> {
      Process process = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      // A stalled source must not hold a worker and a slot for ever: the watchdog ends the process, which ends the
      // read below.
      long watchdog = vertx.setTimer(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS), id -> process.destroyForcibly());
      try {
        byte[] jpeg = readBounded(process.getInputStream());
        process.waitFor();
        return process.exitValue() == 0 && jpeg.length > 2 ? Optional.of(jpeg) : Optional.<byte[]>empty();
      } finally {
        vertx.cancelTimer(watchdog);
        process.destroyForcibly();
      }
    }, false).otherwise(Optional.empty());
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out.size() + n > MAX_JPEG_BYTES) {
        throw new IOException("frame larger than " + MAX_JPEG_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
