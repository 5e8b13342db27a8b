package dev.tgstream.app;

import dev.tgstream.ui.auth.PasswordHasher;
import dev.tgstream.ui.auth.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * {@code reset-password <name>}: the way back from a lost password (the first-start admin's among them). Sets a new
 * random password in DATA_DIR/users.json and prints it. The service reads users.json at start, so a running service
 * keeps the old password until it restarts: run this while it is stopped, or restart it after.
 */
final class ResetPasswordCommand {

  private ResetPasswordCommand() {
  }

  static int run(AppConfig config, String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].isBlank()) {
      return fail(err, "usage: reset-password <name>");
    }
    String name = args[0].strip();
    Vertx vertx = Vertx.vertx();
    try {
      UserStore users = await(UserStore.open(vertx, config.dataDir(), config.uiUsers().orElse(null), false));
      if (users.find(name).isEmpty()) {
        return fail(err, "no user named '" + name + "' in " + config.dataDir().resolve(UserStore.FILE_NAME)
            + (users.size() == 0 ? " (there are no users yet: start the service once to create 'admin')" : ""));
      }
      if (users.isFromEnv(name)) {
        return fail(err, "user '" + name + "' is defined by UI_USERS, which wins at every start: put a new hash "
            + "there (hash-password prints one)");
      }
      String password = PasswordHasher.randomPassword();
      await(users.update(name, password, null));
      out.println(password);
      err.println("tgstream reset-password: new password for '" + name + "' saved; restart the service if it is "
          + "running (it reads users.json at start)");
      return 0;
    } catch (RuntimeException e) {
      return fail(err, "could not reset the password: " + e.getMessage());
    } finally {
      vertx.close();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  private static int fail(PrintStream err, String message) {
    err.println("tgstream reset-password: " + message);
    return Main.EXIT_USAGE;
  }
}
