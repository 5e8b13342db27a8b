package dev.tgstream.stream.api;

import dev.tgstream.stream.engine.EngineStats;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The streamer in this process: the engine, its gateway and the link signer, called directly. */
public final class LocalStreamerService implements StreamerService {

  /** Links for external players live long (SPEC: default 12 h); never more than a week. */
  public static final long MAX_TTL_SECONDS = 7 * 24 * 3600L;

  private final TelegramGateway gateway;
  private final StreamEngine engine;
  private final LinkSigner signer;

  public LocalStreamerService(TelegramGateway gateway, StreamEngine engine, LinkSigner signer) {
    this.gateway = gateway;
    this.engine = engine;
    this.signer = signer;
  }

  @Override
  public Future<MediaFile> describe(String fileId) {
    return gateway.file(fileId).recover(err -> Future.failedFuture(toStreamerException(err)));
  }

  @Override
  public Future<Void> warm(String fileId) {
    return describe(fileId).compose(engine::warm).recover(err -> Future.failedFuture(toStreamerException(err)));
  }

  @Override
  public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      return Future.failedFuture(new StreamerException(BAD_REQUEST, "ttl must be between 1 and " + MAX_TTL_SECONDS + " seconds"));
    }
    return describe(fileId).map(file -> streamPath(signer.sign(file.id(), ttlSeconds, disposition), file.name()));
  }

  @Override
  public Future<JsonObject> stats() {
    return Future.succeededFuture(statsJson(engine.stats()));
  }

  /** Every counter of the engine, by its record component name. */
  public static JsonObject statsJson(EngineStats stats) {
    JsonObject json = new JsonObject();
    for (RecordComponent c : EngineStats.class.getRecordComponents()) {
      try {
        json.put(c.getName(), c.getAccessor().invoke(stats));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return json;
  }

  /** {@code /stream/{token}/{name}} with the name percent-encoded as one path segment. */
  public static String streamPath(String token, String fileName) {
    return "/stream/" + token + "/" + encodeSegment(fileName);
  }

  public static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static StreamerException toStreamerException(Throwable err) {
    if (err instanceof StreamerException s) {
      return s;
    }
    return switch (GatewayException.kindOf(err)) {
      case NOT_FOUND -> new StreamerException(NOT_FOUND, "no such file", err);
      case INVALID_REQUEST -> new StreamerException(BAD_REQUEST, err.getMessage(), err);
      default -> new StreamerException(SOURCE_FAILED, "the source failed: " + err.getMessage(), err);
    };
  }
}
