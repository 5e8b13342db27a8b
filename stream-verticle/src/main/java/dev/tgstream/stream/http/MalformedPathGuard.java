package dev.tgstream.stream.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of a router: a path with a broken percent-escape ({@code /stream/%xv}) makes Vert.x Web's route
 * matching throw, which it logs as an ERROR with a stack trace for every such request, so any client could fill the
 * log. Such a request is answered 400 here, with one short debug line, before the router sees it.
 */
public final class MalformedPathGuard implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(MalformedPathGuard.class);
  private static final String BODY = "{\"status\":400,\"error\":\"the path has an invalid percent-escape\"}";

  private final Handler<HttpServerRequest> next;

  public MalformedPathGuard(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path != null && !hasValidEscapes(path)) {
      LOG.debug("400 for a path with an invalid percent-escape from {}", request.remoteAddress());
      request.response().setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(BODY);
      return;
    }
    next.handle(request);
  }

  /** Every {@code %} is followed by two hex digits (RFC 3986 pct-encoded). */
  static boolean hasValidEscapes(String path) {
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
