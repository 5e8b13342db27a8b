package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.GatewayException.Kind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TdClient's behaviour against a scripted TDLib double (no native library). */
@ExtendWith(VertxExtension.class)
class TdClientTest {

  private static final TdOptions FAST = TdOptions.DEFAULTS.withReceiveTimeout(Duration.ofMillis(50));

  private ScriptedTdJson td;
  private TdRuntime runtime;

  @BeforeEach
  void setUp(Vertx vertx) {
    td = new ScriptedTdJson();
    runtime = TdRuntime.start(vertx, td, FAST);
  }

  @AfterEach
  void tearDown() throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject request(String type) {
    return new JsonObject().put("@type", type);
  }

  @Test
  void answersAreMatchedByTheirExtraEvenOutOfOrder(VertxTestContext test) {
    List<ScriptedTdJson.Sent> held = new CopyOnWriteArrayList<>();
    td.script((id, req) -> {
      held.add(new ScriptedTdJson.Sent(id, req));
      if (held.size() == 2) {
        // Answer the second request first: matching must go by @extra, not by order.
        for (int i = 1; i >= 0; i--) {
          ScriptedTdJson.Sent s = held.get(i);
          td.answer(s.clientId(), s.request(), new JsonObject().put("@type", "text")
              .put("text", s.request().getString("tag")));
        }
      }
    });
    TdClient client = runtime.newClient();
    Future<JsonObject> a = client.send(request("getText").put("tag", "a"));
    Future<JsonObject> b = client.send(request("getText").put("tag", "b").put("@extra", "caller's own"));
    Future.all(a, b).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals("a", a.result().getString("text"));
      assertEquals("b", b.result().getString("text"));
      assertFalse(a.result().containsKey("@extra"), "our @extra is internal");
      assertNotEquals("caller's own", held.get(1).request().getString("@extra"));
      test.completeNow();
    })));
  }

  @Test
  void manyConcurrentRequestsFromSeveralContextsEachGetTheirOwnAnswer(Vertx vertx, VertxTestContext test) {
    td.script((id, req) -> td.answer(id, req, new JsonObject().put("@type", "echo").put("n", req.getInteger("n"))));
    TdClient client = runtime.newClient();
    int perContext = 200;
    int contexts = 4;
    Checkpoint answered = test.checkpoint(perContext * contexts);
    for (int c = 0; c < contexts; c++) {
      Context ctx = vertx.getOrCreateContext();
      int base = c * perContext;
      ctx.runOnContext(v -> {
        for (int i = base; i < base + perContext; i++) {
          int n = i;
          client.send(request("echo").put("n", n)).onComplete(test.succeeding(r -> test.verify(() -> {
            assertEquals(n, r.getInteger("n"));
            assertSame(ctx, Vertx.currentContext());
            answered.flag();
          })));
        }
      });
    }
  }

  @Test
  void anErrorAnswerFailsWithTheMappedGatewayException(VertxTestContext test) {
    td.script((id, req) -> td.answer(id, req, ScriptedTdJson.error(429, "Too Many Requests: retry after 7")));
    runtime.newClient().send(request("getChat")).onComplete(test.failing(err -> test.verify(() -> {
      GatewayException g = assertInstanceOf(GatewayException.class, err);
      assertEquals(Kind.FLOOD_WAIT, g.kind());
      assertEquals(7, g.retryAfterSeconds());
      assertEquals(429, g.code());
      test.completeNow();
    })));
  }

  @Test
  void aTimedOutRequestFailsNamingItsTypeAndItsLateAnswerIsDropped(VertxTestContext test) {
    List<ScriptedTdJson.Sent> held = new CopyOnWriteArrayList<>();
    td.script((id, req) -> held.add(new ScriptedTdJson.Sent(id, req)));
    TdClient client = runtime.newClient();
    List<String> updates = new CopyOnWriteArrayList<>();
    client.updateHandler(u -> {
      updates.add(u.getString("@type"));
      // The marker was pushed after the late answer; updates are in order, so had the late answer leaked as an
      // update it would be seen first.
      test.verify(() -> assertEquals(List.of("updateMarker"), updates));
      test.completeNow();
    });
    client.send(request("getChat"), Duration.ofMillis(20)).onComplete(test.failing(err -> test.verify(() -> {
      GatewayException g = assertInstanceOf(GatewayException.class, err);
      assertEquals(Kind.UNAVAILABLE, g.kind());
      assertTrue(g.getMessage().contains("getChat"), g.getMessage());
      ScriptedTdJson.Sent s = held.get(0);
      td.answer(s.clientId(), s.request(), new JsonObject().put("@type", "chat"));
      td.push(s.clientId(), request("updateMarker"));
    })));
  }

  @Test
  void futuresCompleteOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    td.script((id, req) -> {
      if (req.getString("@type").equals("getMe")) {
        td.answer(id, req, request("ok"));
      }
    });
    Context clientContext = vertx.getOrCreateContext();
    Context callerContext = vertx.getOrCreateContext();
    assertNotEquals(clientContext, callerContext);
    TdClient client = runtime.newClient(clientContext);
    Checkpoint done = test.checkpoint(3);
    callerContext.runOnContext(v -> client.send(request("getMe")).onComplete(test.succeeding(r -> test.verify(() -> {
      assertSame(callerContext, Vertx.currentContext());
      done.flag();
    }))));
    // A failure (here a timeout) goes to the caller's context just the same.
    callerContext.runOnContext(v -> client.send(request("never"), Duration.ofMillis(5))
        .onComplete(test.failing(err -> test.verify(() -> {
          assertSame(callerContext, Vertx.currentContext());
          done.flag();
        }))));
    // Called from outside any context (this test thread): the client's own context.
    client.send(request("getMe")).onComplete(test.succeeding(r -> test.verify(() -> {
      assertSame(clientContext, Vertx.currentContext());
      assertFalse(Thread.currentThread().getName().startsWith(TdRuntime.RECEIVE_THREAD_PREFIX));
      done.flag();
    })));
  }

  @Test
  void aListenerAddedAfterCompletionFromOutsideAnyContextStillRunsOnTheClientsContext(Vertx vertx,
      VertxTestContext test) throws Exception {
    td.script((id, req) -> td.answer(id, req, request("ok")));
    Context clientContext = vertx.getOrCreateContext();
    TdClient client = runtime.newClient(clientContext);
    Future<JsonObject> answered = client.send(request("getMe"));
    // Block this (non-Vert.x) test thread until the answer is in, then listen: the listener must still hop.
    answered.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    answered.onComplete(test.succeeding(r -> test.verify(() -> {
      assertSame(clientContext, Vertx.currentContext());
      test.completeNow();
    })));
  }

  @Test
  void updatesArriveOnTheClientsContextInOrder(Vertx vertx, VertxTestContext test) {
    Context clientContext = vertx.getOrCreateContext();
    TdClient client = runtime.newClient(clientContext);
    int count = 500;
    AtomicInteger expected = new AtomicInteger();
    client.updateHandler(u -> test.verify(() -> {
      assertSame(clientContext, Vertx.currentContext());
      assertEquals(expected.getAndIncrement(), u.getInteger("seq"));
      if (expected.get() == count) {
        test.completeNow();
      }
    }));
    for (int i = 0; i < count; i++) {
      td.push(client.id(), request("updateNumber").put("seq", i));
    }
  }

  @Test
  void updatesGoToTheClientTheyNameOnly(VertxTestContext test) {
    TdClient one = runtime.newClient();
    TdClient two = runtime.newClient();
    one.updateHandler(u -> test.failNow("update for client two reached client one: " + u));
    two.updateHandler(u -> test.completeNow());
    td.push(two.id(), request("updateOption"));
  }

  @Test
  void closeWaitsForClosedThenFailsPendingRequestsAndLaterSends(VertxTestContext test) {
    TdClient client = runtime.newClient();
    List<String> states = new CopyOnWriteArrayList<>();
    client.updateHandler(u -> {
      if (TdAuthorizationStates.UPDATE.equals(u.getString("@type"))) {
        states.add(u.getJsonObject("authorization_state").getString("@type"));
      }
    });
    Future<JsonObject> pending = client.send(request("getChat"));
    client.close().onComplete(test.succeeding(v -> test.verify(() -> {
      assertTrue(pending.failed(), "pending request must have failed by the time close completes");
      GatewayException g = assertInstanceOf(GatewayException.class, pending.cause());
      assertEquals(Kind.UNAVAILABLE, g.kind());
      assertTrue(g.getMessage().contains("getChat"), g.getMessage());
      assertEquals(List.of(TdAuthorizationStates.CLOSING, TdAuthorizationStates.CLOSED), states);
      assertEquals("close", td.sent.get(td.sent.size() - 1).request().getString("@type"));
      client.send(request("getMe")).onComplete(test.failing(err -> test.verify(() -> {
        assertEquals(Kind.UNAVAILABLE, GatewayException.kindOf(err));
        test.completeNow();
      })));
    })));
  }

  @Test
  void closeIsBoundedWhenTdlibNeverConfirms(Vertx vertx, VertxTestContext test) throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    td.answerClose = false;
    runtime = TdRuntime.start(vertx, td, FAST.withCloseTimeout(Duration.ofMillis(30)));
    TdClient client = runtime.newClient();
    Future<JsonObject> pending = client.send(request("getChat"));
    client.close().onComplete(test.failing(err -> test.verify(() -> {
      assertEquals(Kind.UNAVAILABLE, GatewayException.kindOf(err));
      assertTrue(err.getMessage().contains(TdAuthorizationStates.CLOSED), err.getMessage());
      assertTrue(pending.failed());
      test.completeNow();
    })));
  }

  @Test
  void closingAClientNeverUsedSendsNothing(VertxTestContext test) {
    TdClient client = runtime.newClient();
    client.close().onComplete(test.succeeding(v -> test.verify(() -> {
      assertTrue(td.sent.isEmpty(), "TDLib starts a client on its first request; close must not start one");
      test.completeNow();
    })));
  }

  @Test
  void aClientTdlibClosesOnItsOwnFailsWhatWaits(VertxTestContext test) {
    TdClient client = runtime.newClient();
    client.send(request("getChat")).onComplete(test.failing(err -> test.verify(() -> {
      assertEquals(Kind.UNAVAILABLE, GatewayException.kindOf(err));
      client.close().onComplete(test.succeeding(v -> test.completeNow()));
    })));
    td.push(client.id(), ScriptedTdJson.authState(TdAuthorizationStates.CLOSED));
  }

  @Test
  void awaitAuthorizationStateCompletesWhenTheStateIsReachedOrAtOnceWhenItIs(VertxTestContext test) {
    TdClient client = runtime.newClient();
    client.awaitAuthorizationState(Duration.ofSeconds(10), TdAuthorizationStates.WAIT_PHONE_NUMBER,
        TdAuthorizationStates.READY).onComplete(test.succeeding(state -> test.verify(() -> {
          assertEquals(TdAuthorizationStates.WAIT_PHONE_NUMBER, state.getString("@type"));
          client.awaitAuthorizationState(Duration.ofSeconds(10), TdAuthorizationStates.WAIT_PHONE_NUMBER)
              .onComplete(test.succeeding(again -> test.completeNow()));
        })));
    td.push(client.id(), ScriptedTdJson.authState(TdAuthorizationStates.WAIT_TDLIB_PARAMETERS));
    td.push(client.id(), ScriptedTdJson.authState(TdAuthorizationStates.WAIT_PHONE_NUMBER));
  }

  @Test
  void theLatestAuthorizationStateIsKeptWithoutAnUpdateHandler(VertxTestContext test) {
    TdClient client = runtime.newClient();
    assertEquals(null, client.authorizationStateType(), "none before TDLib reports one");
    // No update handler: the updates themselves are dropped, the state they carry is not.
    client.awaitAuthorizationState(Duration.ofSeconds(10), TdAuthorizationStates.LOGGING_OUT)
        .onComplete(test.succeeding(state -> test.verify(() -> {
          assertEquals(TdAuthorizationStates.LOGGING_OUT, client.authorizationStateType());
          test.completeNow();
        })));
    td.push(client.id(), ScriptedTdJson.authState(TdAuthorizationStates.READY));
    td.push(client.id(), ScriptedTdJson.authState(TdAuthorizationStates.LOGGING_OUT));
  }

  @Test
  void awaitAuthorizationStateTimesOutNamingTheStates(VertxTestContext test) {
    TdClient client = runtime.newClient();
    client.awaitAuthorizationState(Duration.ofMillis(10), TdAuthorizationStates.READY)
        .onComplete(test.failing(err -> test.verify(() -> {
          assertEquals(Kind.UNAVAILABLE, GatewayException.kindOf(err));
          assertTrue(err.getMessage().contains(TdAuthorizationStates.READY), err.getMessage());
          test.completeNow();
        })));
  }

  @Test
  void aRequestWithoutTypeIsRejected(VertxTestContext test) {
    runtime.newClient().send(new JsonObject()).onComplete(test.failing(err -> test.verify(() -> {
      assertEquals(Kind.INVALID_REQUEST, GatewayException.kindOf(err));
      assertTrue(td.sent.isEmpty());
      test.completeNow();
    })));
  }

  @Test
  void aThrowingUpdateHandlerDoesNotStopLaterUpdates(VertxTestContext test) {
    TdClient client = runtime.newClient();
    List<Integer> seen = new ArrayList<>();
    client.updateHandler(u -> {
      seen.add(u.getInteger("seq"));
      if (u.getInteger("seq") == 0) {
        throw new IllegalStateException("handler bug (expected in this test)");
      }
      test.verify(() -> assertEquals(List.of(0, 1), seen));
      test.completeNow();
    });
    td.push(client.id(), request("updateNumber").put("seq", 0));
    td.push(client.id(), request("updateNumber").put("seq", 1));
    assertNotNull(client.context());
  }
}
