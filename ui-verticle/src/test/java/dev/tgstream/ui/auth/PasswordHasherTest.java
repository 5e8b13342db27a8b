package dev.tgstream.ui.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

  @Test
  void newHashesAre2yCost10AndVerify() {
    String hash = PasswordHasher.hash("correct horse");
    assertTrue(hash.startsWith("$2y$10$"), hash);
    assertEquals(10, PasswordHasher.costOf(hash));
    assertTrue(PasswordHasher.verify("correct horse", hash));
    assertFalse(PasswordHasher.verify("correct horsE", hash));
    assertNotEquals(hash, PasswordHasher.hash("correct horse"), "salted");
  }

  @Test
  void acceptsHashesOfEveryCommonPrefix() {
    for (BCrypt.Version version : new BCrypt.Version[] {BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B,
        BCrypt.Version.VERSION_2Y}) {
      String hash = BCrypt.with(version).hashToString(5, "s3cret-pass".toCharArray());
      assertTrue(PasswordHasher.isHash(hash), hash);
      assertTrue(PasswordHasher.verify("s3cret-pass", hash), hash);
      assertFalse(PasswordHasher.verify("s3cret-pas", hash), hash);
    }
  }

  @Test
  void malformedHashesNeverVerify() {
    assertFalse(PasswordHasher.verify("x", "plain"));
    assertFalse(PasswordHasher.verify("x", null));
    assertFalse(PasswordHasher.isHash("$2x$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"));
  }

  @Test
  void strengthRules() {
    assertNull(PasswordHasher.checkStrength("12345678"));
    assertTrue(PasswordHasher.checkStrength("1234567").contains("at least 8"));
    assertTrue(PasswordHasher.checkStrength(null).contains("at least 8"));
    assertTrue(PasswordHasher.checkStrength("é".repeat(40)).contains("72 bytes"));
  }

  @Test
  void randomPasswordsAreLongAndDistinct() {
    String a = PasswordHasher.randomPassword();
    assertEquals(24, a.length());
    assertNotEquals(a, PasswordHasher.randomPassword());
    assertNull(PasswordHasher.checkStrength(a));
  }
}
