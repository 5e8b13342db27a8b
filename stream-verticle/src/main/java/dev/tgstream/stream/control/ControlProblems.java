package dev.tgstream.stream.control;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failed control call becomes a response: {@code application/problem+json}
 * {@code {status, title, detail}}, plus {@code reason} (MISSING, MALFORMED, FORGED, STALE) on a 401. The client trusts a status only when it comes with this body (a proxy's own 404 or
 * 502 page is not the streamer speaking), so every failure of a control route goes through here.
 */
final class ControlProblems implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlProblems.class);

  /**
   * The HTTP status of each streamer failure code, spelled out so a new code cannot slip through as itself; the
   * client maps these four back one for one (HttpStreamer).
   */
  static int statusOf(int code) {
    return switch (code) {
      case StreamerService.NOT_FOUND -> 404;
      case StreamerService.BAD_REQUEST -> 400;
      case StreamerService.SOURCE_FAILED -> 502;
      case StreamerService.UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  /** Fails the call with the status its failure stands for. */
  static void fail(RoutingContext ctx, Throwable err) {
    ctx.fail(err instanceof StreamerException s ? statusOf(s.code()) : 500, err);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable err = ctx.failure();
    int status = ctx.statusCode();
    if (err instanceof StreamerException s) {
      status = statusOf(s.code());
    } else if (err instanceof ControlAuthException) {
      status = 401;
    } else if (status < 400 || status > 599) {
      status = 500;
    }
    String call = ctx.request().method().name() + " " + ctx.request().path();
    if (status == 500) {
      LOG.error("control call {} failed", call, err);
    } else if (status >= 500) {
      // The source or the engine failing is worth a line; its stack trace is not (the message names the cause).
      LOG.warn("control call {} failed with {}: {}", call, status, err == null ? "" : err.getMessage());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", ControlApi.PROBLEM_CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem(status, err).encode());
  }

  private static JsonObject problem(int status, Throwable err) {
    JsonObject problem = new JsonObject()
        .put("status", status)
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("detail", detail(status, err));
    if (err instanceof ControlAuthException auth) {
      // Lets the UI tell a wrong STREAM_SECRET from clock skew without parsing prose.
      problem.put("reason", auth.reason().name());
    } else if (status == 404 && !(err instanceof StreamerException)) {
      // A call this streamer does not have (another tgstream version), not a file that is missing.
      problem.put("reason", ControlApi.NO_SUCH_CALL);
    }
    return problem;
  }

  private static String detail(int status, Throwable err) {
    if (status != 500 && (err instanceof StreamerException || err instanceof ControlAuthException)) {
      return err.getMessage();
    }
    return switch (status) {
      case 404 -> "no such control call";
      case 413 -> "the request body is too large";
      case 500 -> "the streamer failed unexpectedly; see its log";
      default -> HttpResponseStatus.valueOf(status).reasonPhrase();
    };
  }
}
