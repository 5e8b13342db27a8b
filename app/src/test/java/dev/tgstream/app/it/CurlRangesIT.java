package dev.tgstream.app.it;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl against /stream: single, middle, suffix, open and multiple ranges byte for byte; HEAD; signed-link refusal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlRangesIT {

  private ServerProcess server;
  private Fixtures.Fixture file;
  private String url;
  private Path scratch;

  @BeforeAll
  void start() {
    Tools.require("curl");
    file = Fixtures.random(64, 64);
    server = ServerProcess.builder("curl-ranges").file("movies", file).start();
    url = server.loopbackLink("movies", file.name());
    scratch = server.scratch("curl");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void assertRange(String spec, long first, long last) {
    Curl.Response r = Curl.request(scratch, url, "-r", spec);
    assertEquals(206, r.status(), () -> "range " + spec + "\n" + r.describe());
    assertEquals("bytes " + first + "-" + last + "/" + file.size(), r.header("content-range"), () -> r.describe());
    assertEquals(Long.toString(last - first + 1), r.header("content-length"), () -> r.describe());
    byte[] expected = file.slice(first, last);
    assertEquals(Tools.sha256(expected), Tools.sha256(r.body()), () -> "bytes of range " + spec + " differ from the file");
  }

  @Test
  void firstKibibyte() {
    assertRange("0-1023", 0, 1023);
  }

  @Test
  void middleOfTheFile() {
    long mid = file.size() / 2 + 12345;
    assertRange(mid + "-" + (mid + 65535), mid, mid + 65535);
  }

  @Test
  void unalignedRangeAcrossAMebibyteBoundary() {
    assertRange("1048000-1049999", 1048000, 1049999);
    assertRange("3145727-5242881", 3145727, 5242881);
  }

  @Test
  void suffixRange() {
    assertRange("-500", file.size() - 500, file.size() - 1);
  }

  @Test
  void openEndedRange() {
    assertRange((file.size() - 1000) + "-", file.size() - 1000, file.size() - 1);
  }

  @Test
  void safariProbeGetsExactlyTwoBytes() {
    assertRange("0-1", 0, 1);
  }

  @Test
  void lastByteClampedEnd() {
    assertRange((file.size() - 10) + "-" + (file.size() + 1000), file.size() - 10, file.size() - 1);
  }

  @Test
  void multipleRangesAsMultipartByteranges() {
    Curl.Response r = Curl.request(scratch, url, "-r", "0-9,20-29");
    assertEquals(206, r.status(), r::describe);
    List<Curl.Part> parts = Curl.multipart(r);
    assertEquals(2, parts.size(), r::describe);
    long[][] ranges = {{0, 9}, {20, 29}};
    for (int i = 0; i < 2; i++) {
      Curl.Part p = parts.get(i);
      assertEquals("bytes " + ranges[i][0] + "-" + ranges[i][1] + "/" + file.size(), p.headers().get("content-range"));
      assertArrayEquals(file.slice(ranges[i][0], ranges[i][1]), p.data(), "part " + i + " bytes");
    }
    assertEquals(Integer.toString(r.body().length), r.header("content-length"), "Content-Length of the multipart body");
  }

  @Test
  void wholeFileWithoutRange() {
    Curl.Response r = Curl.request(scratch, url);
    assertEquals(200, r.status(), r::describe);
    assertEquals(Long.toString(file.size()), r.header("content-length"));
    assertEquals(file.sha256(), Tools.sha256(r.body()), "sha256 of the whole download");
  }

  @Test
  void unsatisfiableRangeIs416() {
    Curl.Response r = Curl.request(scratch, url, "-r", file.size() + "-");
    assertEquals(416, r.status(), r::describe);
    assertEquals("bytes */" + file.size(), r.header("content-range"), r::describe);
  }

  @Test
  void headGivesLengthAndAcceptRangesWithoutBody() throws IOException {
    Curl.Response r = Curl.request(scratch, url, "-I");
    assertEquals(200, r.status(), r::describe);
    assertEquals(Long.toString(file.size()), r.header("content-length"), r::describe);
    assertEquals("bytes", r.header("accept-ranges"), r::describe);
    assertNotNull(r.header("etag"), r::describe);

    // On the wire: with Connection: close, everything the server sends after the header block would be a body.
    URI u = URI.create(url);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(("HEAD " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0 && all.size() < 1 << 20) {
        all.write(buf, 0, n);
      }
      byte[] bytes = all.toByteArray();
      int end = Curl.indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      assertTrue(end > 0, "no header block in the HEAD response");
      String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      assertTrue(head.contains("content-length: " + file.size()), head);
      assertEquals(end + 4, bytes.length, "HEAD response carried " + (bytes.length - end - 4) + " body bytes");
    }
  }

  @Test
  void tamperedTokenIs403Json() {
    URI u = URI.create(url);
    String path = u.getRawPath(); // /stream/<token>/<name>
    String[] segments = path.split("/");
    String token = segments[2];
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    for (String bad : List.of(tampered, "x" + token, "not-a-token")) {
      Curl.Response r = Curl.request(scratch, server.baseUrl() + "/stream/" + bad + "/" + segments[3]);
      assertEquals(403, r.status(), () -> "token " + bad + "\n" + r.describe());
      String type = r.header("content-type");
      assertTrue(type != null && type.startsWith("application/json"), () -> "403 must be JSON: " + r.describe());
      JsonObject json = new JsonObject(r.text());
      assertTrue(!json.isEmpty(), "403 JSON body is empty");
    }
  }
}
