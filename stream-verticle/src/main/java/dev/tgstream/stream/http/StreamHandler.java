package dev.tgstream.stream.http;

import dev.tgstream.stream.engine.RangeTransfer;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.ByteRangeRequest.ByteRange;
import dev.tgstream.stream.http.ByteRangeRequest.Outcome;
import dev.tgstream.stream.link.InvalidLinkException;
import dev.tgstream.stream.link.LinkClaims;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves {@code GET|HEAD {prefix}/{token}/{filename}}: the one streaming implementation behind both /stream
 * (StreamVerticle) and /raw-stream (UI). The token is the capability, so no session is needed. Range and precondition
 * decisions come from {@link ByteRangeRequest}; bytes come from the {@link StreamEngine}, except that a single range
 * (or the whole file) of a file the gateway holds complete on local disk ({@link TelegramGateway#localRegion}) goes
 * from that file to the socket by sendfile, with exactly the same status and headers: no part reads, no buffers.
 */
public final class StreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.tgstream.access");

  static final String EXPOSED_HEADERS = "Content-Range, Accept-Ranges, Content-Length, ETag, Content-Disposition, Last-Modified";
  static final String ALLOWED_REQUEST_HEADERS = "Range, If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since, If-Range";

  private final LinkSigner signer;
  private final TelegramGateway gateway;
  private final StreamEngine engine;
  private final boolean accessLog;

  public StreamHandler(LinkSigner signer, TelegramGateway gateway, StreamEngine engine) {
    this(signer, gateway, engine, true);
  }

  private StreamHandler(LinkSigner signer, TelegramGateway gateway, StreamEngine engine, boolean accessLog) {
    this.signer = signer;
    this.gateway = gateway;
    this.engine = engine;
    this.accessLog = accessLog;
  }

  /** The same handler without access lines: for the start-up warm-up's synthetic requests, which are no one's traffic. */
  public StreamHandler withoutAccessLog() {
    return new StreamHandler(signer, gateway, engine, false);
  }

  /** Mounts GET, HEAD and the CORS preflight for {@code prefix + "/:token/:filename"}. */
  public static void mount(Router router, String prefix, StreamHandler handler) {
    String path = prefix + "/:token/:filename";
    router.route(HttpMethod.GET, path).handler(handler::handle);
    router.route(HttpMethod.HEAD, path).handler(handler::handle);
    router.route(HttpMethod.OPTIONS, path).handler(StreamHandler::handlePreflight);
    // A token without a file name is accepted too (some players strip the last segment).
    router.route(HttpMethod.GET, prefix + "/:token").handler(handler::handle);
    router.route(HttpMethod.HEAD, prefix + "/:token").handler(handler::handle);
    router.route(HttpMethod.OPTIONS, prefix + "/:token").handler(StreamHandler::handlePreflight);
  }

  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse res = ctx.response();
    AccessLine access = new AccessLine(req, res);
    AtomicReference<RangeTransfer> current = new AtomicReference<>();
    // Called once, when the response ends or the connection closes first (the client went away: stop every read
    // made for it). Through the routing context, so other handlers' end hooks keep working.
    ctx.addEndHandler(ar -> {
      RangeTransfer t = current.get();
      if (t != null && ar.failed()) {
        t.cancel();
      }
      if (accessLog) {
        access.log();
      }
    });
    addCors(res);
    ContentSafety.addHeaders(res.headers());

    LinkClaims claims;
    try {
      claims = signer.verify(ctx.pathParam("token"));
    } catch (InvalidLinkException e) {
      sendError(res, 403, e.getMessage());
      return;
    }
    if (req.method() == HttpMethod.GET && gateway.localCopies() != LocalCopies.ALL) {
      // A cold first byte would pay the describe's round trip and then the head piece's: start the head piece now.
      // Not when every file is on local disk: there is no round trip to hide, and the bytes go by sendfile.
      RangeStartHint.of(req.getHeader("Range")).ifPresent(start -> engine.anticipate(claims.fileId(), start));
    }
    gateway.file(claims.fileId()).onComplete(ar -> {
      if (ar.failed()) {
        GatewayException.Kind kind = GatewayException.kindOf(ar.cause());
        if (kind == GatewayException.Kind.NOT_FOUND) {
          sendError(res, 404, "no such file");
        } else {
          LOG.warn("describe failed for file {}: {}", claims.fileId(), ar.cause().toString());
          sendError(res, 502, "the source failed to describe the file");
        }
        return;
      }
      try {
        respond(req, res, claims, ar.result(), current);
      } catch (RuntimeException e) {
        // A metadata value headers cannot carry (a control character in a MIME type, an absurd date): a real fault.
        LOG.error("cannot answer for file {}: {}", claims.fileId(), e.toString());
        if (!res.headWritten()) {
          res.headers().clear();
          addCors(res);
          ContentSafety.addHeaders(res.headers());
          sendError(res, 500, "the file's metadata cannot be served");
        } else {
          req.connection().close();
        }
      }
    });
  }

  private void respond(HttpServerRequest req, HttpServerResponse res, LinkClaims claims, MediaFile file,
                       AtomicReference<RangeTransfer> current) {
    if (res.closed()) {
      return;
    }
    Instant lastModified = file.date().truncatedTo(ChronoUnit.SECONDS);
    ByteRangeRequest.Resource resource = new ByteRangeRequest.Resource(file.size(), file.etag(), lastModified);
    Outcome outcome = ByteRangeRequest.evaluate(conditions(req), resource);

    MultiMap h = res.headers();
    h.set("Accept-Ranges", "bytes");
    h.set("ETag", file.etag());
    h.set("Last-Modified", HttpDates.format(lastModified));
    h.set(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
    boolean head = req.method() == HttpMethod.HEAD;

    if (outcome instanceof ByteRangeRequest.NotModified) {
      res.setStatusCode(304).end();
    } else if (outcome instanceof ByteRangeRequest.PreconditionFailed) {
      sendError(res, 412, "precondition failed: the file has changed");
    } else if (outcome instanceof ByteRangeRequest.Unsatisfiable) {
      h.set("Content-Range", "bytes */" + file.size());
      sendError(res, 416, "range not satisfiable for a file of " + file.size() + " bytes");
    } else {
      h.set(HttpHeaders.CONTENT_TYPE, file.mime());
      h.set("Content-Disposition", ContentDisposition.header(
          ContentSafety.disposition(claims.disposition(), file.mime()), file.name()));
      if (outcome instanceof ByteRangeRequest.Single single) {
        ByteRange r = single.range();
        h.set("Content-Range", r.contentRange(file.size()));
        sendRange(req, res.setStatusCode(206), head, file, r, current);
      } else if (outcome instanceof ByteRangeRequest.Multi multi) {
        MultipartByteranges body = MultipartByteranges.create(multi.ranges(), file.mime(), file.size());
        h.set(HttpHeaders.CONTENT_TYPE, body.contentType());
        sendRanges(req, res.setStatusCode(206), head, file, multi.ranges(), body, current);
      } else {
        sendRange(req, res.setStatusCode(200), head, file, new ByteRange(0, file.size() - 1), current);
      }
    }
  }

  /**
   * One range (or the whole file), headers already set but Content-Length: from the file's local region when the
   * gateway offers one, else through the engine. HEAD and empty bodies need no bytes, so no region either.
   */
  private void sendRange(HttpServerRequest req, HttpServerResponse res, boolean head, MediaFile file, ByteRange r,
                         AtomicReference<RangeTransfer> current) {
    // sendfile is an HTTP/1.x path: on HTTP/2 (h2c, e.g. Java's HttpClient upgrades) Vert.x's file send fails the
    // stream, so those responses go through the engine like every other byte.
    if (head || file.size() == 0 || gateway.localCopies() == LocalCopies.NONE
        || req.version() == HttpVersion.HTTP_2) {
      sendRanges(req, res, head, file, List.of(r), null, current);
      return;
    }
    gateway.localRegion(file).onComplete(ar -> {
      if (ar.succeeded() && ar.result().isPresent()) {
        sendRegion(req, res, file, r, ar.result().get());
      } else if (ar.failed() && GatewayException.kindOf(ar.cause()) == GatewayException.Kind.NOT_FOUND) {
        // Deleted since it was described: what a describe now says, without the headers of the file that was.
        if (!res.closed() && !res.headWritten()) {
          res.headers().remove("Accept-Ranges").remove("ETag").remove("Last-Modified")
              .remove(HttpHeaders.CACHE_CONTROL).remove("Content-Range").remove("Content-Disposition");
          sendError(res, 404, "no such file");
        }
      } else {
        if (ar.failed()) {
          LOG.debug("no local region for file {} ({}): reading parts", file.id(), ar.cause().toString());
        }
        sendRanges(req, res, head, file, List.of(r), null, current);
      }
    });
  }

  /**
   * Sends bytes [r.first, r.last] of the region by sendfile and closes it. A send that fails after the head went out
   * (the client left, the file was cut short under it) closes the connection, so a response never ends short while
   * its headers claim success.
   */
  private void sendRegion(HttpServerRequest req, HttpServerResponse res, MediaFile file, ByteRange r,
                          LocalRegion region) {
    if (res.closed()) {
      region.close();
      return;
    }
    res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(r.length()));
    Future<Void> sent;
    try {
      sent = res.sendFile(region.channel(), r.first(), r.length());
    } catch (RuntimeException e) {
      // The connection closed between the check and the send.
      sent = Future.failedFuture(e);
    }
    sent.onComplete(ar -> {
      if (ar.succeeded()) {
        region.close();
        engine.countLocalFileSend(r.length());
        return;
      }
      // Mostly a client that went away (seek, stop): not a fault. A file cut short under the send is one.
      if (shorterThan(region, r.last() + 1)) {
        LOG.warn("file {} shrank while being sent ({}-{}): {}", file.id(), r.first(), r.last(), ar.cause().toString());
      } else {
        LOG.debug("send of file {} ended early ({}-{}): {}", file.id(), r.first(), r.last(), ar.cause().toString());
      }
      region.close();
      req.connection().close();
    });
  }

  private static boolean shorterThan(LocalRegion region, long end) {
    try {
      return region.channel().size() < end;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /**
   * Writes the ranges one after another (with multipart delimiters when {@code multipart} is set). A read that fails
   * mid-way closes the connection, so a response never ends short while its headers claim success.
   */
  private void sendRanges(HttpServerRequest req, HttpServerResponse res, boolean head, MediaFile file,
                          List<ByteRange> ranges, MultipartByteranges multipart, AtomicReference<RangeTransfer> current) {
    long length = multipart != null ? multipart.contentLength() : (file.size() == 0 ? 0 : ranges.get(0).length());
    res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    if (head || length == 0) {
      res.end();
      return;
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange r = ranges.get(i);
      Buffer partHeader = multipart != null ? multipart.partHeader(i) : null;
      chain = chain.compose(v -> {
        if (res.closed()) {
          return Future.failedFuture(new ClientGoneException());
        }
        Future<Void> written = partHeader != null ? res.write(partHeader) : Future.succeededFuture();
        return written.compose(w -> {
          RangeTransfer t = engine.transfer(file, r.first(), r.length(), res);
          current.set(t);
          if (res.closed()) {
            // Closed while the part header was being written: the end hook may have run before the set.
            t.cancel();
          }
          return t.result();
        });
      });
    }
    if (multipart != null) {
      chain = chain.compose(v -> res.write(multipart.closing()));
    }
    chain.onSuccess(v -> res.end()).onFailure(err -> {
      // A cancelled transfer is a client that went away (seek, stop, next page): not a fault.
      if (!(err instanceof ClientGoneException) && !(err instanceof CancellationException) && !res.closed()) {
        RangeTransfer t = current.get();
        LOG.error("stream of file {} failed ({}): {}", file.id(),
            t != null ? t : "before range " + ranges.get(0).first() + "-" + ranges.get(0).last(), err.toString());
      }
      if (!res.headWritten() && !res.closed() && !(err instanceof CancellationException)) {
        // Nothing sent yet: a status says what happened better than a reset connection.
        res.headers().remove("Content-Range").remove("Content-Disposition").remove(HttpHeaders.CONTENT_LENGTH);
        boolean flood = GatewayException.kindOf(err) == GatewayException.Kind.FLOOD_WAIT;
        if (flood) {
          res.putHeader("Retry-After", Integer.toString(((GatewayException) err).retryAfterSeconds()));
        }
        sendError(res, flood ? 503 : 502, "the source failed to deliver the file");
        return;
      }
      // Cut the connection: the client sees a truncated body, never a short 206 presented as complete.
      req.connection().close();
    });
  }

  static ByteRangeRequest.Conditions conditions(HttpServerRequest req) {
    MultiMap h = req.headers();
    return new ByteRangeRequest.Conditions(req.method().name(), h.get("Range"), h.get("If-Match"),
        h.get("If-None-Match"), h.get("If-Modified-Since"), h.get("If-Unmodified-Since"),
        h.get("If-Range"));
  }

  static void handlePreflight(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    addCors(res);
    res.putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        .putHeader("Access-Control-Allow-Headers", ALLOWED_REQUEST_HEADERS)
        .putHeader("Access-Control-Max-Age", "86400")
        .setStatusCode(204)
        .end();
  }

  private static void addCors(HttpServerResponse res) {
    // The signed token is the capability, so any origin may embed the media.
    res.putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }

  private static void sendError(HttpServerResponse res, int status, String message) {
    if (res.closed() || res.ended()) {
      return;
    }
    Buffer body = new JsonObject().put("status", status).put("error", message).toBuffer();
    res.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
        .end(body);
  }

  /** One access line per request, whichever of end and close comes first; what client tests read. */
  private static final class AccessLine {
    private final HttpServerRequest req;
    private final HttpServerResponse res;
    private final long startedNanos = System.nanoTime();
    private boolean logged;

    AccessLine(HttpServerRequest req, HttpServerResponse res) {
      this.req = req;
      this.res = res;
    }

    void log() {
      if (logged || !ACCESS.isInfoEnabled()) {
        return;
      }
      logged = true;
      String range = req.getHeader("Range");
      // Before the head is written the status is only Vert.x's default: say so rather than claim 200.
      String status = res.headWritten() ? Integer.toString(res.getStatusCode()) : "-";
      ACCESS.info("access method={} path={} range={} status={} bytes={} ms={} {}", req.method(), req.path(),
          range == null ? "-" : range.replace(' ', '_'), status, res.bytesWritten(),
          (System.nanoTime() - startedNanos) / 1_000_000, res.ended() && !res.closed() ? "done" : "closed");
    }
  }

  /** The client went away between two ranges; not an error worth a log line. */
  private static final class ClientGoneException extends RuntimeException {
    ClientGoneException() {
      super("client gone", null, false, false);
    }
  }
}
