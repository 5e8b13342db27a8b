package dev.tgstream.telegram;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataCacheTest {

  /** A source that counts lookups and knows one file. */
  static final class CountingSource implements TelegramGateway {
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
  void boundedByEntries() {
    CountingSource source = new CountingSource();
    MetadataCache cache = new MetadataCache(source, new MovableClock(), 60_000, 1);
    cache.file("a");
    cache.file("missing");
    cache.file("a");
    assertEquals(3, source.lookups.get());
  }
}
