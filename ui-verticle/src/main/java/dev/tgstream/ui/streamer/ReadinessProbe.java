package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;

/**
 * Probes the remote streamer's {@code GET /health/ready}: any 2xx means it is ready (its source answers), anything
 * else, no connection or no answer in time means not yet. No signature: the endpoint is public, and the probe must
 * not depend on the clocks or secrets that a control call checks.
 */
public final class ReadinessProbe implements RemoteProbe {

  private final WebClient client;
  private final String url;
  private final long timeoutMs;

  public ReadinessProbe(WebClient client, String remoteBase, long timeoutMs) {
    this.client = client;
    this.url = remoteBase + "/health/ready";
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Void> check() {
    return client.getAbs(url).timeout(timeoutMs).send().compose(resp -> resp.statusCode() / 100 == 2
        ? Future.succeededFuture()
        : Future.failedFuture(new StreamerException(StreamerService.UNAVAILABLE,
            "/health/ready answered " + resp.statusCode())));
  }

  @Override
  public String target() {
    return url;
  }
}
