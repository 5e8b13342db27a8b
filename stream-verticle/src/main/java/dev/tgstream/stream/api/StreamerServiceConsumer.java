package dev.tgstream.stream.api;

import dev.tgstream.stream.link.Disposition;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Answers {@link StreamerService} calls arriving on the event bus at {@link StreamerService#ADDRESS}. A request is a
 * JSON object {@code {action, fileId?, disposition?, ttl?}}; failures reply with the service's failure codes.
 */
public final class StreamerServiceConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(StreamerServiceConsumer.class);

  public static final String DESCRIBE = "describe";
  public static final String WARM = "warm";
  public static final String LINK = "link";
  public static final String STATS = "stats";

  private final StreamerService service;

  public StreamerServiceConsumer(StreamerService service) {
    this.service = service;
  }

  public Future<MessageConsumer<JsonObject>> register(EventBus bus) {
    MessageConsumer<JsonObject> consumer = bus.consumer(StreamerService.ADDRESS, this::handle);
    return consumer.completion().map(consumer);
  }

  private void handle(Message<JsonObject> msg) {
    String action = "";
    Future<Object> result;
    try {
      JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
      action = body.getString("action", "");
      result = dispatch(action, body);
    } catch (IllegalArgumentException | ClassCastException e) {
      msg.fail(StreamerService.BAD_REQUEST, "bad streamer request: " + e.getMessage());
      return;
    }
    String what = action;
    result.onSuccess(msg::reply).onFailure(err -> {
      StreamerException se = LocalStreamerService.toStreamerException(err);
      if (se.code() >= 500) {
        LOG.warn("streamer {} failed: {}", what, se.getMessage());
      }
      msg.fail(se.code(), se.getMessage());
    });
  }

  private Future<Object> dispatch(String action, JsonObject body) {
    return switch (action) {
      case DESCRIBE -> service.describe(requireFileId(body)).map(MediaFileJson::toJson);
      case WARM -> service.warm(requireFileId(body)).map(v -> new JsonObject());
      case LINK -> service.link(requireFileId(body),
              Disposition.valueOf(body.getString("disposition", "INLINE").toUpperCase(Locale.ROOT)),
              body.getLong("ttl", 12 * 3600L))
          .map(path -> new JsonObject().put("path", path));
      case STATS -> service.stats().map(j -> j);
      default -> throw new IllegalArgumentException("unknown action '" + action + "'");
    };
  }

  private static String requireFileId(JsonObject body) {
    String id = body.getString("fileId");
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("fileId is required");
    }
    return id;
  }
}
