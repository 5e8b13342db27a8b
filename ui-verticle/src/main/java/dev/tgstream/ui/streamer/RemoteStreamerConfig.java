package dev.tgstream.ui.streamer;

import java.time.Duration;
import java.util.Objects;

/**
 * The remote streamer of a split deployment (role ui).
 *
 * @param url            STREAMER_URL: its public base URL, no trailing slash
 * @param secret         STREAM_SECRET: signs control calls, and the streamer's links verify on the UI too
 * @param requestTimeout STREAMER_TIMEOUT_MS: how long one HTTP call to the remote (control call or probe) may take
 * @param breaker        the circuit breaker around it
 */
public record RemoteStreamerConfig(String url, byte[] secret, Duration requestTimeout, BreakerConfig breaker) {

  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 2_000;

  public RemoteStreamerConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(breaker, "breaker");
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** Without the secret, so the config can be logged. */
  @Override
  public String toString() {
    return "RemoteStreamerConfig[url=" + url + ", requestTimeout=" + requestTimeout.toMillis() + " ms, breaker="
        + breaker + "]";
  }
}
