package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * TDLib's {@code setTdlibParameters} as tgstream sends it, field names from td_api.tl (TDLib silently ignores a
 * misspelt one). The login and the server must agree on two things or a restored session is refused: the test-DC
 * flag (always false) and the database encryption key (always empty) — both fixed here, for every caller.
 */
public final class TdParameters {

  private TdParameters() {
  }

  /**
   * @param databases whether TDLib keeps its file, chat and message databases: the server wants them (file ids that
   *                  survive restarts, and the message database lets TDLib unload messages, lowering RAM); a one-off
   *                  login does not
   */
  public static JsonObject of(Path database, Path files, int apiId, String apiHash, String applicationVersion,
                              boolean databases) {
    return new JsonObject()
        .put("@type", "setTdlibParameters")
        .put("use_test_dc", false)
        .put("database_directory", database.toString())
        .put("files_directory", files.toString())
        .put("database_encryption_key", "")
        .put("use_file_database", databases)
        .put("use_chat_info_database", databases)
        .put("use_message_database", databases)
        .put("use_secret_chats", false)
        .put("api_id", apiId)
        .put("api_hash", apiHash)
        .put("system_language_code", "en")
        .put("device_model", "tgstream")
        .put("system_version", "")
        .put("application_version", applicationVersion);
  }
}
