package dev.tgstream.telegram;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class MetadataCacheTest {

  /** A source that counts lookups and knows one file. */
  static class CountingSource implements TelegramGateway {
    final AtomicInteger lookups = new AtomicInteger();
    final MediaFile known = new MediaFile("a", "c", "a.mp4", 10, "video/mp4", MediaType.VIDEO, Instant.EPOCH, null,
        null, null, null, "u", false);

    public Future<List<Channel>> channels() {
      return Future.succeededFuture(List.of());
    }

    public Future<FilePage> files(String channelId, FileQuery query) {
      return Future.succeededFuture(new FilePage(List.of(), null));
    }

    public Future<MediaFile> file(String fileId) {
      lookups.incrementAndGet();
      return fileId.equals("a") ? Future.succeededFuture(known) : Future.failedFuture(GatewayException.notFound(fileId));
    }

    public Future<Buffer> readPart(String fileId, long offset, int length) {
      return Future.succeededFuture(Buffer.buffer(new byte[length]));
    }

    public Future<Thumbnail> thumbnail(String fileId) {
      return Future.failedFuture(GatewayException.notFound(fileId));
    }
  }

  static final class MovableClock extends Clock {
    long millis;

    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @Test
  void answersFromMemoryUntilTheTtlPasses() {
    CountingSource source = new CountingSource();
    MovableClock clock = new MovableClock();
    MetadataCache cache = new MetadataCache(source, clock, 1000, 10);
    assertEquals(source.known, cache.file("a").result());
    assertEquals(source.known, cache.file("a").result());
    assertEquals(1, source.lookups.get());
    clock.millis = 1001;
    cache.file("a");
    assertEquals(2, source.lookups.get());
  }

  @Test
  void failuresAreNotRemembered() {
    CountingSource source = new CountingSource();
    MetadataCache cache = new MetadataCache(source, new MovableClock(), 1000, 10);
    assertTrue(cache.file("missing").failed());
    assertTrue(cache.file("missing").failed());
    assertEquals(2, source.lookups.get());
  }

  @Test
  void eachCallerIsCalledBackOnItsOwnContext(Vertx vertx, VertxTestContext ctx) {
    Promise<MediaFile> lookup = Promise.promise();
    CountingSource source = new CountingSource() {
      @Override
      public Future<MediaFile> file(String fileId) {
        lookups.incrementAndGet();
        return lookup.future();
      }
    };
    MetadataCache cache = new MetadataCache(source, new MovableClock(), 60_000, 10);
    Context first = vertx.getOrCreateContext();
    Context second = ((VertxInternal) vertx).createEventLoopContext();
    Checkpoint answered = ctx.checkpoint(2);
    first.runOnContext(v -> cache.file("a").onComplete(ar -> ctx.verify(() -> {
      assertSame(first, Vertx.currentContext());
      answered.flag();
    })));
    second.runOnContext(v -> cache.file("a").onComplete(ar -> ctx.verify(() -> {
      assertSame(second, Vertx.currentContext());
      assertEquals(1, source.lookups.get(), "one lookup shared by both callers");
      answered.flag();
    })));
    // Answer from a third thread, as a gateway's worker would.
    vertx.setTimer(50, id -> new Thread(() -> lookup.complete(source.known)).start());
  }

  @Test
  void whatTheSourceSaysChangedIsForgottenAtOnce() {
    List<java.util.function.Consumer<SourceChange>> listeners = new java.util.ArrayList<>();
    CountingSource source = new CountingSource() {
      @Override
      public void onChange(java.util.function.Consumer<SourceChange> listener) {
        listeners.add(listener);
      }
    };
    MetadataCache cache = new MetadataCache(source, new MovableClock(), 60_000, 10);
    List<SourceChange> seenAfterTheCache = new java.util.ArrayList<>();
    cache.onChange(seenAfterTheCache::add);
    cache.file("a");
    listeners.forEach(l -> l.accept(SourceChange.files(List.of("other"))));
    cache.file("a");
    assertEquals(1, source.lookups.get(), "a change of another file keeps this one");
    listeners.forEach(l -> l.accept(SourceChange.files(List.of("a"))));
    cache.file("a");
    assertEquals(2, source.lookups.get(), "forgotten within the TTL");
    listeners.forEach(l -> l.accept(SourceChange.everything()));
    cache.file("a");
    assertEquals(3, source.lookups.get());
    assertEquals(2, listeners.size(), "the cache's own listener, then the one registered through it");
    assertEquals(3, seenAfterTheCache.size());
  }

  @Test
  void boundedByEntries() {
    CountingSource source = new CountingSource();
    MetadataCache cache = new MetadataCache(source, new MovableClock(), 60_000, 1);
    cache.file("a");
    cache.file("missing");
    cache.file("a");
    assertEquals(3, source.lookups.get());
  }
}
