package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills a {@link ChannelPostIndex} with the posts a bot never saw arrive (history before it joined, posts made while
 * the service was down), fetching them by id in batches — getMessages works for bots where listing history does not.
 *
 * <p>One batch at a time per channel, newest first (what people look for first), paced so that a large channel does
 * not starve streaming reads of the same clients; FLOOD_WAIT is honoured with the wait the server names, other
 * failures retry after a pause (logged once per channel until a batch succeeds again).
 *
 * <p>Its own state lives on the context it was made on; {@link #run} and {@link #close} may be called from anywhere.
 */
public final class PostBackfill {

  /** Fetches posts by server message id: the media posts found; missing ids and posts without media are absent. */
  @FunctionalInterface
  public interface PostFetcher {
    Future<Map<Long, IndexedPost>> fetch(long chatId, List<Long> serverIds);
  }

  private static final Logger LOG = LoggerFactory.getLogger(PostBackfill.class);
  /** getMessages takes any number of ids, but Telegram's channels.getMessages answers at most 100 at once. */
  public static final int DEFAULT_BATCH = 100;

  private final Vertx vertx;
  private final Context context;
  private final ChannelPostIndex index;
  private final PostFetcher fetcher;
  private final int batch;
  private final long pauseMs;
  private final long retryMs;
  private final Map<Long, Promise<Void>> running = new HashMap<>();
  private final Set<Long> failing = new HashSet<>();
  private final Set<Long> timers = new HashSet<>();
  private boolean closed;

  /**
   * @param pauseMs between two batches of one channel
   * @param retryMs after a failed batch (other than FLOOD_WAIT, which names its own wait)
   */
  public PostBackfill(Vertx vertx, ChannelPostIndex index, PostFetcher fetcher, int batch, long pauseMs, long retryMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.index = index;
    this.fetcher = fetcher;
    this.batch = batch;
    this.pauseMs = pauseMs;
    this.retryMs = retryMs;
  }

  /**
   * Backfills a channel until every id up to its highest known post is checked; call again after
   * {@link ChannelPostIndex#observe} raised it (a call while running joins the run). Completes when the channel is
   * complete, or when closed.
   */
  public Future<Void> run(long chatId) {
    Promise<Void> result = Promise.promise();
    context.runOnContext(v -> runHere(chatId).onComplete(result));
    return result.future();
  }

  private Future<Void> runHere(long chatId) {
    Promise<Void> current = running.get(chatId);
    if (current != null) {
      return current.future();
    }
    Promise<Void> done = Promise.promise();
    if (closed) {
      done.complete();
      return done.future();
    }
    running.put(chatId, done);
    next(chatId, done);
    return done.future();
  }

  /** Stops every run (in-flight batches still land in the index). */
  public void close() {
    context.runOnContext(v -> closeHere());
  }

  private void closeHere() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    List.copyOf(running.values()).forEach(Promise::tryComplete);
    running.clear();
  }

  private void next(long chatId, Promise<Void> done) {
    if (closed) {
      done.tryComplete();
      return;
    }
    List<Long> ids = index.unchecked(chatId, batch);
    if (ids.isEmpty()) {
      running.remove(chatId, done);
      done.tryComplete();
      return;
    }
    fetcher.fetch(chatId, ids).onComplete(ar -> {
      if (ar.succeeded()) {
        if (failing.remove(chatId)) {
          LOG.info("Backfill of channel {} goes on", chatId);
        }
        for (Long id : ids) {
          IndexedPost post = ar.result().get(id);
          if (post != null) {
            index.record(chatId, id, post);
          } else {
            index.skip(chatId, id);
          }
        }
        later(pauseMs, () -> next(chatId, done));
        return;
      }
      Throwable err = ar.cause();
      long wait = err instanceof GatewayException g && g.kind() == GatewayException.Kind.FLOOD_WAIT
          ? g.retryAfterSeconds() * 1000L : retryMs;
      if (failing.add(chatId)) {
        LOG.warn("Backfill of channel {} paused for {} s: {}", chatId, Math.max(1, wait / 1000), err.getMessage());
      }
      later(wait, () -> next(chatId, done));
    });
  }

  private void later(long delayMs, Runnable action) {
    if (closed) {
      return;
    }
    long[] id = new long[1];
    id[0] = vertx.setTimer(Math.max(1, delayMs), t -> {
      timers.remove(id[0]);
      action.run();
    });
    timers.add(id[0]);
  }
}
