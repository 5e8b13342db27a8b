package dev.tgstream.telegram;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every {@link TelegramGateway} adapter keeps, run against each of them by a subclass: futures complete
 * on the caller's context (successes and failures alike, also when callers on several contexts share work), aligned
 * reads return the exact bytes, a read at or past the end fails INVALID_REQUEST, unknown ids fail NOT_FOUND, and
 * paging visits every file once, the same way every time.
 *
 * <p>A subclass serves {@link #CHANNEL_FILES} — written into {@code library/Clips} before {@link #open} — as one
 * channel titled "Clips".
 */
@ExtendWith(VertxExtension.class)
public abstract class TelegramGatewayContract {

  protected static final int MIB = 1024 * 1024;
  protected static final String CHANNEL_TITLE = "Clips";
  /** Names and sizes of the contract channel's files: one of several parts with a ragged tail, and small ones. */
  protected static final Map<String, Integer> CHANNEL_FILES = new LinkedHashMap<>();

  static {
    CHANNEL_FILES.put("big.mp4", 3 * MIB + 12_345);
    CHANNEL_FILES.put("clip-1.mp4", 70_000);
    CHANNEL_FILES.put("clip-2.mp4", 90_000);
    CHANNEL_FILES.put("notes.pdf", 9_000);
    CHANNEL_FILES.put("song.mp3", 20_000);
    CHANNEL_FILES.put("track.mkv", 40_000);
  }

  @TempDir
  protected Path temp;
  protected Path library;
  protected TelegramGateway gateway;
  private final Map<String, byte[]> contents = new ConcurrentHashMap<>();

  /** Opens the adapter under test over {@code library} (which holds the folder {@code Clips}). */
  protected abstract Future<TelegramGateway> open(Vertx vertx, Path library);

  /** Releases what {@link #open} made besides the gateway; the gateway itself is closed by the contract. */
  protected Future<Void> closeExtras() {
    return Future.succeededFuture();
  }

  @BeforeEach
  void openAdapter(Vertx vertx, VertxTestContext ctx) throws IOException {
    library = temp.resolve("library");
    Path clips = library.resolve(CHANNEL_TITLE);
    Files.createDirectories(clips);
    int minute = 0;
    for (Map.Entry<String, Integer> e : CHANNEL_FILES.entrySet()) {
      byte[] bytes = new byte[e.getValue()];
      new Random(e.getKey().hashCode()).nextBytes(bytes);
      Path file = clips.resolve(e.getKey());
      Files.write(file, bytes);
      Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-05-01T10:00:00Z").plusSeconds(60L * minute++)));
      contents.put(e.getKey(), bytes);
    }
    open(vertx, library).onComplete(ctx.succeeding(g -> {
      gateway = g;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void closeAdapter(VertxTestContext ctx) {
    Future<Void> closing = gateway == null ? Future.succeededFuture() : gateway.close();
    closing.transform(x -> closeExtras()).onComplete(x -> ctx.completeNow());
  }

  @Test
  void everyAnswerCompletesOnTheCallersContextEvenWhenCallersShareWork(Vertx vertx, VertxTestContext ctx) {
    Context a = vertx.getOrCreateContext();
    Context b = vertx.getOrCreateContext();
    List<String> wrong = new ArrayList<>();
    prepare(vertx).compose(ids -> Future.all(calls(a, ids, wrong), calls(b, ids, wrong)))
        .onComplete(ctx.succeeding(x -> ctx.verify(() -> {
          assertEquals(List.of(), wrong);
          ctx.completeNow();
        })));
  }

  @Test
  void answersToCallsFromOutsideAnyContextArriveOnAContext(Vertx vertx, VertxTestContext ctx) {
    prepare(vertx).compose(ids -> {
      List<Future<Boolean>> onContext = new ArrayList<>();
      onContext.add(observe(() -> gateway.channels()));
      onContext.add(observe(() -> gateway.file(ids.get("big.mp4"))));
      onContext.add(observe(() -> gateway.readPart(ids.get("big.mp4"), 0, 65536)));
      onContext.add(observe(() -> gateway.file("no-such-file")));
      return Future.all(new ArrayList<Future<?>>(onContext)).map(x -> onContext);
    }).onComplete(ctx.succeeding(observed -> ctx.verify(() -> {
      for (Future<Boolean> f : observed) {
        assertTrue(f.result(), "an answer arrived outside any Vert.x context");
      }
      ctx.completeNow();
    })));
  }

  @Test
  void alignedReadsReturnTheExactBytes(Vertx vertx, VertxTestContext ctx) {
    byte[] big = contents.get("big.mp4");
    prepare(vertx).compose(ids -> {
      String id = ids.get("big.mp4");
      List<Future<Buffer>> parts = new ArrayList<>();
      for (long offset = 0; offset < big.length; offset += MIB) {
        parts.add(gateway.readPart(id, offset, MIB));
      }
      Future<Buffer> head = gateway.readPart(id, MIB + 131072, 65536);
      Future<Buffer> small = gateway.readPart(ids.get("clip-1.mp4"), 65536, 65536);
      return Future.all(new ArrayList<Future<?>>(parts)).compose(x -> Future.all(head, small)).map(x -> {
        Buffer whole = Buffer.buffer();
        parts.forEach(p -> whole.appendBuffer(p.result()));
        return List.of(whole, head.result(), small.result(), parts.get(parts.size() - 1).result());
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(sha256(big), sha256(r.get(0).getBytes()));
      assertEquals(sha256(Arrays.copyOfRange(big, MIB + 131072, MIB + 196608)), sha256(r.get(1).getBytes()));
      byte[] clip = contents.get("clip-1.mp4");
      assertEquals(sha256(Arrays.copyOfRange(clip, 65536, clip.length)), sha256(r.get(2).getBytes()));
      assertEquals(12_345, r.get(3).length());
      ctx.completeNow();
    })));
  }

  @Test
  void aLocalRegionHoldsExactlyTheBytesPartReadsReturn(Vertx vertx, VertxTestContext ctx) {
    byte[] big = contents.get("big.mp4");
    prepare(vertx).compose(ids -> {
      String id = ids.get("big.mp4");
      List<Future<?>> parts = new ArrayList<>();
      for (long offset = 0; offset < big.length; offset += MIB) {
        parts.add(gateway.readPart(id, offset, MIB));
      }
      // Read whole first: a source that keeps downloads (TDLib) may offer the file only then.
      return Future.all(parts).compose(x -> gateway.file(id)).compose(gateway::localRegion);
    }).onComplete(ctx.succeeding(region -> ctx.verify(() -> {
      LocalCopies copies = gateway.localCopies();
      if (copies == LocalCopies.NONE) {
        assertTrue(region.isEmpty(), "a region from a gateway that says it offers none");
      }
      if (copies == LocalCopies.ALL) {
        assertTrue(region.isPresent(), "no region from a gateway that says it offers every file");
      }
      if (region.isPresent()) {
        try (LocalRegion r = region.get()) {
          assertEquals(big.length, r.size());
          java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate(big.length);
          while (all.hasRemaining() && r.channel().read(all, all.position()) >= 0) {
            // positional reads until full
          }
          assertEquals(sha256(big), sha256(all.array()));
        }
      }
      ctx.completeNow();
    })));
  }

  @Test
  void aReadAtOrPastTheEndFailsInvalidRequest(Vertx vertx, VertxTestContext ctx) {
    int size = CHANNEL_FILES.get("big.mp4");
    long pastEnd = (size / TelegramGateway.ALIGNMENT + 1L) * TelegramGateway.ALIGNMENT;
    prepare(vertx).compose(ids -> {
      List<Future<Buffer>> reads = List.of(gateway.readPart(ids.get("big.mp4"), pastEnd, 4096),
          gateway.readPart(ids.get("big.mp4"), 4L * MIB, MIB));
      return Future.join(reads).transform(x -> Future.succeededFuture(reads));
    }).onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
      for (Future<Buffer> read : reads) {
        assertTrue(read.failed());
        assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(read.cause()));
      }
      ctx.completeNow();
    })));
  }

  @Test
  void unknownFilesAndChannelsAreNotFound(Vertx vertx, VertxTestContext ctx) {
    List<Future<?>> calls = List.of(gateway.file("no-such-file"), gateway.readPart("no-such-file", 0, 4096),
        gateway.thumbnail("no-such-file"), gateway.files("no-such-channel", FileQuery.all()));
    Future.join(calls).onComplete(x -> ctx.verify(() -> {
      for (Future<?> call : calls) {
        assertTrue(call.failed());
        assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(call.cause()), call.cause().toString());
      }
      ctx.completeNow();
    }));
  }

  @Test
  void pagingVisitsEveryFileOnceAndTheSameWayEveryTime(Vertx vertx, VertxTestContext ctx) {
    channelId().compose(channel -> {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (FileSort sort : FileSort.values()) {
        runs.add(collect(c -> gateway.files(channel, new FileQuery(null, null, sort, c, 2))));
        runs.add(collect(c -> gateway.files(channel, new FileQuery(null, null, sort, c, 2))));
      }
      runs.add(collect(c -> gateway.files(channel, new FileQuery(null, null, FileSort.DATE, c, FileQuery.MAX_LIMIT))));
      return Future.all(new ArrayList<Future<?>>(runs)).map(x -> runs.stream().map(Future::result).toList());
    }).onComplete(ctx.succeeding(runs -> ctx.verify(() -> {
      Set<String> all = new HashSet<>(runs.get(runs.size() - 1));
      assertEquals(CHANNEL_FILES.keySet(), all);
      for (int i = 0; i + 1 < runs.size(); i += 2) {
        assertEquals(CHANNEL_FILES.size(), runs.get(i).size(), runs.get(i).toString());
        assertEquals(all, new HashSet<>(runs.get(i)));
        assertEquals(runs.get(i), runs.get(i + 1), "a second paging differs");
      }
      ctx.completeNow();
    })));
  }

  // ---- helpers ----

  /** The contract channel's id, and its file ids by name. */
  private Future<Map<String, String>> prepare(Vertx vertx) {
    return channelId().compose(channel -> gateway.files(channel, FileQuery.all())).map(page -> {
      Map<String, String> ids = new LinkedHashMap<>();
      page.items().forEach(f -> ids.put(f.name(), f.id()));
      return ids;
    });
  }

  private Future<String> channelId() {
    return gateway.channels().map(channels -> channels.stream().filter(c -> c.title().equals(CHANNEL_TITLE))
        .findFirst().map(Channel::id).orElseThrow(() -> new AssertionError("no channel titled " + CHANNEL_TITLE
            + " in " + channels)));
  }

  /** Every method, succeeding and failing, called on {@code context}; records answers that arrive elsewhere. */
  private Future<Void> calls(Context context, Map<String, String> ids, List<String> wrong) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      String big = ids.get("big.mp4");
      Map<String, Supplier<Future<?>>> calls = new LinkedHashMap<>();
      calls.put("channels", () -> gateway.channels());
      calls.put("files", () -> channelId().compose(c -> gateway.files(c, new FileQuery(null, null, FileSort.NAME,
          null, 2))));
      calls.put("file", () -> gateway.file(big));
      calls.put("readPart", () -> gateway.readPart(big, MIB, MIB));
      calls.put("readPart again", () -> gateway.readPart(big, MIB, 65536));
      calls.put("thumbnail", () -> gateway.thumbnail(big));
      calls.put("localRegion", () -> gateway.file(big).compose(f -> gateway.localRegion(f))
          .onSuccess(region -> region.ifPresent(LocalRegion::close)));
      calls.put("file unknown", () -> gateway.file("no-such-file"));
      calls.put("readPart past end", () -> gateway.readPart(big, 8L * MIB, 4096));
      calls.put("files unknown", () -> gateway.files("no-such-channel", FileQuery.all()));
      List<Future<?>> answered = new ArrayList<>();
      for (Map.Entry<String, Supplier<Future<?>>> call : calls.entrySet()) {
        Promise<Void> seen = Promise.promise();
        call.getValue().get().onComplete(ar -> {
          if (Vertx.currentContext() != context) {
            synchronized (wrong) {
              wrong.add(call.getKey() + (ar.succeeded() ? " (succeeded)" : " (failed)") + " on "
                  + Thread.currentThread().getName());
            }
          }
          seen.complete();
        });
        answered.add(seen.future());
      }
      Future.all(answered).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }

  private static <T> Future<Boolean> observe(Supplier<Future<T>> call) {
    Promise<Boolean> promise = Promise.promise();
    call.get().onComplete(ar -> promise.complete(Vertx.currentContext() != null));
    return promise.future();
  }

  private static Future<List<String>> collect(Function<String, Future<FilePage>> page) {
    List<String> names = new ArrayList<>();
    return collect(page, null, names, 0).map(names);
  }

  private static Future<Void> collect(Function<String, Future<FilePage>> page, String cursor, List<String> names,
      int pages) {
    if (pages > 50) {
      return Future.failedFuture(new AssertionError("paging does not end"));
    }
    return page.apply(cursor).compose(p -> {
      p.items().forEach(f -> names.add(f.name()));
      assertNotNull(p.items());
      return p.next() == null ? Future.succeededFuture() : collect(page, p.next(), names, pages + 1);
    });
  }

  protected static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
