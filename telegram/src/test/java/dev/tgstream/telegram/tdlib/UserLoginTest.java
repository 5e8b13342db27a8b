package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The login dialogue against the TDLib test double (not TDLib): prompts, retries, cancel, and the packed result. */
@ExtendWith(VertxExtension.class)
class UserLoginTest {

  static final String PHONE = "+447700900123";
  static final String CODE = "24680";
  static final String PASSWORD = "correct horse";
  static final int API_ID = 12345;
  static final String API_HASH = "0123456789abcdef0123456789abcdef";

  /** A person typing the given lines; null stands for Ctrl-D. Records what was asked and said. */
  static final class Script implements LoginPrompter {
    final Deque<Optional<String>> answers = new ArrayDeque<>();
    final List<String> prompts = new ArrayList<>();
    final List<String> secretPrompts = new ArrayList<>();
    final List<String> told = new ArrayList<>();

    Script(String... lines) {
      Arrays.stream(lines).forEach(l -> answers.add(Optional.ofNullable(l)));
    }

    @Override
    public Future<Optional<String>> ask(String prompt) {
      prompts.add(prompt);
      return Future.succeededFuture(answers.isEmpty() ? Optional.empty() : answers.poll());
    }

    @Override
    public Future<Optional<String>> askSecret(String prompt) {
      secretPrompts.add(prompt);
      return ask(prompt);
    }

    @Override
    public void tell(String message) {
      told.add(message);
    }
  }

  @TempDir
  Path temp;
  TdJsonDouble td;
  TdRuntime runtime;

  @BeforeEach
  void start(Vertx vertx) {
    td = TdJsonDouble.builder().user(PHONE, CODE, PASSWORD).build();
    runtime = TdRuntime.start(vertx, td);
  }

  @AfterEach
  void stop() throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get();
    td.close();
  }

  private Future<String> login(Vertx vertx, Script script) {
    return UserLogin.run(vertx, runtime, temp, API_ID, API_HASH, "test", script);
  }

  private void noTempFolderLeft() throws IOException {
    try (var left = Files.list(temp)) {
      assertEquals(List.of(), left.toList(), "the temporary database (with the auth key) is deleted");
    }
  }

  @Test
  void phoneCodeWrongOnceThenPasswordGivesASessionThatRestores(Vertx vertx, VertxTestContext ctx) {
    Script script = new Script("+44 7700 900123", "11111", CODE, PASSWORD);
    Path restored = temp.resolve("restored");
    login(vertx, script).compose(packed -> {
      ctx.verify(() -> {
        assertTrue(packed.startsWith(SessionPack.PREFIX), packed);
        assertEquals(3, script.prompts.size() - script.secretPrompts.size(), "phone, code, code again");
        assertTrue(script.prompts.get(0).contains("Phone number"), script.prompts.get(0));
        assertTrue(script.prompts.get(1).contains("Login code"), script.prompts.get(1));
        assertEquals(1, script.secretPrompts.size());
        assertTrue(script.secretPrompts.get(0).contains("password (hint: the usual)"), script.secretPrompts.get(0));
        assertEquals(1, script.told.size());
        assertTrue(script.told.get(0).startsWith("Wrong code. Try again (2 tries left)"), script.told.get(0));
        noTempFolderLeft();
        SessionPack.restore(packed, restored);
      });
      // A new client on the restored folder is authorized at once: no phone, no code.
      TdClient client = runtime.newClient();
      return client.send(UserLogin.parameters(restored, temp.resolve("files"), API_ID, API_HASH, "test"))
          .compose(ok -> client.awaitAuthorizationState(Duration.ofSeconds(10), TdAuthorizationStates.READY,
              TdAuthorizationStates.WAIT_PHONE_NUMBER))
          .eventually(client::close);
    }).onComplete(ctx.succeeding(state -> ctx.verify(() -> {
      assertEquals(TdAuthorizationStates.READY, state.getString("@type"));
      ctx.completeNow();
    })));
  }

  @Test
  void aMistypedPhoneNumberIsAskedAgain(Vertx vertx, VertxTestContext ctx) {
    Script script = new Script("+1 555 0100", PHONE, CODE, PASSWORD);
    login(vertx, script).onComplete(ctx.succeeding(packed -> ctx.verify(() -> {
      assertTrue(script.told.get(0).contains("does not accept that phone number"), script.told.get(0));
      assertTrue(script.prompts.get(1).contains("Phone number"));
      ctx.completeNow();
    })));
  }

  @Test
  void aWrongPasswordTooOftenGivesUp(Vertx vertx, VertxTestContext ctx) {
    Script script = new Script(PHONE, CODE, "a", "b", "c", PASSWORD);
    login(vertx, script).onComplete(ctx.failing(err -> ctx.verify(() -> {
      LoginException e = (LoginException) err;
      assertFalse(e.cancelled());
      assertTrue(e.getMessage().contains("Wrong password. Giving up after 3 tries"), e.getMessage());
      assertEquals(2, script.told.size(), "two 'try again', then the failure");
      assertEquals(Optional.of(PASSWORD), script.answers.peek(), "the fourth password was never asked");
      noTempFolderLeft();
      ctx.completeNow();
    })));
  }

  @Test
  void endOfInputCancelsCleanly(Vertx vertx, VertxTestContext ctx) {
    Script script = new Script(PHONE, (String) null);
    login(vertx, script).onComplete(ctx.failing(err -> ctx.verify(() -> {
      LoginException e = (LoginException) err;
      assertTrue(e.cancelled());
      assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
      noTempFolderLeft();
      ctx.completeNow();
    })));
  }

  @Test
  void anEmptyAnswerIsAskedAgain(Vertx vertx, VertxTestContext ctx) {
    Script script = new Script("", PHONE, "  ", CODE, PASSWORD);
    login(vertx, script).onComplete(ctx.succeeding(packed -> ctx.verify(() -> {
      assertEquals(List.of("Nothing was entered. Try again (2 tries left).",
          "Nothing was entered. Try again (2 tries left)."), script.told);
      ctx.completeNow();
    })));
  }

  @Test
  void anAccountWithoutPasswordIsReadyAfterTheCode(Vertx vertx, VertxTestContext ctx) throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get();
    td.close();
    td = TdJsonDouble.builder().user(PHONE, CODE, null).build();
    runtime = TdRuntime.start(vertx, td);
    Script script = new Script(PHONE, CODE);
    login(vertx, script).onComplete(ctx.succeeding(packed -> ctx.verify(() -> {
      assertEquals(0, script.secretPrompts.size());
      assertTrue(SessionPack.unpack(packed).length > 0);
      ctx.completeNow();
    })));
  }

  @Test
  void setTdlibParametersHasExactlyTheSchemasFields() {
    JsonObject p = UserLogin.parameters(Path.of("/d"), Path.of("/f"), 1, "h", "v");
    assertEquals(List.of("@type", "api_hash", "api_id", "application_version", "database_directory",
        "database_encryption_key", "device_model", "files_directory", "system_language_code", "system_version",
        "use_chat_info_database", "use_file_database", "use_message_database", "use_secret_chats", "use_test_dc"),
        p.fieldNames().stream().sorted().toList());
  }
}
