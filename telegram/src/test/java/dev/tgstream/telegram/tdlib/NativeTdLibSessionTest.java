package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sessions against the REAL libtdjson, offline (nothing here reaches Telegram): a real TDLib database folder packed
 * by {@link SessionPack} and restored elsewhere gives a byte-identical td.binlog that TDLib opens again; the login
 * dialogue's first step reaches the phone question, and the phone number sent offline ends in a clean
 * {@link LoginException}, never a hang. Fails (never skips) when the library is absent.
 */
@ExtendWith(VertxExtension.class)
class NativeTdLibSessionTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** How long the phone number may stay unanswered offline before the test closes the client (a bound, not a claim). */
  private static final long PHONE_ANSWER_BOUND_MS = 5_000;
  private static NativeTdJson json;

  @BeforeAll
  static void load() {
    try {
      json = NativeTdJson.load(TdLibraryLocator.locate(Optional.empty()));
    } catch (IllegalStateException e) {
      fail(e.getMessage());
    }
    json.execute(new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level", 1).encode());
  }

  private static JsonObject parameters(Path db) {
    // The server's own parameters (databases on), as TdlibBackend sends them for a session folder.
    return TdParameters.of(db, db.resolve("files"), TdJsonDoubleProvider.API_ID, TdJsonDoubleProvider.API_HASH,
        "test", true);
  }

  /** A client on {@code db}: setTdlibParameters, WaitPhoneNumber (offline, no session), then closed. */
  private static Future<String> openAndClose(TdRuntime runtime, Path db) {
    TdClient client = runtime.newClient();
    return client.send(parameters(db))
        .compose(ok -> client.awaitAuthorizationState(WAIT, TdAuthorizationStates.WAIT_PHONE_NUMBER))
        .compose(state -> client.close().map(state.getString("@type")));
  }

  @Test
  void aRealTdlibFolderPackedAndRestoredElsewhereHasAByteIdenticalBinlog(Vertx vertx, VertxTestContext ctx,
      @TempDir Path temp) {
    TdRuntime runtime = TdRuntime.start(vertx, json);
    Path original = temp.resolve("original/db");
    Path restored = temp.resolve("elsewhere/db");
    String[] packed = new String[1];
    openAndClose(runtime, original)
        .compose(state -> vertx.executeBlocking(() -> {
          Path binlog = original.resolve(SessionPack.BINLOG);
          assertTrue(Files.isRegularFile(binlog) && Files.size(binlog) > 0, "TDLib wrote " + binlog + " on close");
          packed[0] = SessionPack.pack(original);
          assertTrue(packed[0].startsWith(SessionPack.PREFIX), packed[0]);
          assertTrue(SessionPack.fitsEnvironment(packed[0]), "fits one environment string");
          SessionPack.restore(packed[0], restored);
          assertEquals(DoubleFixtures.sha256(Files.readAllBytes(binlog)),
              DoubleFixtures.sha256(Files.readAllBytes(restored.resolve(SessionPack.BINLOG))),
              "sha256 of the restored td.binlog");
          return null;
        }, false))
        // TDLib opens the restored folder as its own: the same state as the original, no error.
        .compose(v -> openAndClose(runtime, restored))
        .compose(state -> runtime.close().map(state))
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertEquals(TdAuthorizationStates.WAIT_PHONE_NUMBER, state);
          ctx.completeNow();
        })));
  }

  @Test
  void theLoginDialogueAsksForThePhoneAndEndsInACleanErrorOffline(Vertx vertx, VertxTestContext ctx,
      @TempDir Path temp) {
    TdRuntime runtime = TdRuntime.start(vertx, json);
    String thread = runtime.receiveThreadName();
    TdClient client = runtime.newClient();
    List<String> prompts = new CopyOnWriteArrayList<>();
    Promise<Void> phoneAsked = Promise.promise();
    LoginPrompter prompter = new LoginPrompter() {
      @Override
      public Future<Optional<String>> ask(String prompt) {
        prompts.add(prompt);
        phoneAsked.tryComplete();
        return Future.succeededFuture(Optional.of("+15550001111"));
      }

      @Override
      public Future<Optional<String>> askSecret(String prompt) {
        prompts.add(prompt);
        return Future.succeededFuture(Optional.empty());
      }

      @Override
      public void tell(String message) {
        prompts.add("tell: " + message);
      }
    };
    Path db = temp.resolve("login/db");
    Future<Void> login = new LoginDialogue(client, UserLogin.parameters(db, db.resolve("files"),
        TdJsonDoubleProvider.API_ID, TdJsonDoubleProvider.API_HASH, "test"), prompter, LoginDialogue.DEFAULT_TRIES)
        .run();
    Promise<Throwable> ended = Promise.promise();
    phoneAsked.future().onSuccess(v -> {
      // Offline, TDLib either refuses the number or keeps waiting for the network: bound the wait, then close the
      // client as `login` does on exit. Either way the dialogue must end in a LoginException.
      long timer = vertx.setTimer(PHONE_ANSWER_BOUND_MS, t -> client.close());
      login.onComplete(ar -> {
        vertx.cancelTimer(timer);
        ended.tryComplete(ar.failed() ? ar.cause() : null);
      });
    });
    ended.future()
        .compose(err -> client.close().transform(x -> runtime.close()).map(err))
        .onComplete(ctx.succeeding(err -> ctx.verify(() -> {
          assertTrue(prompts.get(0).startsWith("Phone number"), prompts.toString());
          assertInstanceOf(LoginException.class, err, "the dialogue's outcome offline: " + err);
          assertFalse(err.getMessage().isBlank());
          System.out.println("offline login ended with: " + err.getMessage() + " (prompts " + prompts + ")");
          assertFalse(TdRuntimeTest.threadAlive(thread), thread + " still running after close");
          ctx.completeNow();
        })));
  }
}
