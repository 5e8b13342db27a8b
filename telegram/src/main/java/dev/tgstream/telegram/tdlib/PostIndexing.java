package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Browsing with bots only, assembled: the {@link ChannelPostIndex} kept in DATA_DIR ({@link PostIndexFile}), fed by
 * the bots' updates ({@link #feed}), backfilled by getMessages ({@link PostBackfill}), and answering the gateway's
 * listings ({@link #source}). {@link #start} begins with the channels once the gateway has resolved CHANNEL_IDS.
 */
public final class PostIndexing {

  private static final Logger LOG = LoggerFactory.getLogger(PostIndexing.class);
  /** A burst of posts or a backfill batch is one write; a crash loses at most this much of the index. */
  static final long SAVE_DELAY_MS = 2_000;
  /** Between two backfill batches of a channel: polite to Telegram, and leaves the clients to streaming. */
  static final long BACKFILL_PAUSE_MS = 250;
  static final long BACKFILL_RETRY_MS = 30_000;

  private final PostIndexFile store;
  private final PostBackfill backfill;
  private final ChannelPostFeed feed;
  private final PostIndexSource source;
  private final Set<Long> channels;
  private final Duration timeout;

  private PostIndexing(PostIndexFile store, PostBackfill backfill, ChannelPostFeed feed, Set<Long> channels,
                       Duration timeout) {
    this.store = store;
    this.backfill = backfill;
    this.feed = feed;
    this.source = new PostIndexSource(store.index());
    this.channels = channels;
    this.timeout = timeout;
  }

  /**
   * Opens the index at {@code file}; {@code fetcher} gives the client whose getMessages backfills (a bot, asked at
   * each batch). Updates of chats not yet {@link #start started} are ignored, so nothing outside CHANNEL_IDS is ever
   * indexed.
   */
  public static Future<PostIndexing> open(Vertx vertx, Path file, Supplier<TdClient> fetcher, Duration timeout) {
    return open(vertx, file, ChannelPostFeed.getMessages(fetcher, timeout), timeout, BACKFILL_PAUSE_MS,
        BACKFILL_RETRY_MS);
  }

  static Future<PostIndexing> open(Vertx vertx, Path file, PostBackfill.PostFetcher fetcher, Duration timeout,
                                   long pauseMs, long retryMs) {
    return PostIndexFile.open(vertx, file, SAVE_DELAY_MS).map(store -> {
      Set<Long> channels = ConcurrentHashMap.newKeySet();
      PostBackfill backfill = new PostBackfill(vertx, store.index(), fetcher, PostBackfill.DEFAULT_BATCH, pauseMs,
          retryMs);
      ChannelPostFeed feed = new ChannelPostFeed(store.index(), backfill, channels::contains);
      return new PostIndexing(store, backfill, feed, channels, timeout);
    });
  }

  /** Wire to {@code TdlibGateway.Builder.alsoUpdates}. */
  public ChannelPostFeed feed() {
    return feed;
  }

  /** Wire to {@code TdlibGateway.Builder.messageSource}. */
  public MessageSource source() {
    return source;
  }

  /**
   * Indexes these channels: asks each for its last message (getChat) so the backfill knows where history ends, and
   * resumes any backfill a restart interrupted. Completes when asked, not when backfilled (that takes its time).
   */
  public Future<Void> start(TdClient client, List<Long> chatIds) {
    channels.addAll(chatIds);
    List<Future<Void>> asked = new ArrayList<>();
    for (long chatId : chatIds) {
      asked.add(client.send(new JsonObject().put("@type", "getChat").put("chat_id", chatId), timeout)
          .map(chat -> {
            feed.observeLast(chatId, chat);
            return (Void) null;
          })
          .recover(err -> {
            LOG.warn("Post index: could not ask channel {} for its last post ({}); it fills from new posts", chatId,
                err.getMessage());
            feed.observeLast(chatId, null);
            return Future.succeededFuture();
          }));
    }
    return Future.join(asked).mapEmpty();
  }

  /** Stops the backfill and saves the index. */
  public Future<Void> close() {
    backfill.close();
    return store.close();
  }
}
