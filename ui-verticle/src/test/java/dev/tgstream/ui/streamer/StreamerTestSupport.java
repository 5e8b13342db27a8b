package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerService;
import io.vertx.core.Vertx;

/** Opens the factory's test seam to tests in other packages. */
public final class StreamerTestSupport {

  private StreamerTestSupport() {
  }

  /** The split wiring of {@link StreamerFactory} with {@code remote} in place of the HTTP client. */
  public static Streamers split(Vertx vertx, RemoteStreamerConfig config, StreamerService remote, RemoteProbe probe) {
    return StreamerFactory.split(vertx, config, remote, probe, null, () -> { });
  }
}
