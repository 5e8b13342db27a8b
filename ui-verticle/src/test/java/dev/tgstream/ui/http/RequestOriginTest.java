package dev.tgstream.ui.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestOriginTest {

  @Test
  void normalizesOrigins() {
    assertEquals(Optional.of("https://example.org"), RequestOrigin.normalize("HTTPS://Example.ORG:443"));
    assertEquals(Optional.of("http://example.org"), RequestOrigin.normalize("http://example.org:80/path?q#f"));
    assertEquals(Optional.of("http://localhost:8080"), RequestOrigin.normalize("http://localhost:8080"));
    assertEquals(Optional.of("http://[::1]:8080"), RequestOrigin.normalize("http://[::1]:8080/"));
  }

  @Test
  void refusesWhatIsNotAnHttpOrigin() {
    assertEquals(Optional.empty(), RequestOrigin.normalize("null"));
    assertEquals(Optional.empty(), RequestOrigin.normalize("file:///etc/passwd"));
    assertEquals(Optional.empty(), RequestOrigin.normalize("chrome-extension://abc"));
    assertEquals(Optional.empty(), RequestOrigin.normalize("http://"));
    assertEquals(Optional.empty(), RequestOrigin.normalize(null));
  }
}
