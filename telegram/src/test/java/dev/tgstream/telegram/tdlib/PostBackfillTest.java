package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tgstream.telegram.tdlib.ChannelPostIndexTest.names;
import static dev.tgstream.telegram.tdlib.IndexFixtures.CHAT;
import static dev.tgstream.telegram.tdlib.IndexFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class PostBackfillTest {

  /** A channel of posts 1..last where every third post has a file; records the batches asked for. */
  static final class Channel implements PostBackfill.PostFetcher {
    final long last;
    final List<List<Long>> batches = new CopyOnWriteArrayList<>();

    Channel(long last) {
      this.last = last;
    }

    @Override
    public Future<Map<Long, IndexedPost>> fetch(long chatId, List<Long> ids) {
      batches.add(new ArrayList<>(ids));
      Map<Long, IndexedPost> found = new HashMap<>();
      for (long id : ids) {
        if (id <= last && id % 3 == 0) {
          found.put(id, post(id, "post " + id + ".mp4", "video/mp4"));
        }
      }
      return Future.succeededFuture(found);
    }
  }

  @Test
  void backfillsEveryPostBelowTheNewestNewestFirstInBatches(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    Channel channel = new Channel(25);
    PostBackfill backfill = new PostBackfill(vertx, index, channel, 10, 1, 1);
    index.observe(CHAT, 25);
    backfill.run(CHAT).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(8, index.count(CHAT));
      assertEquals("post 24.mp4", names(index.search(CHAT, null, null, 0, 100)).get(0));
      assertEquals(List.of(25L, 24L, 23L, 22L, 21L, 20L, 19L, 18L, 17L, 16L), channel.batches.get(0));
      assertEquals(3, channel.batches.size());
      assertTrue(index.complete(CHAT));
      ctx.completeNow();
    })));
  }

  @Test
  void onlyTheGapIsFetchedAfterDowntime(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    for (long id = 1; id <= 10; id++) {
      index.skip(CHAT, id);
    }
    index.record(CHAT, 15, post(15, "new.mp4", "video/mp4"));
    Channel channel = new Channel(15);
    new PostBackfill(vertx, index, channel, 100, 1, 1).run(CHAT).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(List.of(List.of(14L, 13L, 12L, 11L)), channel.batches);
      assertEquals(2, index.count(CHAT), "12 found, 15 kept");
      ctx.completeNow();
    })));
  }

  @Test
  void floodWaitAndFailuresPauseAndResume(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    Channel channel = new Channel(6);
    AtomicInteger calls = new AtomicInteger();
    PostBackfill.PostFetcher flaky = (id, ids) -> switch (calls.incrementAndGet()) {
      case 1 -> Future.failedFuture(GatewayException.floodWait(0));
      case 2 -> Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, "network"));
      default -> channel.fetch(id, ids);
    };
    index.observe(CHAT, 6);
    new PostBackfill(vertx, index, flaky, 100, 1, 1).run(CHAT).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(3, calls.get());
      assertEquals(2, index.count(CHAT));
      ctx.completeNow();
    })));
  }

  @Test
  void aSecondRunJoinsTheFirst(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    Channel channel = new Channel(30);
    PostBackfill backfill = new PostBackfill(vertx, index, channel, 10, 1, 1);
    index.observe(CHAT, 30);
    Future<Void> first = backfill.run(CHAT);
    Future<Void> second = backfill.run(CHAT);
    Future.all(first, second).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(3, channel.batches.size(), "no id asked twice");
      ctx.completeNow();
    })));
  }

  @Test
  void closeEndsARunThatWaits(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<PostBackfill> self = new java.util.concurrent.atomic.AtomicReference<>();
    PostBackfill backfill = new PostBackfill(vertx, index, (id, ids) -> {
      calls.incrementAndGet();
      // Closed right after the server says to wait an hour: the run must end now, not wait it out.
      vertx.runOnContext(v -> self.get().close());
      return Future.failedFuture(GatewayException.floodWait(3600));
    }, 10, 1, 1);
    self.set(backfill);
    index.observe(CHAT, 5);
    Future<Void> run = backfill.run(CHAT);
    run.compose(v -> backfill.run(CHAT)).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(1, calls.get(), "closed: nothing more runs");
      assertEquals(0, index.count(CHAT));
      ctx.completeNow();
    })));
  }
}
