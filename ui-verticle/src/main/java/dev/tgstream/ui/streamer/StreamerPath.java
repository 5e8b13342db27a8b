package dev.tgstream.ui.streamer;

import java.util.Optional;

/**
 * The little the UI's HTTP side may know about the path to its streamer, without knowing the transport: whether a
 * {@code /raw-stream} request goes to a remote streamer right now, and that remote's state for health and the admin
 * view. Colocated there is no remote: everything is served here.
 */
public interface StreamerPath {

  /** Role all: no remote streamer; /raw-stream is always served by the local engine. */
  StreamerPath COLOCATED = new StreamerPath() {
    @Override
    public Optional<String> remoteUrl(String streamPath) {
      return Optional.empty();
    }

    @Override
    public Optional<BreakerStatus> remoteStatus() {
      return Optional.empty();
    }
  };

  /**
   * The absolute URL on the remote streamer that should serve {@code streamPath} ({@code /stream/{token}/{name}},
   * percent-encoded as received) now, or empty to serve it here.
   */
  Optional<String> remoteUrl(String streamPath);

  /** The remote streamer's breaker, or empty when there is no remote. */
  Optional<BreakerStatus> remoteStatus();
}
