package dev.tgstream.stream.control;

import dev.tgstream.stream.api.MediaFileJson;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;

/**
 * The streamer's HTTP control API: the {@link StreamerService} calls for a UI in another process (role ui), signed
 * with STREAM_SECRET ({@link ControlSignature}).
 *
 * <pre>
 * POST /control/describe  {"fileId"}                        200 MediaFileJson
 * POST /control/warm      {"fileId"}                        204
 * POST /control/link      {"fileId", "disposition", "ttl"}  200 {"path": "/stream/{token}/{name}"}
 * GET  /control/stats                                       200 engine counters
 * </pre>
 *
 * Every call carries {@code X-Tgstream-Timestamp} and {@code X-Tgstream-Signature}; missing, forged or stale → 401.
 * Failures are {@code application/problem+json} {@code {status, title, detail}} with the service's codes as statuses
 * (404, 400, 502, 503; anything unexpected 500); a malformed body or missing fileId is 400, an unknown control path
 * 404, a body over {@link #MAX_BODY_BYTES} 413. A 401 adds {@code reason}: MISSING, MALFORMED, FORGED (another
 * STREAM_SECRET) or STALE (clocks more than 30 s apart).
 *
 * <p>Link answers a path on this streamer's origin, not an absolute URL: the streamer often does not know its public
 * address (behind a proxy, without PUBLIC_URL), while the caller reached it by exactly that address (STREAMER_URL) and
 * prefixes it.
 */
public final class ControlApi {

  /** The {@code reason} of a 404 for a control path this streamer does not have (another tgstream version). */
  public static final String NO_SUCH_CALL = "NO_SUCH_CALL";

  public static final String PREFIX = "/control";
  public static final String DESCRIBE = PREFIX + "/describe";
  public static final String WARM = PREFIX + "/warm";
  public static final String LINK = PREFIX + "/link";
  public static final String STATS = PREFIX + "/stats";
  /** The type of every failure body; the client trusts a failure status only when it comes with it. */
  public static final String PROBLEM_CONTENT_TYPE = "application/problem+json";
  /** Requests are a file id and two options: anything bigger is not ours. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private final StreamerService service;
  private final ControlSignature signature;

  /**
   * @param service the streamer this process runs (the same LocalStreamerService the event bus consumer calls)
   * @param secret  STREAM_SECRET as loaded by SecretStore
   */
  public ControlApi(StreamerService service, byte[] secret, Clock clock) {
    this(service, new ControlSignature(secret, clock));
  }

  public ControlApi(StreamerService service, ControlSignature signature) {
    this.service = service;
    this.signature = signature;
  }

  public void mount(Router router) {
    String all = PREFIX + "/*";
    // The body is needed whole before anything else: its digest is part of the signature.
    router.route(all).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route(all).handler(new ControlAuth(signature));
    router.post(DESCRIBE).handler(this::describe);
    router.post(WARM).handler(this::warm);
    router.post(LINK).handler(this::link);
    router.get(STATS).handler(this::stats);
    router.route(all).handler(ctx -> ctx.fail(404));
    router.route(all).failureHandler(new ControlProblems());
  }

  private void describe(RoutingContext ctx) {
    ControlRequest request = parse(ctx);
    if (request != null) {
      service.describe(request.fileId())
          .onSuccess(file -> json(ctx, MediaFileJson.toJson(file)))
          .onFailure(err -> ControlProblems.fail(ctx, err));
    }
  }

  private void warm(RoutingContext ctx) {
    ControlRequest request = parse(ctx);
    if (request != null) {
      service.warm(request.fileId())
          .onSuccess(v -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
          .onFailure(err -> ControlProblems.fail(ctx, err));
    }
  }

  private void link(RoutingContext ctx) {
    ControlRequest request = parse(ctx);
    if (request != null) {
      service.link(request.fileId(), request.disposition(), request.ttlSeconds())
          .onSuccess(path -> json(ctx, new JsonObject().put("path", path)))
          .onFailure(err -> ControlProblems.fail(ctx, err));
    }
  }

  private void stats(RoutingContext ctx) {
    service.stats()
        .onSuccess(stats -> json(ctx, stats))
        .onFailure(err -> ControlProblems.fail(ctx, err));
  }

  /** The parsed body, or null after failing the call with 400. */
  private static ControlRequest parse(RoutingContext ctx) {
    try {
      return ControlRequest.parse(ctx.body().buffer());
    } catch (StreamerException e) {
      ControlProblems.fail(ctx, e);
      return null;
    }
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
