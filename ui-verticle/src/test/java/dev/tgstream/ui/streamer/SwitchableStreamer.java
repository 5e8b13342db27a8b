package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in for the remote streamer: a real streamer service (links made absolute on {@code base}, as a remote's
 * are) that can be made to refuse connections or to hang, as a killed or a frozen (SIGSTOP) streamer does.
 */
public final class SwitchableStreamer implements StreamerService {

  public enum Mode { UP, REFUSE, HANG }

  private final StreamerService delegate;
  private final String base;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Mode mode = Mode.UP;

  public SwitchableStreamer(StreamerService delegate, String base) {
    this.delegate = delegate;
    this.base = base;
  }

  public SwitchableStreamer mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  /** Calls that reached this remote. */
  public int calls() {
    return calls.get();
  }

  @Override
  public Future<MediaFile> describe(String fileId) {
    return guard(() -> delegate.describe(fileId));
  }

  @Override
  public Future<Void> warm(String fileId) {
    return guard(() -> delegate.warm(fileId));
  }

  @Override
  public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
    return guard(() -> delegate.link(fileId, disposition, ttlSeconds).map(path -> base + path));
  }

  @Override
  public Future<JsonObject> stats() {
    return guard(delegate::stats);
  }

  private <T> Future<T> guard(Supplier<Future<T>> operation) {
    calls.incrementAndGet();
    return switch (mode) {
      case UP -> operation.get();
      case REFUSE -> Future.failedFuture(new StreamerException(UNAVAILABLE, "the streamer is unreachable",
          new ConnectException("Connection refused")));
      case HANG -> Promise.<T>promise().future();
    };
  }
}
