package dev.tgstream.app.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** curl as the HTTP client: status, headers and exact body bytes of one request. */
final class Curl {

  private static final Pattern STATUS = Pattern.compile("^HTTP/[0-9.]+ (\\d{3})");

  private Curl() {
  }

  /** One response as curl received it; header names lower-case. */
  record Response(int status, Map<String, List<String>> headers, byte[] body, Tools.Result run) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String describe() {
      return "HTTP " + status + " " + headers + "\n" + run.describe();
    }
  }

  /** One part of a multipart/byteranges body. */
  record Part(Map<String, String> headers, byte[] data) {
  }

  /** {@code curl -sS <args> <url>}, writing headers and body to files. */
  static Response request(Path scratch, String url, String... args) {
    String curl = Tools.require("curl");
    try {
      Path headers = Files.createTempFile(scratch, "h", ".txt");
      Path body = Files.createTempFile(scratch, "b", ".bin");
      List<String> cmd = new ArrayList<>(List.of(curl, "-sS", "--max-time", "120", "-D", headers.toString(),
          "-o", body.toString()));
      cmd.addAll(List.of(args));
      cmd.add(url);
      Tools.Result r = Tools.run(Duration.ofMinutes(3), cmd);
      assertEquals(0, r.exit(), () -> "curl failed\n" + r.describe());
      String head = Files.readString(headers, StandardCharsets.ISO_8859_1);
      byte[] bytes = Files.readAllBytes(body);
      Files.delete(headers);
      Files.delete(body);
      return parse(head, bytes, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(String head, byte[] body, Tools.Result r) {
    // keep the last header block (after any 1xx interim responses)
    String[] blocks = head.split("\r?\n\r?\n");
    String last = "";
    for (String b : blocks) {
      if (!b.isBlank()) {
        last = b;
      }
    }
    String[] lines = last.split("\r?\n");
    Matcher m = STATUS.matcher(lines[0]);
    if (!m.find()) {
      fail("no HTTP status line in curl's headers: " + head + "\n" + r.describe());
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
    }
    return new Response(Integer.parseInt(m.group(1)), headers, body, r);
  }

  /** Splits a multipart/byteranges body by the boundary named in its Content-Type. */
  static List<Part> multipart(Response response) {
    String type = response.header("content-type");
    assertTrue(type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/byteranges"),
        () -> "expected multipart/byteranges, got " + type);
    Matcher bm = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(type);
    assertTrue(bm.find(), () -> "no boundary in " + type);
    byte[] delimiter = ("--" + bm.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = response.body();
    List<Integer> at = new ArrayList<>();
    for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
      at.add(i);
    }
    assertTrue(at.size() >= 2, "multipart body has fewer than two delimiters");
    List<Part> parts = new ArrayList<>();
    for (int k = 0; k + 1 < at.size(); k++) {
      int start = at.get(k) + delimiter.length;
      start = skipCrlf(body, start);
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      assertTrue(headerEnd > 0 && headerEnd < at.get(k + 1), "part without header end");
      Map<String, String> h = new LinkedHashMap<>();
      for (String line : new String(body, start, headerEnd - start, StandardCharsets.ISO_8859_1).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          h.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
      }
      int dataStart = headerEnd + 4;
      int dataEnd = at.get(k + 1) - 2; // the CRLF before the next delimiter belongs to it
      assertTrue(dataEnd >= dataStart && body[dataEnd] == '\r' && body[dataEnd + 1] == '\n',
          "part data is not followed by CRLF before the delimiter");
      byte[] data = new byte[dataEnd - dataStart];
      System.arraycopy(body, dataStart, data, 0, data.length);
      parts.add(new Part(h, data));
    }
    int closing = at.get(at.size() - 1) + delimiter.length;
    assertTrue(closing + 1 < body.length && body[closing] == '-' && body[closing + 1] == '-',
        "the last delimiter must be the closing one (--boundary--)");
    return parts;
  }

  private static int skipCrlf(byte[] b, int i) {
    return i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n' ? i + 2 : i;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
