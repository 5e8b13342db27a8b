package dev.tgstream.telegram.tdlib;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receive thread's life and routing, against a scripted TDLib double. */
@ExtendWith(VertxExtension.class)
class TdRuntimeTest {

  private static final TdOptions FAST = TdOptions.DEFAULTS.withReceiveTimeout(Duration.ofMillis(50));

  static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void closeClosesEveryClientThenStopsTheReceiveThread(Vertx vertx, VertxTestContext test) {
    ScriptedTdJson td = new ScriptedTdJson();
    TdRuntime runtime = TdRuntime.start(vertx, td, FAST);
    String thread = runtime.receiveThreadName();
    assertTrue(threadAlive(thread));
    TdClient used = runtime.newClient();
    used.send(new JsonObject().put("@type", "getOption"));
    runtime.newClient();
    runtime.close().onComplete(test.succeeding(v -> test.verify(() -> {
      assertFalse(threadAlive(thread), thread + " still running after close");
      // Only the client that was started gets a close; the other was never started.
      assertEquals(1, td.sent.stream().filter(s -> s.request().getString("@type").equals("close")).count());
      assertThrows(IllegalStateException.class, runtime::newClient);
      runtime.close().onComplete(test.succeeding(again -> test.completeNow()));
    })));
  }

  @Test
  void messagesNobodyOwnsAreDroppedAndRoutingGoesOn(Vertx vertx, VertxTestContext test) {
    ScriptedTdJson td = new ScriptedTdJson();
    TdRuntime runtime = TdRuntime.start(vertx, td, FAST);
    TdClient client = runtime.newClient();
    client.updateHandler(u -> test.verify(() -> {
      assertEquals("updateMarker", u.getString("@type"));
      runtime.close().onComplete(test.succeedingThenComplete());
    }));
    td.push(999, new JsonObject().put("@type", "updateForNobody"));
    td.push(client.id(), new JsonObject().put("@type", "updateMarker"));
  }

  @Test
  void executeReturnsTheParsedAnswer(Vertx vertx, VertxTestContext test) {
    TdRuntime runtime = TdRuntime.start(vertx, new ScriptedTdJson(), FAST);
    JsonObject answer = runtime.execute(new JsonObject().put("@type", "getOption").put("name", "version"));
    assertEquals("error", answer.getString("@type"));
    assertThrows(IllegalStateException.class, () -> runtime.logVerbosity(1), "a refused setting is not ignored");
    runtime.close().onComplete(test.succeedingThenComplete());
  }
}
