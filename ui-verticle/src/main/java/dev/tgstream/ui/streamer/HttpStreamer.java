package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.MediaFileJson;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.control.ControlApi;
import dev.tgstream.stream.control.ControlRequest;
import dev.tgstream.stream.control.ControlSignature;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The UI's client of a remote streamer over its HTTP control API ({@link ControlApi}, role ui → role stream), each
 * call signed with STREAM_SECRET ({@link ControlSignature}) and bounded by one timeout.
 *
 * <p>{@link #link} answers an absolute URL on the remote streamer: the control API answers a path on the streamer's
 * origin and this client prefixes the base URL it reached the streamer by (STREAMER_URL, the streamer's public URL).
 *
 * <p>Failures are {@link StreamerException}s, mapped explicitly: the streamer's own 404, 400, 502 and 503 (a problem
 * body from the control API) keep their code; 401 is UNAVAILABLE with a message naming the misconfiguration
 * (STREAM_SECRET differs, or the clocks do), logged once per episode; any other status, a status without the
 * streamer's problem body (a proxy's error page, e.g. a 404 for a wrong STREAMER_URL), a connection error, a timeout
 * or a malformed answer is UNAVAILABLE. Futures complete on the caller's context.
 */
public final class HttpStreamer implements StreamerService {

  private static final Logger LOG = LoggerFactory.getLogger(HttpStreamer.class);

  private final String baseUrl;
  private final ControlSignature signature;
  private final long timeoutMs;
  private final WebClient client;
  /** Set once a refused signature has been logged, cleared by the next success: one error line per episode. */
  private final AtomicBoolean refusalLogged = new AtomicBoolean();

  /**
   * @param baseUrl STREAMER_URL: an http or https origin ({@code https://streamer.example.com}, a trailing slash is
   *                ignored); a path, query or user info is refused because the streamer serves at its root
   * @param secret  STREAM_SECRET as loaded by SecretStore (the same bytes the streamer has)
   * @param timeout for each whole call (connect, send, answer); keep it well under the 30 s signature window
   */
  public HttpStreamer(Vertx vertx, String baseUrl, byte[] secret, Duration timeout) {
    this(vertx, baseUrl, secret, timeout, Clock.systemUTC());
  }

