package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.MediaFileJson;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.api.StreamerServiceConsumer;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * The UI's client of the StreamVerticle over the event bus (role all, and the fallback engine of role ui). Every call
 * has a timeout; a missing or failing streamer becomes a {@link StreamerException} with the service's codes, never a
 * hang.
 */
public final class EventBusStreamer implements StreamerService {

  static final long DEFAULT_TIMEOUT_MS = 10_000;

  private final EventBus bus;
  private final DeliveryOptions options;

  public EventBusStreamer(EventBus bus) {
    this(bus, DEFAULT_TIMEOUT_MS);
  }

  public EventBusStreamer(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  @Override
  public Future<MediaFile> describe(String fileId) {
    return call(new JsonObject().put("action", StreamerServiceConsumer.DESCRIBE).put("fileId", fileId))
        .compose(json -> {
          try {
            return Future.succeededFuture(MediaFileJson.fromJson(json));
          } catch (RuntimeException e) {
            return Future.failedFuture(new StreamerException(UNAVAILABLE, "the streamer sent a malformed file", e));
          }
        });
  }

  @Override
  public Future<Void> warm(String fileId) {
    return call(new JsonObject().put("action", StreamerServiceConsumer.WARM).put("fileId", fileId)).mapEmpty();
  }

  @Override
  public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
    return call(new JsonObject().put("action", StreamerServiceConsumer.LINK).put("fileId", fileId)
        .put("disposition", disposition.name()).put("ttl", ttlSeconds))
        .map(reply -> reply.getString("path"));
  }

  @Override
  public Future<JsonObject> stats() {
    return call(new JsonObject().put("action", StreamerServiceConsumer.STATS));
  }

  private Future<JsonObject> call(JsonObject request) {
    return bus.<JsonObject>request(ADDRESS, request, options)
        .map(Message::body)
        .recover(err -> Future.failedFuture(toStreamerException(err)));
  }

  /** Maps each event bus failure type explicitly: a streamer's own failure keeps its code. */
  static StreamerException toStreamerException(Throwable err) {
    if (!(err instanceof ReplyException reply)) {
      return new StreamerException(UNAVAILABLE, "streamer call failed: " + err.getMessage(), err);
    }
    return switch (reply.failureType()) {
      case RECIPIENT_FAILURE -> new StreamerException(reply.failureCode(), reply.getMessage(), err);
      case NO_HANDLERS -> new StreamerException(UNAVAILABLE, "no streamer is running", err);
      case TIMEOUT -> new StreamerException(UNAVAILABLE, "the streamer did not answer in time", err);
      case ERROR -> new StreamerException(UNAVAILABLE, "streamer call failed: " + reply.getMessage(), err);
    };
  }
}
