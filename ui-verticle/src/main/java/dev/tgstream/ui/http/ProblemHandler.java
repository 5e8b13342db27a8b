package dev.tgstream.ui.http;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.telegram.GatewayException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failed request becomes a response: an {@code application/problem+json} body
 * {@code {status, title, detail, requestId}}. Handlers fail with {@code ctx.fail(statusOf(err), err)}; routing
 * failures (404, 405, 413 from the body limit) arrive here too. Faults (5xx) are logged with their stack trace and the
 * request id, and their detail never leaks internals; client errors (4xx) are logged at DEBUG without a trace.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  /** The HTTP status a failure stands for, where the handler did not pick one. */
  public static int statusOf(Throwable err) {
    if (err instanceof ApiProblem p) {
      return p.status();
    }
    if (err instanceof StreamerException s) {
      return s.code() >= 400 && s.code() <= 599 ? s.code() : 502;
    }
    if (err instanceof GatewayException g) {
      return switch (g.kind()) {
        case NOT_FOUND -> 404;
        case INVALID_REQUEST -> 400;
        case FLOOD_WAIT, UNAVAILABLE -> 503;
        case FILE_CHANGED -> 502;
      };
    }
    return 500;
  }

  /** Fails the request with the status {@link #statusOf} assigns to {@code err}. */
  public static void fail(RoutingContext ctx, Throwable err) {
    ctx.fail(statusOf(err), err);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable err = ctx.failure();
    int status = ctx.statusCode();
    if (status <= 0 || (status == 500 && err != null)) {
      // An exception thrown (not passed to ctx.fail with a status) still gets the status it stands for.
      status = statusOf(err);
    }
    String requestId = RequestId.of(ctx);
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    if (status >= 500) {
      log.error("[{}] {} {} failed with {}", requestId, method, path, status, err);
    } else if (log.isDebugEnabled()) {
      log.debug("[{}] {} {} -> {}: {}", requestId, method, path, status, err == null ? "" : err.getMessage());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Part of a body already went out: the only honest signal left is to cut the connection.
      response.reset();
      return;
    }
    JsonObject problem = new JsonObject()
        .put("status", status)
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("detail", detail(status, err, ctx))
        .put("requestId", requestId);
    int retryAfter = retryAfter(err);
    if (retryAfter > 0) {
      response.putHeader("Retry-After", Integer.toString(retryAfter));
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store");
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
    } else {
      response.end(problem.encode());
    }
  }

  private static String detail(int status, Throwable err, RoutingContext ctx) {
    if (err instanceof ApiProblem || err instanceof StreamerException) {
      return err.getMessage();
    }
    if (err instanceof GatewayException g) {
      return switch (g.kind()) {
        case NOT_FOUND -> "not found";
        case INVALID_REQUEST -> "invalid request: " + g.getMessage();
        case FLOOD_WAIT -> "Telegram asks us to slow down; try again in " + g.retryAfterSeconds() + " s";
        default -> "the source is unavailable right now; try again shortly";
      };
    }
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "sign in first";
      case 403 -> "forbidden";
      case 404 -> "no such resource: " + ctx.request().path();
      case 405 -> ctx.request().method().name() + " is not allowed on " + ctx.request().path();
      case 413 -> "the request body is too large";
      case 415 -> "unsupported content type";
      default -> status >= 500
          ? "an unexpected error occurred; quote request id " + RequestId.of(ctx) + " when reporting it"
          : HttpResponseStatus.valueOf(status).reasonPhrase();
    };
  }

  private static int retryAfter(Throwable err) {
    if (err instanceof ApiProblem p) {
      return p.retryAfterSeconds();
    }
    if (err instanceof GatewayException g && g.kind() == GatewayException.Kind.FLOOD_WAIT) {
      return Math.max(1, g.retryAfterSeconds());
    }
    return 0;
  }
}