  public HttpStreamer(Vertx vertx, String baseUrl, byte[] secret, Duration timeout, Clock clock) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the streamer call timeout must be positive");
    }
    this.baseUrl = origin(baseUrl);
    this.signature = new ControlSignature(secret, clock);
    this.timeoutMs = timeout.toMillis();
    // A details page makes three calls and every user shares this client: a small pool would make calls queue, and
    // the queueing counts towards the timeout that opens the breaker.
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent("tgstream-ui")
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
  }

  /** The base URL links are made absolute with: STREAMER_URL without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public Future<MediaFile> describe(String fileId) {
    return call(HttpMethod.POST, ControlApi.DESCRIBE, ControlRequest.of(fileId).toJson().toBuffer())
        .compose(answer(r -> MediaFileJson.fromJson(r.bodyAsJsonObject())));
  }

  @Override
  public Future<Void> warm(String fileId) {
    return call(HttpMethod.POST, ControlApi.WARM, ControlRequest.of(fileId).toJson().toBuffer()).mapEmpty();
  }

  @Override
  public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
    Buffer body = new ControlRequest(fileId, disposition, ttlSeconds).toJson().toBuffer();
    return call(HttpMethod.POST, ControlApi.LINK, body).compose(answer(r -> {
      String path = r.bodyAsJsonObject().getString("path");
      if (path == null || !path.startsWith("/stream/")) {
        throw new IllegalArgumentException("not a stream path: " + path);
      }
      return baseUrl + path;
    }));
  }

  @Override
  public boolean mayServeRemotely() {
    return true;
  }

  @Override
  public Future<JsonObject> stats() {
    return call(HttpMethod.GET, ControlApi.STATS, null).compose(answer(r -> {
      JsonObject json = r.bodyAsJsonObject();
      if (json == null) {
        throw new IllegalArgumentException("no body");
      }
      return json;
    }));
  }

  /** Releases the client's connections. */
  public void close() {
    client.close();
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, Buffer body) {
    ControlSignature.Headers signed = signature.sign(method.name(), path, body == null ? null : body.getBytes());
    HttpRequest<Buffer> request = client.requestAbs(method, baseUrl + path)
        .connectTimeout(timeoutMs)
        .idleTimeout(timeoutMs)
        .putHeader(ControlSignature.TIMESTAMP_HEADER, signed.timestamp())
        .putHeader(ControlSignature.SIGNATURE_HEADER, signed.signature());
    Future<HttpResponse<Buffer>> sent = body == null
        ? request.send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(body);
    // The connect and idle timeouts free the connection; this one bounds the call as a whole (a streamer that
    // trickles bytes would never trip an idle timeout).
    return sent.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(transportFailure(err)))
        .compose(this::checkStatus);
  }

  private Future<HttpResponse<Buffer>> checkStatus(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 200 && response.statusCode() < 300) {
      refusalLogged.set(false);
      return Future.succeededFuture(response);
    }
    return Future.failedFuture(failureOf(response));
  }

  /** A 2xx answer read by {@code read}; anything unreadable is the streamer misbehaving, so UNAVAILABLE. */
  private <T> Function<HttpResponse<Buffer>, Future<T>> answer(Function<HttpResponse<Buffer>, T> read) {
    return response -> {
      try {
        return Future.succeededFuture(read.apply(response));
      } catch (RuntimeException e) {
        return Future.failedFuture(new StreamerException(UNAVAILABLE,
            "the streamer at " + baseUrl + " sent a malformed answer: " + e.getMessage(), e));
      }
    };
  }

  private StreamerException transportFailure(Throwable err) {
    if (err instanceof TimeoutException) {
      return new StreamerException(UNAVAILABLE,
          "the streamer at " + baseUrl + " did not answer within " + timeoutMs + " ms", err);
    }
    return new StreamerException(UNAVAILABLE, "the streamer at " + baseUrl + " is unreachable: " + err.getMessage(),
        err);
  }

  /** The failure a non-2xx answer stands for; only the streamer's own problem body carries a code through. */
  private StreamerException failureOf(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonObject problem = problemOf(response);
    if (problem == null) {
      return new StreamerException(UNAVAILABLE, "the streamer at " + baseUrl + " answered HTTP " + status
          + " without a control API problem body (is STREAMER_URL the streamer?)");
    }
    String detail = problem.getString("detail", "");
    return switch (status) {
      // A missing control call is a streamer of another version: a fault of the remote, not a missing file.
      case 404 -> ControlApi.NO_SUCH_CALL.equals(problem.getString("reason"))
          ? new StreamerException(UNAVAILABLE, "the streamer at " + baseUrl + " has no such control call (is it "
              + "another tgstream version?): " + detail)
          : new StreamerException(NOT_FOUND, detail);
      case 400 -> new StreamerException(BAD_REQUEST, detail);
      case 502 -> new StreamerException(SOURCE_FAILED, detail);
      case 503 -> new StreamerException(UNAVAILABLE, detail);
      case 401 -> refused(problem.getString("reason", ""), detail);
      default -> new StreamerException(UNAVAILABLE, "the streamer at " + baseUrl + " failed with HTTP " + status
          + ": " + detail);
    };
  }

  private StreamerException refused(String reason, String detail) {
    String message = "STALE".equals(reason)
        ? "the streamer at " + baseUrl + " refused our control call: the clocks of the UI and the streamer differ by "
            + "more than " + ControlSignature.DEFAULT_WINDOW.toSeconds() + " s (" + detail + ")"
        : "the streamer at " + baseUrl + " refused our control call: STREAM_SECRET differs between the UI and the "
            + "streamer; set the same value on both (" + detail + ")";
    if (refusalLogged.compareAndSet(false, true)) {
      LOG.error("{}", message);
    }
    return new StreamerException(UNAVAILABLE, message);
  }

  /** The body as the control API's problem, or null when the answer did not come from it. */
  private static JsonObject problemOf(HttpResponse<Buffer> response) {
    String type = response.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(ControlApi.PROBLEM_CONTENT_TYPE)) {
      return null;
    }
    try {
      JsonObject problem = response.bodyAsJsonObject();
      return problem != null && Integer.valueOf(response.statusCode()).equals(problem.getValue("status"))
          ? problem : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String origin(String url) {
    String hint = "STREAMER_URL must be an http(s) origin such as https://streamer.example.com, not '" + url + "'";
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(hint);
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(hint, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null || uri.getRawFragment() != null || !(path.isEmpty() || path.equals("/"))) {
      throw new IllegalArgumentException(hint);
    }
    return scheme + "://" + uri.getRawAuthority();
  }
}
