package dev.tgstream.stream.metrics;

import io.micrometer.core.instrument.Tag;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HTTP client's route label: the first path segment only, so no token or file name becomes a time series. */
class MetricsClientRouteTest {

  @ParameterizedTest
  @CsvSource({
      "/stream/c2lnbmVk.token.x/film.mkv, /stream",
      "/health/ready?probe=1, /health",
      "http://streamer.example:8080/control/describe, /control",
      "https://streamer.example, /",
      "/, /",
      "/?q=1, /",
      "'', /"})
  void isTheFirstPathSegment(String uri, String route) {
    Tag tag = Metrics.clientRoute(request(uri)).iterator().next();
    assertEquals("route", tag.getKey());
    assertEquals(route, tag.getValue());
  }

  private static HttpRequest request(String uri) {
    return new HttpRequest() {
      @Override
      public int id() {
        return 1;
      }

      @Override
      public String uri() {
        return uri;
      }

      @Override
      public String absoluteURI() {
        return uri;
      }

      @Override
      public HttpMethod method() {
        return HttpMethod.GET;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }

      @Override
      public SocketAddress remoteAddress() {
        return null;
      }
    };
  }
}
