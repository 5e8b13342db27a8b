package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test helper: brings clients on the TDLib test double to authorizationStateReady (the real login dialogue belongs to
 * the session code; the gateway takes clients that are already authorized).
 */
final class DoubleLogins {

  static final Duration WAIT = Duration.ofSeconds(10);

  private DoubleLogins() {
  }

  /** {@code setTdlibParameters} with the schema's fields, for a database folder. */
  static JsonObject parameters(Path databaseDirectory) {
    return new JsonObject().put("@type", "setTdlibParameters").put("use_test_dc", false)
        .put("database_directory", databaseDirectory.toString()).put("files_directory", "")
        .put("database_encryption_key", "").put("use_file_database", true).put("use_chat_info_database", true)
        .put("use_message_database", true).put("use_secret_chats", false).put("api_id", 94575)
        .put("api_hash", "a3406de8d171bb422bb6ddf3bbd800e2").put("system_language_code", "en")
        .put("device_model", "tgstream-test").put("system_version", "").put("application_version", "test");
  }

  /** Starts a client on a folder; completes with the state reached after the parameters (WaitPhoneNumber or Ready). */
  static Future<String> start(TdClient client, Path databaseDirectory) {
    return client.send(parameters(databaseDirectory))
        .compose(ok -> client.awaitAuthorizationState(WAIT, TdAuthorizationStates.WAIT_PHONE_NUMBER,
            TdAuthorizationStates.READY))
        .map(state -> state.getString("@type"));
  }

  static Future<TdClient> bot(TdRuntime runtime, Path databaseDirectory, String token) {
    TdClient client = runtime.newClient();
    return start(client, databaseDirectory).compose(state -> state.equals(TdAuthorizationStates.READY)
            ? Future.succeededFuture()
            : client.send(new JsonObject().put("@type", "checkAuthenticationBotToken").put("token", token))
                .compose(ok -> client.awaitAuthorizationState(WAIT, TdAuthorizationStates.READY)))
        .map(client);
  }

  static Future<TdClient> user(TdRuntime runtime, Path databaseDirectory, String phone, String code,
      String password) {
    TdClient client = runtime.newClient();
    return start(client, databaseDirectory).compose(state -> {
      if (state.equals(TdAuthorizationStates.READY)) {
        return Future.succeededFuture(client);
      }
      return client.send(new JsonObject().put("@type", "setAuthenticationPhoneNumber").put("phone_number", phone)
              .putNull("settings"))
          .compose(ok -> client.awaitAuthorizationState(WAIT, TdAuthorizationStates.WAIT_CODE))
          .compose(s -> client.send(new JsonObject().put("@type", "checkAuthenticationCode").put("code", code)))
          .compose(ok -> client.awaitAuthorizationState(WAIT, TdAuthorizationStates.WAIT_PASSWORD,
              TdAuthorizationStates.READY))
          .compose(s -> s.getString("@type").equals(TdAuthorizationStates.READY) ? Future.succeededFuture()
              : client.send(new JsonObject().put("@type", "checkAuthenticationPassword").put("password", password))
                  .compose(ok -> client.awaitAuthorizationState(WAIT, TdAuthorizationStates.READY)))
          .map(client);
    });
  }
}
