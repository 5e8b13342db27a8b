package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * {@code tgstream login} without the terminal: logs a user in through a {@link LoginDialogue} in a fresh, temporary
 * TDLib database, closes the client (TDLib has written the whole binlog only once closed), and answers the session
 * packed by {@link SessionPack}. The temporary folder holds the account's authorization key, so it is deleted whatever
 * happens: the packed string is the only copy left.
 */
public final class UserLogin {

  private UserLogin() {
  }

  /** Logs in and answers the packed session string; fails with {@link LoginException} when the login did not end. */
  public static Future<String> run(Vertx vertx, TdRuntime runtime, int apiId, String apiHash, String applicationVersion,
                                   LoginPrompter prompter) {
    return run(vertx, runtime, Path.of(System.getProperty("java.io.tmpdir")), apiId, apiHash, applicationVersion,
        prompter);
  }

  /** As {@link #run(Vertx, TdRuntime, int, String, String, LoginPrompter)}, in a temporary folder under {@code parent}. */
  public static Future<String> run(Vertx vertx, TdRuntime runtime, Path parent, int apiId, String apiHash,
                                   String applicationVersion, LoginPrompter prompter) {
    // Owner-only: the folder holds the account's authorization key until it is deleted.
    return vertx.fileSystem().createTempDirectory(parent.toString(), "tgstream-login-", "rwx------").compose(tempDir -> {
      Path dir = Path.of(tempDir);
      Path database = dir.resolve("db");
      TdClient client = runtime.newClient();
      JsonObject parameters = parameters(database, dir.resolve("files"), apiId, apiHash, applicationVersion);
      Future<String> packed = new LoginDialogue(client, parameters, prompter, LoginDialogue.DEFAULT_TRIES).run()
          .transform(login -> client.close().transform(closed -> {
            if (login.failed()) {
              return Future.failedFuture(login.cause());
            }
            if (closed.failed()) {
              // Packing a binlog TDLib may still be writing could give a string that restores a broken session.
              return Future.failedFuture(new LoginException("logged in, but TDLib did not close cleanly ("
                  + closed.cause().getMessage() + "); run login again", false));
            }
            return vertx.executeBlocking(() -> SessionPack.pack(database), false);
          }));
      return packed.eventually(() -> vertx.fileSystem().deleteRecursive(tempDir).recover(e -> Future.succeededFuture()));
    });
  }

  /** The setTdlibParameters of a login: no databases, nothing but the authorization is wanted. */
  static JsonObject parameters(Path database, Path files, int apiId, String apiHash, String applicationVersion) {
    return TdParameters.of(database, files, apiId, apiHash, applicationVersion, false);
  }
}
