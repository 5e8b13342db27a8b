package dev.tgstream.app;

import dev.tgstream.ui.auth.PasswordHasher;
import dev.tgstream.ui.auth.UserStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reset-password: the way back from a lost first-start password. */
class ResetPasswordCommandTest {

  private final Vertx vertx = Vertx.vertx();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int run(Path dataDir, Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("DATA_DIR", dataDir.toString());
    AppConfig config = new ConfigLoader(env, new JsonObject()).read();
    return ResetPasswordCommand.run(config, args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private UserStore open(Path dataDir, boolean firstAdmin) throws Exception {
    return UserStore.open(vertx, dataDir, null, firstAdmin).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void theFirstStartAdminGetsANewPasswordThatSignsIn(@TempDir Path dataDir) throws Exception {
    String lost = open(dataDir, true).generatedAdminPassword().orElseThrow();
    assertEquals(0, run(dataDir, Map.of(), "admin"));
    String fresh = out.toString(StandardCharsets.UTF_8).strip();
    assertTrue(PasswordHasher.checkStrength(fresh) == null, "a strong password: " + fresh);
    UserStore after = open(dataDir, true);
    assertTrue(after.authenticate("admin", fresh).toCompletionStage().toCompletableFuture().get().isPresent());
    assertTrue(after.authenticate("admin", lost).toCompletionStage().toCompletableFuture().get().isEmpty());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("restart"));
  }

  @Test
  void unknownNamesAndUsageErrorsExitTwoWithOneLine(@TempDir Path dataDir) throws Exception {
    open(dataDir, true);
    assertEquals(Main.EXIT_USAGE, run(dataDir, Map.of(), "nobody"));
    assertEquals(Main.EXIT_USAGE, run(dataDir, Map.of()));
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].contains("no user named 'nobody'"), lines[0]);
    assertTrue(lines[1].contains("usage"), lines[1]);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aUserFromUiUsersIsToldToChangeItThere(@TempDir Path dataDir) {
    String spec = "carol:" + PasswordHasher.hash("carol-password-1", 4) + ":admin";
    assertEquals(Main.EXIT_USAGE, run(dataDir, Map.of("UI_USERS", spec), "carol"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("UI_USERS"));
  }
}
