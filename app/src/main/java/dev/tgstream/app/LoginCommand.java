package dev.tgstream.app;

import dev.tgstream.telegram.tdlib.LoginException;
import dev.tgstream.telegram.tdlib.LoginPrompter;
import dev.tgstream.telegram.tdlib.NativeTdJson;
import dev.tgstream.telegram.tdlib.SessionPack;
import dev.tgstream.telegram.tdlib.TdJson;
import dev.tgstream.telegram.tdlib.TdLibraryLocator;
import dev.tgstream.telegram.tdlib.TdRuntime;
import dev.tgstream.telegram.tdlib.UserLogin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code login}: asks for the phone number, the code and the 2FA password on the terminal, logs in with TDLib in a
 * temporary database, and prints {@code TG_SESSION_STRING=<packed session>} on stdout; everything else goes to stderr.
 * Exit 0 with the line printed, 1 when the login did not complete (cancelled, refused, TDLib failing), 2 for a
 * set-up problem (no credentials, no libtdjson).
 */
final class LoginCommand {

  /** A whole login: the person may take minutes to find a code, so only a bound against a wedged TDLib. */
  static final long LOGIN_TIMEOUT_MINUTES = 30;

  private LoginCommand() {
  }

  static int run(AppConfig.TelegramApi api, String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0) {
      return fail(err, "login takes no arguments (it asks on the terminal); got '" + args[0] + "'", Main.EXIT_USAGE);
    }
    TdJson json;
    try {
      json = NativeTdJson.load(TdLibraryLocator.locate(api.tdlibPath()));
    } catch (IllegalStateException e) {
      return fail(err, e.getMessage(), Main.EXIT_USAGE);
    }
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return run(api, json, vertx -> new TerminalPrompter(vertx, System.console(), stdin, err), out, err);
  }

  /** The command over any TDLib (the real one, or a double in tests) and any prompter. */
  static int run(AppConfig.TelegramApi api, TdJson json, Function<Vertx, LoginPrompter> prompter, PrintStream out,
                 PrintStream err) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("tgstream-login-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      return fail(err, "cannot create a temporary folder for TDLib: " + e.getMessage(), 1);
    }
    // Ctrl-C skips every finally: the hook still removes the temporary TDLib database (it holds the account's key).
    Thread cleanup = new Thread(() -> deleteTree(scratch), "tgstream-login-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    Vertx vertx = Vertx.vertx();
    TdRuntime runtime = null;
    try {
      // TDLib logs to stderr, between our prompts: errors only, set before its receive thread starts.
      json.execute(new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level", 1).encode());
      runtime = TdRuntime.start(vertx, json);
      err.println("Logging in to Telegram (TDLib " + TdLibraryLocator.TDLIB_VERSION + "). Ctrl-D cancels.");
      String packed = await(UserLogin.run(vertx, runtime, scratch, api.apiId(), api.apiHash(), applicationVersion(),
          prompter.apply(vertx)));
      out.println(SessionPack.VARIABLE + "=" + packed);
      out.flush();
      err.println("Logged in. Set the line above as the service's environment (it is as good as your password: keep "
          + "it secret).");
      err.println("Never run the same session in two processes at once (Telegram may end it): a split streamer "
          + "should use TG_BOT_TOKEN or a session of its own.");
      if (!SessionPack.fitsEnvironment(packed)) {
        err.println("Warning: " + SessionPack.environmentLimitWarning(packed));
      }
      return 0;
    } catch (LoginException e) {
      return fail(err, e.getMessage(), 1);
    } catch (RuntimeException e) {
      return fail(err, "login failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()), 1);
    } finally {
      if (runtime != null) {
        try {
          await(runtime.close());
        } catch (RuntimeException e) {
          err.println("tgstream login: TDLib did not shut down cleanly: " + e.getMessage());
        }
      }
      vertx.close();
      deleteTree(scratch);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs anyway.
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Gone already, or unreadable: nothing more to do.
    }
  }

  private static String applicationVersion() {
    String v = LoginCommand.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(LOGIN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer from TDLib within " + LOGIN_TIMEOUT_MINUTES + " minutes");
    }
  }

  private static int fail(PrintStream err, String message, int code) {
    err.println("tgstream login: " + message);
    return code;
  }
}
