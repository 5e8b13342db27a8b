package dev.tgstream.telegram.tdlib;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The binding against the REAL libtdjson the build fetched (offline: nothing here needs Telegram). When the library
 * is absent these tests fail with the one line that says how to get it: they never skip silently.
 */
@ExtendWith(VertxExtension.class)
class NativeTdLibTest {

  private static NativeTdJson json;

  @BeforeAll
  static void load() {
    Path lib;
    try {
      lib = TdLibraryLocator.locate(Optional.empty());
    } catch (IllegalStateException e) {
      fail(e.getMessage());
      return;
    }
    long before = rssKib();
    json = NativeTdJson.load(lib);
    // Errors only: TDLib's default verbosity writes pages of debug output to stderr.
    JsonObject ok = new JsonObject(json.execute(
        new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level", 1).encode()));
    assertEquals("ok", ok.getString("@type"), ok.encode());
    System.out.printf("RSS: %d MiB before loading libtdjson, %d MiB after (+%d MiB) [%s]%n",
        before / 1024, rssKib() / 1024, (rssKib() - before) / 1024, lib);
  }

  /** This process's resident set, from /proc (Linux, where libtdjson runs). */
  static long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // Measuring is informative only.
    }
    return -1;
  }

  @Test
  void executeAnswersTheVersionAndSetsTheLogVerbosity() {
    JsonObject version = new JsonObject(json.execute(
        new JsonObject().put("@type", "getOption").put("name", "version").encode()));
    assertEquals("optionValueString", version.getString("@type"), version.encode());
    assertEquals(TdLibraryLocator.TDLIB_VERSION, version.getString("value"));
    JsonObject ok = new JsonObject(json.execute(
        new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level", 1).encode()));
    assertEquals("ok", ok.getString("@type"), ok.encode());
    JsonObject level = new JsonObject(json.execute(new JsonObject().put("@type", "getLogVerbosityLevel").encode()));
    assertEquals(1, level.getInteger("verbosity_level"), level.encode());
  }

  @Test
  void aClientReachesWaitPhoneNumberOfflineAndClosesCleanly(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    TdRuntime runtime = TdRuntime.start(vertx, json);
    runtime.logVerbosity(1);
    String thread = runtime.receiveThreadName();
    TdClient client = runtime.newClient();
    List<String> states = new CopyOnWriteArrayList<>();
    client.updateHandler(u -> {
      if (TdAuthorizationStates.UPDATE.equals(u.getString("@type"))) {
        states.add(u.getJsonObject("authorization_state").getString("@type"));
      }
    });
    long before = rssKib();
    var waitPhone = client.awaitAuthorizationState(Duration.ofSeconds(30), TdAuthorizationStates.WAIT_PHONE_NUMBER);
    client.send(parameters(dir))
        .compose(ok -> {
          test.verify(() -> assertEquals("ok", ok.getString("@type"), ok.encode()));
          return waitPhone;
        })
        .compose(state -> {
          System.out.printf("RSS: %d MiB with one client at %s (+%d MiB for the client)%n", rssKib() / 1024,
              state.getString("@type"), (rssKib() - before) / 1024);
          return client.close();
        })
        .compose(v -> {
          test.verify(() -> {
            assertEquals(TdAuthorizationStates.CLOSED, states.get(states.size() - 1), states.toString());
            assertTrue(states.contains(TdAuthorizationStates.WAIT_PHONE_NUMBER), states.toString());
          });
          return runtime.close();
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertFalse(TdRuntimeTest.threadAlive(thread), thread + " still running after close");
          test.completeNow();
        })));
  }

  @Test
  void closingTheRuntimeClosesLiveClientsAndLeavesNoReceiveThread(Vertx vertx, VertxTestContext test,
      @TempDir Path dir) {
    TdRuntime runtime = TdRuntime.start(vertx, json);
    String thread = runtime.receiveThreadName();
    TdClient client = runtime.newClient();
    client.send(parameters(dir))
        .compose(ok -> client.awaitAuthorizationState(Duration.ofSeconds(30), TdAuthorizationStates.WAIT_PHONE_NUMBER))
        .compose(state -> {
          // A request still waiting when the runtime closes must fail, not hang.
          var pending = client.send(new JsonObject().put("@type", "getMe"));
          return runtime.close().map(v -> pending);
        })
        .onComplete(test.succeeding(pending -> test.verify(() -> {
          assertTrue(pending.isComplete(), "getMe still pending after close");
          assertFalse(TdRuntimeTest.threadAlive(thread), thread + " still running after close");
          test.completeNow();
        })));
  }

  /** setTdlibParameters as TDLib 1.8.67 takes them (inline fields; names from td_api.tl). */
  private static JsonObject parameters(Path dir) {
    return new JsonObject()
        .put("@type", "setTdlibParameters")
        .put("use_test_dc", true)
        .put("database_directory", dir.resolve("db").toString())
        .put("files_directory", dir.resolve("files").toString())
        .put("database_encryption_key", "")
        .put("use_file_database", false)
        .put("use_chat_info_database", false)
        .put("use_message_database", false)
        .put("use_secret_chats", false)
        // Offline nothing checks these against Telegram; they only have to be well-formed.
        .put("api_id", 12345)
        .put("api_hash", "0123456789abcdef0123456789abcdef")
        .put("system_language_code", "en")
        .put("device_model", "tgstream test")
        .put("system_version", "")
        .put("application_version", "test");
  }
}
