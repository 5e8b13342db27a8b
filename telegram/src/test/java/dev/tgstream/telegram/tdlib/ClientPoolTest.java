package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming pool's choice of client, on a clock the test turns. */
class ClientPoolTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final PooledClient a = new PooledClient(null, 0, null);
  private final PooledClient b = new PooledClient(null, 1, null);
  private final PooledClient c = new PooledClient(null, 2, null);
  private final ClientPool pool = new ClientPool(List.of(a, b, c), now::get);

  @Test
  void eachReadGoesToTheLeastLoadedClientTiesToTheFirst() {
    assertSame(a, pool.pick(Set.of()));
    a.started();
    assertSame(b, pool.pick(Set.of()));
    b.started();
    assertSame(c, pool.pick(Set.of()));
    c.started();
    c.started();
    a.finished();
    assertSame(a, pool.pick(Set.of()));
    assertSame(b, pool.pick(Set.of(a)));
  }

  @Test
  void aRetiredClientIsNeverPickedAgainAndTheStandbyServesOnlyOnceEveryClientIsRetired() {
    PooledClient x = new PooledClient(null, 0, null);
    PooledClient y = new PooledClient(null, 1, null);
    PooledClient user = new PooledClient(null, 2, null);
    ClientPool withStandby = new ClientPool(List.of(x, y), user, now::get);
    assertSame(x, withStandby.pick(Set.of()));
    assertEquals(true, withStandby.retire(x));
    assertEquals(false, withStandby.retire(x), "retired once");
    assertEquals(1, withStandby.serving());
    y.started(); // even busier, the live bot goes before the retired one and the standby
    assertSame(y, withStandby.pick(Set.of()));
    assertNull(withStandby.pick(Set.of(y)), "the standby waits while a bot is alive");
    withStandby.retire(y);
    assertSame(user, withStandby.pick(Set.of()));
    assertNull(withStandby.pick(Set.of(user)));
    assertEquals(false, withStandby.retire(user), "the standby is not a member: it cannot be retired");
    assertEquals(1, withStandby.serving());

    ClientPool alone = new ClientPool(List.of(x, y), now::get);
    alone.retire(x);
    alone.retire(y);
    assertNull(alone.pick(Set.of()), "no standby: nobody left");
    assertEquals(0, alone.serving());
  }

  @Test
  void aClientInFloodWaitIsSkippedUntilItsWaitEnds() {
    pool.flooded(a, 30);
    assertSame(b, pool.pick(Set.of()));
    now.addAndGet(29_999);
    assertSame(b, pool.pick(Set.of()));
    now.addAndGet(1);
    assertSame(a, pool.pick(Set.of()));
  }

  @Test
  void whenEveryClientWaitsTheShortestWaitIsTold() {
    pool.flooded(a, 30);
    pool.flooded(b, 7);
    pool.flooded(c, 12);
    GatewayException e = assertThrows(GatewayException.class, () -> pool.pick(Set.of()));
    assertEquals(GatewayException.Kind.FLOOD_WAIT, e.kind());
    assertEquals(7, e.retryAfterSeconds());
    now.addAndGet(6_500);
    assertEquals(1, assertThrows(GatewayException.class, () -> pool.pick(Set.of())).retryAfterSeconds());
  }

  @Test
  void aClientThatServedTheBytesBeforeIsPreferredUnlessItWaits() {
    b.served("f", 1, 0, 2 << 20);
    a.started();
    c.started();
    b.started();
    b.started();
    assertSame(b, pool.pick(Set.of(), "f", 1 << 20, 2 << 20));
    assertSame(a, pool.pick(Set.of(), "f", 1 << 20, 3 << 20));
    pool.flooded(b, 5);
    assertSame(a, pool.pick(Set.of(), "f", 1 << 20, 2 << 20));
  }

  @Test
  void whenEveryClientWasTriedThereIsNone() {
    assertNull(pool.pick(Set.of(a, b, c)));
  }
}
