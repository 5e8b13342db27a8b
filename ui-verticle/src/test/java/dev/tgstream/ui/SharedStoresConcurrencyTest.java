package dev.tgstream.ui;

import dev.tgstream.ui.auth.LoginThrottle;
import dev.tgstream.ui.auth.Role;
import dev.tgstream.ui.auth.Session;
import dev.tgstream.ui.auth.SessionStore;
import dev.tgstream.ui.auth.UserStore;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.progress.ProgressEntry;
import dev.tgstream.ui.progress.ProgressStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stores every event loop's UI server shares, hammered from many threads at once as the loops do: counts stay
 * exact, no update is lost (in memory or in the file written after), nothing throws.
 */
@ExtendWith(VertxExtension.class)
class SharedStoresConcurrencyTest {

  private static final int THREADS = 8;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** Runs {@code body(thread)} on {@value #THREADS} threads released together; rethrows the first failure. */
  private static void race(IntConsumer body) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      Thread thread = new Thread(() -> {
        try {
          go.await();
          body.accept(index);
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "racer-" + t);
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("a racer failed", failures.get(0));
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void sessionsSignedInAndOutAtOnceAreCountedExactlyAndSurviveAReload(Vertx vertx, @TempDir Path dir)
      throws Exception {
    SessionStore store = await(SessionStore.open(vertx, dir, clock));
    int perThread = 300;
    List<String> kept = new CopyOnWriteArrayList<>();
    race(t -> {
      for (int i = 0; i < perThread; i++) {
        SessionStore.Issued issued = store.create("user" + t);
        assertTrue(store.touch(issued.id()).isPresent(), "a fresh session is live");
        if (i % 3 == 0) {
          store.remove(issued.id());
          assertTrue(store.touch(issued.id()).isEmpty(), "a touch does not bring back a removed session");
        } else {
          kept.add(issued.id());
        }
        if (i % 50 == 0) {
          store.list(); // readers iterate while others write
          store.sweep();
        }
      }
    });
    int expected = THREADS * (perThread - (perThread + 2) / 3);
    assertEquals(expected, kept.size());
    assertEquals(expected, store.size());
    assertEquals(expected, store.list().size());

    // Everyone of user0 but one signs out from many threads at once: exactly one session of user0 is left.
    String keep = kept.stream().filter(id -> store.touch(id).map(s -> s.userName().equals("user0")).orElse(false))
        .findFirst().orElseThrow();
    String keepHandle = SessionStore.handleOf(keep);
    race(t -> store.removeUser("user0", keepHandle));
    assertEquals(expected - (perThread - (perThread + 2) / 3) + 1, store.size());

    await(store.flush());
    SessionStore reloaded = await(SessionStore.open(vertx, dir, clock));
    assertEquals(store.size(), reloaded.size());
    for (String id : kept) {
      Optional<Session> before = store.touch(id);
      assertEquals(before.isPresent(), reloaded.touch(id).isPresent(), "the file has what memory has");
    }
  }

  @Test
  void theSamePairThrottledFromManyLoopsAtOnceGetsExactlyTheFreeFailures() throws Exception {
    LoginThrottle throttle = new LoginThrottle(clock);
    AtomicInteger admitted = new AtomicInteger();
    race(t -> {
      for (int i = 0; i < 20; i++) {
        if (throttle.begin("admin", "10.0.0.66") == 0) {
          admitted.incrementAndGet();
        }
      }
    });
    assertEquals(LoginThrottle.FREE_FAILURES, admitted.get());

    // One address over many names: the address cap, exactly, however the guesses spread over threads.
    AtomicInteger perAddress = new AtomicInteger();
    race(t -> {
      for (int i = 0; i < 20; i++) {
        if (throttle.begin("name-" + t + "-" + i, "10.0.0.77") == 0) {
          perAddress.incrementAndGet();
        }
      }
    });
    assertEquals(LoginThrottle.ADDRESS_MAX_FAILURES, perAddress.get());

    // Successes take back their own failure only: begin and succeed in pairs leaves the next attempt free.
    race(t -> {
      for (int i = 0; i < 200; i++) {
        assertEquals(0, throttle.begin("user" + t, "10.0.1." + t));
        throttle.succeeded("user" + t, "10.0.1." + t);
      }
      throttle.sweep();
    });
    for (int t = 0; t < THREADS; t++) {
      assertEquals(0, throttle.begin("user" + t, "10.0.1." + t));
    }
  }

  @Test
  void positionsSavedFromManyLoopsAtOnceAreAllKeptAndWritten(Vertx vertx, @TempDir Path dir) throws Exception {
    ProgressStore store = await(ProgressStore.open(vertx, dir, clock));
    int files = 5;
    int rounds = 200;
    race(t -> {
      for (int r = 0; r < rounds; r++) {
        for (int f = 0; f < files; f++) {
          // Two users, every thread writing both: the per-user maps are updated from several threads at once.
          store.put("user" + (t % 2), "t" + t + "-f" + f, r, 1000);
        }
        store.list("user" + (t % 2));
        if (r % 20 == 0) {
          store.remove("user" + (t % 2), "absent");
        }
      }
    });
    int perUser = THREADS / 2 * files;
    assertTrue(perUser <= ProgressStore.MAX_PER_USER);
    for (int u = 0; u < 2; u++) {
      List<ProgressEntry> list = store.list("user" + u);
      assertEquals(perUser, list.size());
      list.forEach(e -> assertEquals(rounds - 1, e.position(), 0.0, "the last position of " + e.fileId()));
    }
    await(store.flush());
    ProgressStore reloaded = await(ProgressStore.open(vertx, dir, clock));
    for (int u = 0; u < 2; u++) {
      assertEquals(store.list("user" + u), reloaded.list("user" + u));
    }
  }

  @Test
  void oneNameAddedFromManyLoopsAtOnceIsCreatedOnce(Vertx vertx, @TempDir Path dir) throws Exception {
    UserStore users = await(UserStore.open(vertx, dir, UiTestServer.USERS_SPEC, true));
    List<Future<?>> adds = new CopyOnWriteArrayList<>();
    race(t -> {
      adds.add(users.add("carol", "carol-password-" + t, Role.VIEWER));
      adds.add(users.add("dave" + t, "dave-password-" + t, Role.VIEWER));
    });
    Set<Integer> statuses = ConcurrentHashMap.newKeySet();
    int created = 0;
    for (Future<?> add : adds) {
      try {
        await(add);
        created++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(e.getCause() instanceof ApiProblem, e.getCause().toString());
        statuses.add(((ApiProblem) e.getCause()).status());
      }
    }
    assertEquals(1 + THREADS, created, "carol once, every dave");
    assertEquals(Set.of(409), statuses);
    assertEquals(2 + 1 + THREADS, users.size());
    UserStore reloaded = await(UserStore.open(vertx, dir, UiTestServer.USERS_SPEC, true));
    assertEquals(users.list(), reloaded.list(), "the file ends with the last state");
  }
}
