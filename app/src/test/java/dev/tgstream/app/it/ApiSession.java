package dev.tgstream.app.it;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A signed-in API client as the SPA is one: java.net.http with a cookie jar, {@code Origin} on state-changing calls
 * and JSON bodies.
 */
final class ApiSession {

  private final ServerProcess server;
  private final HttpClient client;

  private ApiSession(ServerProcess server) {
    this.server = server;
    CookieManager cookies = new CookieManager();
    cookies.setCookiePolicy(CookiePolicy.ACCEPT_ALL);
    this.client = HttpClient.newBuilder()
        .cookieHandler(cookies)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Signs in with {@code POST /api/login}; fails the test unless the server answers 200. */
  static ApiSession login(ServerProcess server, TestUser user) {
    ApiSession s = new ApiSession(server);
    String body = "{\"name\":" + json(user.name()) + ",\"password\":" + json(user.password()) + "}";
    HttpResponse<String> r = s.send(HttpRequest.newBuilder(s.uri("/api/login"))
        .header("Origin", server.baseUrl())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(200, r.statusCode(), () -> "POST /api/login as " + user.name() + ": " + r.statusCode() + " " + r.body());
    return s;
  }

  /** GET of an API path (or an absolute URL); returns the response whatever its status. */
  HttpResponse<String> get(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "application/json, */*").GET());
  }

  /** GET that must answer 200; returns the body. */
  String getOk(String pathOrUrl) {
    HttpResponse<String> r = get(pathOrUrl);
    assertEquals(200, r.statusCode(), () -> "GET " + pathOrUrl + ": " + r.statusCode() + " " + r.body());
    return r.body();
  }

  private URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : server.baseUrl() + pathOrUrl);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return fail("request failed: " + e + "\n" + server.tail(30), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** A JSON string literal. */
  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
