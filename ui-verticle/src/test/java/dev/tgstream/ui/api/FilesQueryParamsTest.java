package dev.tgstream.ui.api;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.ui.http.ApiProblem;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesQueryParamsTest {

  private static MultiMap params(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      m.add(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaults() {
    FileQuery q = FilesQueryParams.parse(params());
    assertNull(q.text());
    assertNull(q.type());
    assertEquals(FileSort.DATE, q.sort());
    assertNull(q.cursor());
    assertEquals(48, q.limit());
  }

  @Test
  void emptyValuesCountAsAbsent() {
    FileQuery q = FilesQueryParams.parse(params("q", "", "type", "", "sort", "", "cursor", "", "limit", ""));
    assertEquals(48, q.limit());
    assertNull(q.type());
  }

  @Test
  void allValues() {
    FileQuery q = FilesQueryParams.parse(params("q", "cats", "type", "audio", "sort", "size", "cursor", "abc",
        "limit", "200"));
    assertEquals("cats", q.text());
    assertEquals(MediaType.AUDIO, q.type());
    assertEquals(FileSort.SIZE, q.sort());
    assertEquals("abc", q.cursor());
    assertEquals(200, q.limit());
  }

  @Test
  void badValuesNameTheParameter() {
    String[][] cases = {{"type", "VIDEO"}, {"sort", "date desc"}, {"limit", "-1"}, {"limit", "1.5"},
        {"q", "x".repeat(201)}, {"cursor", "a b"}, {"cursor", "x".repeat(1025)}};
    for (String[] c : cases) {
      ApiProblem p = assertThrows(ApiProblem.class, () -> FilesQueryParams.parse(params(c[0], c[1])), c[0]);
      assertEquals(400, p.status());
      assertTrue(p.getMessage().startsWith(c[0] + " "), p.getMessage());
    }
  }
}
