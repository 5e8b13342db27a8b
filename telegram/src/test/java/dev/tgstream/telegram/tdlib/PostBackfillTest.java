package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
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
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tgstream.telegram.tdlib.ChannelPostIndexTest.file;
import static dev.tgstream.telegram.tdlib.ChannelPostIndexTest.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class PostBackfillTest {

  /** A channel of posts 1..last where every third post has media; records the batches asked for. */
  static final class Channel implements PostBackfill.PostFetcher {
    final long last;
    final List<List<Long>> batches = new ArrayList<>();

    Channel(long last) {
      this.last = last;
    }

    @Override
    public Future<Map<Long, MediaFile>> fetch(String channelId, List<Long> ids) {
      batches.add(ids);
      Map<Long, MediaFile> found = new HashMap<>();
      for (long id : ids) {
        if (id <= last && id % 3 == 0) {
          found.put(id, file(channelId, id, "post " + id + ".mp4", id, "video/mp4", null));
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
    index.observe("c", 25);
    backfill.run("c").onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(8, index.count("c"));
      assertEquals("post 24.mp4", names(index.files("c", FileQuery.all())).get(0));
      assertEquals(List.of(25L, 24L, 23L, 22L, 21L, 20L, 19L, 18L, 17L, 16L), channel.batches.get(0));
      assertEquals(3, channel.batches.size());
      assertTrue(index.complete("c"));
      ctx.completeNow();
    })));
  }

  @Test
  void onlyTheGapIsFetchedAfterDowntime(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    for (long id = 1; id <= 10; id++) {
      index.skip("c", id);
    }
    index.record("c", 15, file("c", 15, "new.mp4", 1, "video/mp4", null));
    Channel channel = new Channel(15);
    new PostBackfill(vertx, index, channel, 100, 1, 1).run("c").onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(List.of(List.of(14L, 13L, 12L, 11L)), channel.batches);
      assertEquals(2, index.count("c"), "12 found, 15 kept");
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
    index.observe("c", 6);
    new PostBackfill(vertx, index, flaky, 100, 1, 1).run("c").onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(3, calls.get());
      assertEquals(2, index.count("c"));
      ctx.completeNow();
    })));
  }

  @Test
  void aSecondRunJoinsTheFirst(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    Channel channel = new Channel(30);
    PostBackfill backfill = new PostBackfill(vertx, index, channel, 10, 1, 1);
    index.observe("c", 30);
    Future<Void> first = backfill.run("c");
    Future<Void> second = backfill.run("c");
    Future.all(first, second).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(3, channel.batches.size(), "no id asked twice");
      ctx.completeNow();
    })));
  }

  @Test
  void closeEndsARunThatWaits(Vertx vertx, VertxTestContext ctx) {
    ChannelPostIndex index = new ChannelPostIndex();
    PostBackfill backfill = new PostBackfill(vertx, index,
        (id, ids) -> Future.failedFuture(GatewayException.floodWait(3600)), 10, 1, 1);
    index.observe("c", 5);
    Future<Void> run = backfill.run("c");
    vertx.setTimer(1, t -> backfill.close());
    run.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertTrue(backfill.run("c").succeeded(), "closed: nothing more runs");
      assertEquals(0, index.count("c"));
      ctx.completeNow();
    })));
  }
}
