package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.library.LibraryGateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breaker logic of {@link FailoverStreamer}, with the real vertx-circuit-breaker: a real streamer service in this
 * process stands in for the remote (made to refuse or to hang), another one is the local engine. Timing comes from
 * short configured timeouts; the tests wait for the transition events, never for the clock.
 */
@ExtendWith(VertxExtension.class)
class FailoverStreamerTest {

  static final String REMOTE = "http://remote.test:9000";
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Three failures open it, and it stays open for the whole test. */
  static final BreakerConfig STAYS_OPEN = new BreakerConfig(3, Duration.ofMillis(300), Duration.ofSeconds(60),
      Duration.ofSeconds(60), 0);
  static final RemoteProbe DOWN = () -> Future.failedFuture(new StreamerException(StreamerService.UNAVAILABLE, "down"));

  @TempDir
  Path library;

  private Vertx vertx;
  private StreamerService local;
  private SwitchableStreamer remote;
  private MediaFile file;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext tc) throws Exception {
    this.vertx = vertx;
    Files.createDirectories(library.resolve("films"));
    Files.write(library.resolve("films/clip.mp4"), new byte[100_000]);
    LibraryGateway.open(vertx, library).compose(gateway -> {
      StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
      LinkSigner signer = new LinkSigner(SECRET, Clock.systemUTC());
      local = new LocalStreamerService(gateway, engine, signer);
      remote = new SwitchableStreamer(new LocalStreamerService(gateway, engine, signer), REMOTE);
      return gateway.channels().compose(channels -> gateway.files(channels.get(0).id(), FileQuery.all()));
    }).onComplete(tc.succeeding(page -> {
      file = page.items().get(0);
      tc.completeNow();
    }));
  }

  private FailoverStreamer failover(BreakerConfig config, RemoteProbe probe) {
    return new FailoverStreamer(vertx, remote, local, REMOTE, probe, config, Clock.systemUTC(), () -> 0.5);
  }

  /** Completes (on an event loop, outside the breaker's lock) at the first transition to {@code to}. */
  private Future<BreakerTransition> transitionTo(FailoverStreamer f, CircuitBreakerState to) {
    Promise<BreakerTransition> promise = Promise.promise();
    AtomicBoolean seen = new AtomicBoolean();
    f.onTransition(t -> {
      if (t.to() == to && seen.compareAndSet(false, true)) {
        vertx.runOnContext(v -> promise.complete(t));
      }
    });
    return promise.future();
  }

  private Future<String> link(FailoverStreamer f) {
    return f.link(file.id(), Disposition.INLINE, 3600);
  }

  @Test
  void closedTheRemoteServesAndLinksAreItsAbsoluteUrls(VertxTestContext tc) {
    FailoverStreamer f = failover(STAYS_OPEN, DOWN);
    link(f).onComplete(tc.succeeding(url -> tc.verify(() -> {
      assertTrue(url.startsWith(REMOTE + "/stream/") && url.endsWith("/clip.mp4"), url);
      BreakerStatus s = f.status();
      assertEquals(CircuitBreakerState.CLOSED, s.state());
      assertEquals("remote", s.servedBy());
      assertEquals(1, s.calls(CallOutcome.SUCCESS));
      assertEquals(0, s.transitions());
      assertEquals(Disposition.INLINE, Disposition.INLINE);
      assertEquals(REMOTE + "/stream/t/n.mp4", f.remoteUrl("/stream/t/n.mp4").orElseThrow());
      tc.completeNow();
    })));
  }

  @Test
  void opensAfterThreeFailedCallsEachServedLocally(VertxTestContext tc) {
    FailoverStreamer f = failover(STAYS_OPEN, DOWN);
    Future<BreakerTransition> opened = transitionTo(f, CircuitBreakerState.OPEN);
    remote.mode(SwitchableStreamer.Mode.REFUSE);
    List<String> links = new ArrayList<>();
    link(f).compose(a -> {
          links.add(a);
          assertEquals(CircuitBreakerState.CLOSED, f.status().state(), "one failure does not open it");
          return link(f);
        })
        .compose(b -> {
          links.add(b);
          return link(f);
        })
        .compose(c -> {
          links.add(c);
          return opened;
        })
        .compose(t -> {
          assertEquals(CircuitBreakerState.CLOSED, t.from());
          assertEquals("after 3 failures (connection refused)", t.reason());
          return link(f);
        })
        .onComplete(tc.succeeding(d -> tc.verify(() -> {
          links.add(d);
          // Every call got an answer: the local engine's link on the UI's own /raw-stream.
          for (String l : links) {
            assertTrue(l.startsWith("/raw-stream/") && l.endsWith("/clip.mp4"), l);
          }
          assertEquals(3, remote.calls(), "open, the remote is not tried");
          BreakerStatus s = f.status();
          assertEquals(CircuitBreakerState.OPEN, s.state());
          assertEquals("local", s.servedBy());
          assertEquals(3, s.calls(CallOutcome.FAILURE));
          assertEquals(1, s.calls(CallOutcome.SHORT_CIRCUITED));
          assertEquals("connection refused", s.lastError());
          assertNotNull(s.lastErrorAt());
          assertEquals(1, s.transitions());
          assertTrue(f.remoteUrl("/stream/t/n.mp4").isEmpty(), "open, /raw-stream is served here");
          tc.completeNow();
        })));
  }

  @Test
  void opensWhenTheRemoteHangsPastTheTimeout(VertxTestContext tc) {
    FailoverStreamer f = failover(new BreakerConfig(3, Duration.ofMillis(100), Duration.ofSeconds(60),
        Duration.ofSeconds(60), 0), DOWN);
    Future<BreakerTransition> opened = transitionTo(f, CircuitBreakerState.OPEN);
    remote.mode(SwitchableStreamer.Mode.HANG);
    // What a details page does: warm and two links at once.
    Future<Void> warm = f.warm(file.id());
    Future<String> stream = link(f);
    Future<String> download = f.link(file.id(), Disposition.ATTACHMENT, 3600);
    Future.all(warm, stream, download).compose(all -> opened).onComplete(tc.succeeding(t -> tc.verify(() -> {
      assertTrue(stream.result().startsWith("/raw-stream/"), stream.result());
      assertTrue(download.result().startsWith("/raw-stream/"), download.result());
      BreakerStatus s = f.status();
      assertEquals(CircuitBreakerState.OPEN, s.state());
      assertEquals(3, s.calls(CallOutcome.TIMEOUT));
      assertEquals("no answer in time", s.lastError());
      assertEquals("after 3 failures (no answer in time)", t.reason());
      tc.completeNow();
    })));
  }

  @Test
  void aClientErrorIsTheRemotesAnswerPassedOnNotAFailure(VertxTestContext tc) {
    FailoverStreamer f = failover(new BreakerConfig(1, Duration.ofMillis(300), Duration.ofSeconds(60),
        Duration.ofSeconds(60), 0), DOWN);
    f.link("noSuchFile", Disposition.INLINE, 3600).onComplete(tc.failing(err -> tc.verify(() -> {
      StreamerException se = assertInstanceOf(StreamerException.class, err);
      assertEquals(StreamerService.NOT_FOUND, se.code());
      BreakerStatus s = f.status();
      assertEquals(CircuitBreakerState.CLOSED, s.state(), "a 404 does not open even a one-failure breaker");
      assertEquals(1, s.calls(CallOutcome.SUCCESS));
      assertNull(s.lastError());
      tc.completeNow();
    })));
  }

  @Test
  void theProbeOfHealthReadyClosesItWhenTheRemoteAnswersAgain(VertxTestContext tc) {
    AtomicBoolean ready = new AtomicBoolean(false);
    HttpServer health = vertx.createHttpServer().requestHandler(req -> req.response()
        .setStatusCode(req.path().equals("/health/ready") && ready.get() ? 200 : 503).end());
    // Quick trials (30 ms, doubling up to 120 ms), no jitter: only the transitions are awaited. The call and probe
    // timeouts are generous: the 503 answers at once, and a loaded CI machine must not turn it into a timeout.
    BreakerConfig quick = new BreakerConfig(1, Duration.ofSeconds(10), Duration.ofMillis(30), Duration.ofMillis(120), 0);
    List<BreakerTransition> seen = new ArrayList<>();
    health.listen(0, "127.0.0.1").compose(server -> {
      String base = "http://127.0.0.1:" + server.actualPort();
      FailoverStreamer f = failover(quick, new ReadinessProbe(WebClient.create(vertx), base, 10_000));
      f.onTransition(t -> {
        synchronized (seen) {
          seen.add(t);
        }
        // The first failed trial: the streamer comes back.
        if (t.from() == CircuitBreakerState.HALF_OPEN && t.to() == CircuitBreakerState.OPEN) {
          remote.mode(SwitchableStreamer.Mode.UP);
          ready.set(true);
        }
      });
      Future<BreakerTransition> closed = transitionTo(f, CircuitBreakerState.CLOSED);
      remote.mode(SwitchableStreamer.Mode.REFUSE);
      // One user call opens it; nobody calls again: the probe alone must bring the remote back.
      return link(f).compose(first -> {
        assertTrue(first.startsWith("/raw-stream/"), first);
        return closed;
      }).compose(t -> link(f).map(url -> {
        assertTrue(url.startsWith(REMOTE + "/stream/"), "closed again, links are remote: " + url);
        return f.status();
      }));
    }).onComplete(tc.succeeding(status -> tc.verify(() -> {
      List<String> path;
      synchronized (seen) {
        path = seen.stream().map(t -> t.from() + "->" + t.to()).toList();
      }
      assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"),
          path);
      assertEquals(CircuitBreakerState.CLOSED, status.state());
      assertEquals(5, status.transitions());
      assertEquals("/health/ready answered 503", status.lastError());
      tc.completeNow();
    })));
  }

  @Test
  void metersFollowTheBreaker(VertxTestContext tc) {
    MeterRegistry registry = new SimpleMeterRegistry();
    FailoverStreamer f = failover(STAYS_OPEN, DOWN);
    BreakerMeters.register(registry, f);
    assertEquals(0, registry.get(BreakerMeters.STATE).gauge().value());
    Future<BreakerTransition> opened = transitionTo(f, CircuitBreakerState.OPEN);
    remote.mode(SwitchableStreamer.Mode.REFUSE);
    Future.all(link(f), link(f), link(f)).compose(all -> opened).compose(t -> link(f))
        .onComplete(tc.succeeding(url -> tc.verify(() -> {
          assertEquals(2, registry.get(BreakerMeters.STATE).gauge().value());
          assertEquals(1, registry.get(BreakerMeters.TRANSITIONS).tags("from", "closed", "to", "open").counter().count());
          assertEquals(0, registry.get(BreakerMeters.TRANSITIONS).tags("from", "half_open", "to", "closed").counter()
              .count());
          assertEquals(3, registry.get(BreakerMeters.CALLS).tag("outcome", "failure").functionCounter().count());
          assertEquals(1, registry.get(BreakerMeters.CALLS).tag("outcome", "short_circuited").functionCounter().count());
          registry.getMeters().forEach(m -> assertNotNull(m.getId().getDescription(), m.getId().getName()));
          tc.completeNow();
        })));
  }

  @Test
  void aRepeatedReportOfTheSameStateIsNoTransition() {
    BreakerHistory history = new BreakerHistory(REMOTE, Clock.systemUTC());
    List<BreakerTransition> seen = new ArrayList<>();
    history.onTransition(seen::add);
    assertNotNull(history.moveTo(CircuitBreakerState.OPEN, "after 3 failures (connection refused)"));
    assertNull(history.moveTo(CircuitBreakerState.OPEN, "again"));
    assertEquals(1, seen.size());
    assertEquals(1, history.snapshot().transitions());
  }

  @Test
  void failuresAreDescribedShortly() {
    assertEquals("connection refused", FailoverStreamer.describe(new StreamerException(503, "unreachable",
        new java.net.ConnectException("Connection refused: localhost/127.0.0.1:1"))));
    assertEquals("no answer in time", FailoverStreamer.describe(io.vertx.circuitbreaker.TimeoutException.INSTANCE));
    assertEquals("/health/ready answered 503", FailoverStreamer.describe(new StreamerException(503,
        "/health/ready answered 503")));
    assertEquals("/raw-stream/tok/a%20b.mp4", FailoverStreamer.onRawStream("/stream/tok/a%20b.mp4"));
  }
}
