package dev.tgstream.ui;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UiConfigTest {

  private final UiConfig base = UiConfig.defaults(Path.of("data"));

  @Test
  void defaults() {
    assertTrue(base.authEnabled());
    assertEquals(12 * 3600, base.linkTtlSeconds());
    assertEquals(64 * 1024, base.maxBodyBytes());
    assertEquals(Optional.empty(), base.publicUrl());
  }

  @Test
  void publicUrlLosesItsTrailingSlash() {
    assertEquals(Optional.of("https://tv.example.org"), base.withPublicUrl("https://tv.example.org/").publicUrl());
    assertEquals(Optional.of("https://example.org/media"), base.withPublicUrl(" https://example.org/media// ").publicUrl());
  }

  @Test
  void publicUrlMustBeAbsoluteHttp() {
    for (String bad : new String[] {"example.org", "ftp://example.org", "https://example.org/?a=1", "https://",
        "https://user@example.org"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.withPublicUrl(bad), bad);
      assertTrue(e.getMessage().startsWith("PUBLIC_URL"), e.getMessage());
    }
  }

  @Test
  void blankUsersSpecMeansNone() {
    assertNull(base.withUsersSpec("  ").usersSpec());
  }

  @Test
  void sourceKindIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> base.withSource("dropbox", null));
  }

  @Test
  void toStringKeepsHashesOut() {
    String text = base.withUsersSpec("ann:$2y$05$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0:admin").toString();
    assertTrue(text.contains("1 entries"), text);
    assertTrue(!text.contains("$2y$"), text);
  }
}
