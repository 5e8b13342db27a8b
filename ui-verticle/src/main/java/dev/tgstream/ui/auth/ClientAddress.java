package dev.tgstream.ui.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client address used to throttle sign-ins. Behind Render's proxy every connection comes from the proxy, so the
 * address the proxy appended to {@code X-Forwarded-For} (the last one; earlier ones are whatever the client claimed)
 * is used when present. Without a proxy a client could vary that header to dodge the per-address limit, but never
 * the per-name limit.
 */
public final class ClientAddress {

  private ClientAddress() {
  }

  public static String of(HttpServerRequest request) {
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded != null) {
      int comma = forwarded.lastIndexOf(',');
      String last = (comma < 0 ? forwarded : forwarded.substring(comma + 1)).strip();
      if (!last.isEmpty() && last.length() <= 64) {
        return last;
      }
    }
    SocketAddress remote = request.remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
