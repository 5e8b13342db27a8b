package dev.tgstream.stream.http;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MetadataCache;
import dev.tgstream.telegram.SourceChange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Streams of a library that changes under the server, wired as the app wires it (the library gateway behind a
 * {@link MetadataCache} whose TTL outlasts the test, the engine with its part cache): once the watcher announces a
 * change, a deleted file's link answers 404 (not 502, not cached bytes) and a replaced file is served from its new bytes
 * only, never from parts cached for the old ones. Each test waits for the announcement, never for a clock.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class LibraryChangesStreamTest {

  private static final int SIZE = 3 * 1024 * 1024 + 99;

  @TempDir
  Path library;

  private StreamServerFixture fixture;
  private WebClient client;
  private byte[] original;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) throws IOException {
    original = StreamServerFixture.writeRandomFile(library, "movies", "movie.mp4", SIZE, 1);
    fixture = new StreamServerFixture(library);
    fixture.start(vertx, lib -> new MetadataCache(lib, Clock.systemUTC(), 3_600_000, 100), EngineConfig.defaults())
        .onComplete(ctx.succeeding(f -> {
          client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
              .setDefaultPort(f.port()));
          ctx.completeNow();
        }));
  }

  /** Completes when the source announces a change of {@code file}; register it before changing the disk. */
  private Future<SourceChange> changeOf(MediaFile file) {
    Promise<SourceChange> seen = Promise.promise();
    fixture.gateway.onChange(change -> {
      if (change.affects(file.id())) {
        seen.tryComplete(change);
      }
    });
    return seen.future();
  }

  private Future<HttpResponse<Buffer>> get(MediaFile file) {
    return client.get(fixture.path(file, Disposition.INLINE)).send();
  }

  @Test
  void aDeletedFileAnswers404NotCachedBytes(VertxTestContext ctx) {
    fixture.file("movie.mp4").compose(file -> get(file).compose(first -> {
      ctx.verify(() -> {
        assertEquals(200, first.statusCode());
        assertEquals(StreamHandlerTest.sha256(original, 0, SIZE), StreamHandlerTest.sha256(first.body()));
      });
      Future<SourceChange> announced = changeOf(file);
      StreamServerFixture.delete(library.resolve("movies/movie.mp4"));
      return announced.compose(change -> get(file));
    }).compose(after -> {
      ctx.verify(() -> assertEquals(404, after.statusCode(), after.bodyAsString()));
      return fixture.gateway.files(file.channelId(), FileQuery.all());
    })).onComplete(ctx.succeeding(listing -> ctx.verify(() -> {
      assertFalse(listing.items().stream().anyMatch(f -> f.name().equals("movie.mp4")), "still listed");
      ctx.completeNow();
    })));
  }

  @Test
  void aReplacedFileIsServedFromItsNewBytesOnly(VertxTestContext ctx) {
    byte[] fresh = new byte[SIZE];
    new java.util.Random(2).nextBytes(fresh);
    fixture.file("movie.mp4").compose(file -> get(file).compose(first -> {
      ctx.verify(() -> assertEquals(StreamHandlerTest.sha256(original, 0, SIZE),
          StreamHandlerTest.sha256(first.body())));
      Future<SourceChange> announced = changeOf(file);
      StreamServerFixture.replace(library.resolve("movies/movie.mp4"), fresh);
      // The link made before the change still names the file: it now gets the new content.
      return announced.compose(change -> get(file)).map(after -> {
        ctx.verify(() -> {
          assertEquals(200, after.statusCode());
          assertNotEquals(first.getHeader("ETag"), after.getHeader("ETag"));
          assertEquals(StreamHandlerTest.sha256(fresh, 0, SIZE), StreamHandlerTest.sha256(after.body()),
              "served from parts cached for the old content");
        });
        return after;
      });
    })).onComplete(ctx.succeedingThenComplete());
  }

}
