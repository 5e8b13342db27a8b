package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Opens t.me post links with TDLib's getMessageLinkInfo (which works for bots that administer the channel, where
 * listing history does not): public and private links alike, answered with the post's file. With the post index, the
 * opened post is also recorded there, so it is listed from then on and older posts get backfilled.
 */
public final class PostLinks implements MessageLinkResolver {

  private final Supplier<TdClient> client;
  private final LongPredicate channels;
  private final ChannelPostFeed feed;
  private final Duration timeout;

  /**
   * @param client   the client to ask, as it is at each call (the gateway's metadata client: it moves off a revoked bot)
   * @param channels which chats may be opened (the resolved CHANNEL_IDS: a link elsewhere is not ours to serve)
   * @param feed     the post index's feed, or null without one
   */
  public PostLinks(Supplier<TdClient> client, LongPredicate channels, ChannelPostFeed feed, Duration timeout) {
    this.client = client;
    this.channels = channels;
    this.feed = feed;
    this.timeout = timeout;
  }

  @Override
  public Future<MediaFile> open(MessageLink link) {
    // The thread does not change which post a link names (ids are unique per channel); TDLib wants the plain form.
    String url = new MessageLink(link.channel(), link.messageId(), OptionalLong.empty()).url();
    return MetadataCalls.call(client, c -> c.send(new JsonObject().put("@type", "getMessageLinkInfo").put("url", url),
            timeout))
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? GatewayException.notFound("no channel or post behind " + url) : err))
        .compose(info -> {
          long chatId = info.getLong("chat_id", 0L);
          if (chatId == 0 || !channels.test(chatId)) {
            return Future.failedFuture(GatewayException.notFound(url + " is not in one of the channels of CHANNEL_IDS"));
          }
          JsonObject message = info.getJsonObject("message");
          if (message == null) {
            return Future.failedFuture(GatewayException.notFound("no post " + link.messageId() + " in that channel "
                + "(deleted, or not visible to this account)"));
          }
          Optional<MappedMessage> mapped = feed != null ? feed.intake(message) : MessageMapper.map(message);
          return mapped.map(m -> Future.succeededFuture(m.file()))
              .orElseGet(() -> Future.failedFuture(GatewayException.notFound("post " + url + " holds no file")));
        });
  }
}
