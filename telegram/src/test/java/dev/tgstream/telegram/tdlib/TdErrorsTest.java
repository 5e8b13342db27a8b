package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.GatewayException.Kind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every branch of the TDLib error mapping. */
class TdErrorsTest {

  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @CsvSource(delimiter = '|', value = {
      // code | message | kind | retry after
      "429 | Too Many Requests: retry after 17 | FLOOD_WAIT | 17",
      "429 | too many requests: RETRY AFTER 3 | FLOOD_WAIT | 3",
      "429 | Too Many Requests | FLOOD_WAIT | 5",
      "420 | FLOOD_WAIT_120 | FLOOD_WAIT | 120",
      "420 | '' | FLOOD_WAIT | 5",
      "400 | FLOOD_WAIT_9 | FLOOD_WAIT | 9",
      "500 | FLOOD_WAIT_99999999999999 | FLOOD_WAIT | 2147483647",
      "400 | FILE_REFERENCE_EXPIRED | INVALID_REQUEST | 0",
      "400 | The method is not available to bots | INVALID_REQUEST | 0",
      "400 | Chat not found | NOT_FOUND | 0",
      "400 | USERNAME_NOT_OCCUPIED | NOT_FOUND | 0",
      "404 | Not Found | NOT_FOUND | 0",
      "401 | Unauthorized | UNAVAILABLE | 0",
      "401 | AUTH_KEY_UNREGISTERED | UNAVAILABLE | 0",
      "403 | CHAT_ADMIN_REQUIRED | UNAVAILABLE | 0",
      "406 | AUTH_KEY_DUPLICATED | UNAVAILABLE | 0",
      "500 | Request aborted | UNAVAILABLE | 0",
      "502 | Bad Gateway | UNAVAILABLE | 0",
      "503 | Service Unavailable | UNAVAILABLE | 0",
      "200 | Canceled by another downloadFile request | UNAVAILABLE | 0",
      "0 | '' | UNAVAILABLE | 0",
      "-1 | something odd | UNAVAILABLE | 0",
  })
  void mapsCodeAndMessage(int code, String message, Kind kind, int retryAfter) {
    GatewayException g = TdErrors.map("getChat", code, message);
    assertEquals(kind, g.kind());
    assertEquals(retryAfter, g.retryAfterSeconds());
    assertEquals(code, g.code(), "TDLib's code is kept");
    assertTrue(g.getMessage().contains("getChat"), "names the request: " + g.getMessage());
    assertTrue(g.getMessage().contains(message), "keeps TDLib's text: " + g.getMessage());
  }

  @Test
  void authorizationFailuresSayWhatToDoAndAreRecognisable() {
    GatewayException g = TdErrors.map("getMe", 401, "Unauthorized");
    assertTrue(g.getMessage().contains("log in again"), g.getMessage());
    assertTrue(TdErrors.isAuthorizationFailure(g));
    assertFalse(TdErrors.isAuthorizationFailure(TdErrors.map("getMe", 500, "x")));
    assertFalse(TdErrors.isAuthorizationFailure(new IllegalStateException()));
    assertTrue(TdErrors.map("getChat", 403, "CHAT_ADMIN_REQUIRED").getMessage().contains("not allowed"));
  }

  @Test
  void fromErrorReadsTheAnswerObject() {
    GatewayException g = TdErrors.fromError("searchChatMessages",
        new JsonObject().put("@type", "error").put("code", 404).put("message", "Not Found"));
    assertEquals(Kind.NOT_FOUND, g.kind());
    assertEquals(404, g.code());
    GatewayException bare = TdErrors.fromError("getChat", new JsonObject().put("@type", "error"));
    assertEquals(Kind.UNAVAILABLE, bare.kind());
    assertEquals(0, bare.code());
    GatewayException null_message = TdErrors.map("getChat", 400, null);
    assertEquals(Kind.INVALID_REQUEST, null_message.kind());
  }

  @Test
  void isErrorLooksAtTheType() {
    assertTrue(TdErrors.isError(new JsonObject().put("@type", "error")));
    assertFalse(TdErrors.isError(new JsonObject().put("@type", "ok")));
    assertFalse(TdErrors.isError(new JsonObject()));
  }

  @Test
  void timeoutsAndClosedClientsAreUnavailableAndNameTheRequest() {
    GatewayException t = TdErrors.timeout("downloadFile", Duration.ofSeconds(30));
    assertEquals(Kind.UNAVAILABLE, t.kind());
    assertTrue(t.getMessage().contains("downloadFile") && t.getMessage().contains("30000 ms"), t.getMessage());
    GatewayException c = TdErrors.closed("getChat", 3);
    assertEquals(Kind.UNAVAILABLE, c.kind());
    assertTrue(c.getMessage().contains("getChat") && c.getMessage().contains("3"), c.getMessage());
  }
}
