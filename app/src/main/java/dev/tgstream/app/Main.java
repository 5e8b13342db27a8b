package dev.tgstream.app;

import dev.tgstream.stream.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.Arrays;

/**
 * Entry point of the fat jar: {@code serve} (default), {@code link}, {@code login}, {@code hash-password},
 * {@code reset-password}, {@code cds-training}.
 */
public final class Main {

  static final int EXIT_USAGE = 2;
  static final String CDS_TRAINING = "cds-training";

  private Main() {
  }

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0];
    if (!"serve".equals(command)) {
      // A CLI command's stdout is its answer (the one URL of `link`) and its stderr one line on failure: only warnings
      // and errors are logged, to stderr.
      System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
      // The training run's service logs nothing: its start-up lines (a first user's password) are no one's.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", CDS_TRAINING.equals(command) ? "error" : "warn");
    }
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    int code;
    try {
      code = switch (command) {
        case "serve" -> serve();
        case "link" -> LinkCommand.run(ConfigLoader.load(), rest, System.out, System.err);
        case "login" -> LoginCommand.run(ConfigLoader.loadTelegramApi(), rest, System.out, System.err);
        case "hash-password" -> HashPasswordCommand.run(rest, System.in, System.out, System.err);
        case "reset-password" -> ResetPasswordCommand.run(ConfigLoader.load(), rest, System.out, System.err);
        case CDS_TRAINING -> CdsTraining.run(System.out, System.err);
        case "-h", "--help", "help" -> usage(0);
        default -> {
          System.err.println("tgstream: unknown command '" + command + "'");
          yield usage(EXIT_USAGE);
        }
      };
    } catch (ConfigException e) {
      System.err.println("tgstream: " + e.getMessage());
      code = EXIT_USAGE;
    }
    if (code >= 0) {
      System.exit(code);
    }
  }

  /** Starts the service; returns -1 so main leaves the JVM running (until SIGTERM, see {@link GracefulShutdown}). */
  private static int serve() {
    AppConfig config = ConfigLoader.load();
    DirectMemoryBudget.check(config);
    Vertx vertx = Metrics.vertx(new VertxOptions(), Metrics.REGISTRY_NAME);
    Future<Application> app = Application.start(vertx, config);
    GracefulShutdown.install(app, vertx, config.shutdownGrace());
    app.onFailure(err -> {
      System.err.println("tgstream: start-up failed: " + (err.getMessage() != null ? err.getMessage() : err.toString()));
      System.exit(1);
    });
    return -1;
  }

  private static int usage(int code) {
    (code == 0 ? System.out : System.err).println("""
        usage: java -jar tgstream.jar [command]
          serve                                   run the service (default); settings come from env / conf/config.json
          link <channel> <file> [--ttl s] [--download]
                                                  print a signed stream URL for a file
          link <https://t.me/…/post> [--ttl s] [--download]
                                                  the same for a Telegram post link (TDLib backend)
          login                                   log in to Telegram (phone, code, 2FA password asked on the
                                                  terminal) and print TG_SESSION_STRING=…; needs TG_API_ID and
                                                  TG_API_HASH
          hash-password [password]                print a bcrypt hash for UI_USERS (reads stdin when no argument)
          reset-password <name>                   print a new password for a user (restart the service after)
          cds-training                            start, serve a few requests on throw-away folders and stop: the
                                                  image build's run for -XX:ArchiveClassesAtExit (AppCDS)""");
    return code;
  }
}
