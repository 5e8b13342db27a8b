package dev.tgstream.stream.link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkSignerTest {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  final LinkSigner signer = new LinkSigner(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void roundTripKeepsFileExpiryAndDisposition() throws Exception {
    String token = signer.sign("dmlkZW8", 3600, Disposition.ATTACHMENT);
    LinkClaims claims = signer.verify(token);
    assertEquals("dmlkZW8", claims.fileId());
    assertEquals(NOW.plusSeconds(3600), claims.expiry());
    assertEquals(Disposition.ATTACHMENT, claims.disposition());
    assertTrue(token.matches("[A-Za-z0-9_.-]+"), "URL-safe: " + token);
  }

  @Test
  void sameInputsSignTheSameTokenAcrossInstances() {
    LinkSigner other = new LinkSigner(KEY.clone(), Clock.fixed(NOW, ZoneOffset.UTC));
    assertEquals(signer.sign("abc", 60, Disposition.INLINE), other.sign("abc", 60, Disposition.INLINE));
  }

  @Test
  void expiredTokenIsRefused() {
    String token = signer.sign("abc", 60, Disposition.INLINE);
    LinkSigner later = new LinkSigner(KEY, Clock.fixed(NOW.plus(Duration.ofSeconds(60)), ZoneOffset.UTC));
    InvalidLinkException e = assertThrows(InvalidLinkException.class, () -> later.verify(token));
    assertEquals("link expired", e.getMessage());
  }

  @Test
  void everyTamperedFieldIsRefused() {
    String token = signer.sign("abc", 60, Disposition.INLINE);
    String[] f = token.split("\\.");
    String otherFile = "abd." + f[1] + "." + f[2] + "." + f[3];
    String longerExpiry = f[0] + "." + Long.toString(NOW.plusSeconds(99999).getEpochSecond(), 36) + "." + f[2] + "." + f[3];
    String attachment = f[0] + "." + f[1] + ".a." + f[3];
    String flippedMac = f[0] + "." + f[1] + "." + f[2] + "." + (f[3].charAt(0) == 'A' ? 'B' : 'A') + f[3].substring(1);
    for (String bad : new String[]{otherFile, longerExpiry, attachment, flippedMac}) {
      InvalidLinkException e = assertThrows(InvalidLinkException.class, () -> signer.verify(bad), bad);
      assertEquals("invalid link signature", e.getMessage());
    }
  }

  @Test
  void anotherKeyIsRefused() {
    LinkSigner other = new LinkSigner("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThrows(InvalidLinkException.class, () -> signer.verify(other.sign("abc", 60, Disposition.INLINE)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a.b.c", "a.b.c.d.e", "abc..i.mac", "ab/c.zz.i.mac", "abc.ZZ.i.mac", "abc.zz.ii.mac",
      "abc.zzzzzzzzzzzzzzz.i.mac", "abc.zz.x.mac", "%2e%2e.zz.i.mac"})
  void malformedTokensAreRefusedWithoutExceptionsOtherThanInvalidLink(String token) {
    assertThrows(InvalidLinkException.class, () -> signer.verify(token));
  }

  @Test
  void unknownDispositionWithValidMacIsRefused() throws Exception {
    // A token signed over a disposition code this version does not know: refused, not a 500.
    String payload = "abc." + Long.toString(NOW.plusSeconds(60).getEpochSecond(), 36) + ".x";
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
    String sig = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    assertThrows(InvalidLinkException.class, () -> signer.verify(payload + "." + sig));
  }

  @Test
  void nullAndHugeTokensAreRefused() {
    assertThrows(InvalidLinkException.class, () -> signer.verify(null));
    assertThrows(InvalidLinkException.class, () -> signer.verify("a".repeat(5000)));
  }

  @Test
  void shortSecretsAndUnsafeIdsAreRejectedAtSigning() {
    assertThrows(IllegalArgumentException.class, () -> new LinkSigner(new byte[8], Clock.systemUTC()));
    assertThrows(IllegalArgumentException.class, () -> signer.sign("../etc", 60, Disposition.INLINE));
  }
}
