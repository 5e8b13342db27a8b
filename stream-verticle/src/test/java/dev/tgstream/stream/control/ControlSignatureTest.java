package dev.tgstream.stream.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a control call's signature can be wrong, and the edges of the window. */
class ControlSignatureTest {

  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final byte[] BODY = "{\"fileId\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  static ControlSignature signerAt(Instant instant) {
    return new ControlSignature(SECRET, at(instant));
  }

  final ControlSignature verifier = signerAt(NOW);
  final ControlSignature.Headers good = verifier.sign("POST", "/control/describe", BODY);

  private ControlAuthException refused(String method, String path, byte[] body, String ts, String sig) {
    return assertThrows(ControlAuthException.class, () -> verifier.verify(method, path, body, ts, sig));
  }

  @Test
  void aCallSignedNowIsAccepted() {
    assertDoesNotThrow(() -> verifier.verify("POST", "/control/describe", BODY, good.timestamp(), good.signature()));
    assertEquals(Long.toString(NOW.getEpochSecond()), good.timestamp());
    assertTrue(good.signature().matches("[A-Za-z0-9_-]{43}"), good.signature());
  }

  @Test
  void theWireFormatIsPinned() {
    assertEquals("tgstream-control-v1\nGET\n/control/stats\n1796119200\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ControlSignature.canonical("GET", "/control/stats", "1796119200", new byte[0]));
    // A known answer (computed with Python's hmac), so any other client can be checked against this one.
    assertEquals(new ControlSignature.Headers("1796119200", "thsGoDlsAggtFSEgCeed0b0afbS0FEt6MWWqvhEusbg"),
        verifier.sign("GET", "/control/stats", new byte[0]));
  }

  @Test
  void anEmptyAndAMissingBodyAreTheSame() {
    ControlSignature.Headers h = verifier.sign("GET", "/control/stats", new byte[0]);
    assertDoesNotThrow(() -> verifier.verify("GET", "/control/stats", null, h.timestamp(), h.signature()));
  }

  @Test
  void aTamperedMethodIsForged() {
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("PUT", "/control/describe", BODY, good.timestamp(), good.signature()).reason());
  }

  @Test
  void aTamperedPathIsForged() {
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/link", BODY, good.timestamp(), good.signature()).reason());
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe/", BODY, good.timestamp(), good.signature()).reason());
  }

  @Test
  void aTamperedBodyIsForged() {
    byte[] other = "{\"fileId\":\"abd\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe", other, good.timestamp(), good.signature()).reason());
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe", new byte[0], good.timestamp(), good.signature()).reason());
    byte[] longer = (new String(BODY, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe", longer, good.timestamp(), good.signature()).reason());
  }

  @Test
  void aTamperedTimestampIsForgedEvenInsideTheWindow() {
    String later = Long.toString(NOW.getEpochSecond() + 1);
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe", BODY, later, good.signature()).reason());
  }

  @Test
  void aTamperedSignatureIsForged() {
    char[] sig = good.signature().toCharArray();
    sig[10] = sig[10] == 'A' ? 'B' : 'A';
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe", BODY, good.timestamp(), new String(sig)).reason());
  }

  @Test
  void anotherSecretIsForged() {
    byte[] other = "another-secret-of-thirty-two-byt".getBytes(StandardCharsets.US_ASCII);
    ControlSignature.Headers h = new ControlSignature(other, at(NOW)).sign("POST", "/control/describe", BODY);
    ControlAuthException e = refused("POST", "/control/describe", BODY, h.timestamp(), h.signature());
    assertEquals(ControlAuthException.Reason.FORGED, e.reason());
  }

  @Test
  void aWrongSecretIsReportedAsForgedEvenWhenAlsoStale() {
    byte[] other = "another-secret-of-thirty-two-byt".getBytes(StandardCharsets.US_ASCII);
    ControlSignature.Headers h = new ControlSignature(other, at(NOW.minusSeconds(3600)))
        .sign("POST", "/control/describe", BODY);
    assertEquals(ControlAuthException.Reason.FORGED,
        refused("POST", "/control/describe", BODY, h.timestamp(), h.signature()).reason());
  }

  @Test
  void theWindowHoldsExactlyThirtySecondsBothWays() {
    for (long skew : new long[] {-30, -29, -1, 0, 1, 29, 30}) {
      ControlSignature.Headers h = signerAt(NOW.plusSeconds(skew)).sign("POST", "/control/warm", BODY);
      assertDoesNotThrow(() -> verifier.verify("POST", "/control/warm", BODY, h.timestamp(), h.signature()),
          "skew " + skew);
    }
    for (long skew : new long[] {-3600, -31, 31, 3600}) {
      ControlSignature.Headers h = signerAt(NOW.plusSeconds(skew)).sign("POST", "/control/warm", BODY);
      ControlAuthException e = refused("POST", "/control/warm", BODY, h.timestamp(), h.signature());
      assertEquals(ControlAuthException.Reason.STALE, e.reason(), "skew " + skew);
    }
  }

  @Test
  void theWindowIsMeasuredAgainstTheVerifiersFullClock() {
    ControlSignature.Headers h = verifier.sign("POST", "/control/warm", BODY);
    ControlSignature almost = signerAt(NOW.plusMillis(30_000));
    ControlSignature past = signerAt(NOW.plusMillis(30_001));
    assertDoesNotThrow(() -> almost.verify("POST", "/control/warm", BODY, h.timestamp(), h.signature()));
    assertEquals(ControlAuthException.Reason.STALE, assertThrows(ControlAuthException.class,
        () -> past.verify("POST", "/control/warm", BODY, h.timestamp(), h.signature())).reason());
  }

  @Test
  void staleSaysWhichWayTheClockIsOff() {
    ControlSignature.Headers behind = signerAt(NOW.minusSeconds(45)).sign("GET", "/control/stats", null);
    ControlSignature.Headers ahead = signerAt(NOW.plusSeconds(45)).sign("GET", "/control/stats", null);
    assertEquals("timestamp is 45 s behind the streamer's clock (window 30 s)",
        refused("GET", "/control/stats", null, behind.timestamp(), behind.signature()).getMessage());
    assertEquals("timestamp is 45 s ahead of the streamer's clock (window 30 s)",
        refused("GET", "/control/stats", null, ahead.timestamp(), ahead.signature()).getMessage());
  }

  @Test
  void aCustomWindowIsHonoured() {
    ControlSignature strict = new ControlSignature(SECRET, at(NOW), Duration.ofSeconds(5));
    ControlSignature.Headers h = signerAt(NOW.minusSeconds(6)).sign("GET", "/control/stats", null);
    assertThrows(ControlAuthException.class,
        () -> strict.verify("GET", "/control/stats", null, h.timestamp(), h.signature()));
  }

  @Test
  void missingHeadersAreMissing() {
    assertEquals(ControlAuthException.Reason.MISSING,
        refused("POST", "/control/describe", BODY, null, good.signature()).reason());
    assertEquals(ControlAuthException.Reason.MISSING,
        refused("POST", "/control/describe", BODY, good.timestamp(), null).reason());
    assertEquals(ControlAuthException.Reason.MISSING,
        refused("POST", "/control/describe", BODY, null, null).reason());
    assertEquals(ControlAuthException.Reason.MISSING,
        refused("POST", "/control/describe", BODY, "", "").reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1796119200", "+1796119200", " 1796119200", "1796119200 ", "17645832.0", "0x1A",
      "1e9", "1796119200000000", "١٧٩٦١١٩٢٠٠", "abc"})
  void malformedTimestampsAreMalformed(String timestamp) {
    assertEquals(ControlAuthException.Reason.MALFORMED,
        refused("POST", "/control/describe", BODY, timestamp, good.signature()).reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "v1=abc", "################################################",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"})
  void malformedSignaturesAreMalformed(String signature) {
    assertEquals(ControlAuthException.Reason.MALFORMED,
        refused("POST", "/control/describe", BODY, good.timestamp(), signature).reason());
  }

  @Test
  void malformedMethodsAndPathsAreMalformed() {
    for (String[] call : new String[][] {{"post", "/control/describe"}, {"PO\nST", "/control/describe"},
        {"POST", "control/describe"}, {"POST", "/control/describe\nx"}, {"POST", "/control/describe?x=1"},
        {"POST", ""}, {null, "/control/describe"}, {"POST", null}}) {
      ControlAuthException e = assertThrows(ControlAuthException.class,
          () -> verifier.verify(call[0], call[1], BODY, good.timestamp(), good.signature()), String.join("|",
              String.valueOf(call[0]), String.valueOf(call[1])));
      assertEquals(ControlAuthException.Reason.MALFORMED, e.reason());
    }
  }

  @Test
  void messagesNeverCarryTheSecretOrTheSignature() {
    String secret = new String(SECRET, StandardCharsets.US_ASCII);
    ControlSignature.Headers stale = signerAt(NOW.minusSeconds(60)).sign("POST", "/control/describe", BODY);
    for (ControlAuthException e : new ControlAuthException[] {
        refused("POST", "/control/describe", BODY, null, good.signature()),
        refused("POST", "/control/describe", BODY, "x", good.signature()),
        refused("POST", "/control/link", BODY, good.timestamp(), good.signature()),
        refused("POST", "/control/describe", BODY, stale.timestamp(), stale.signature())}) {
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertFalse(e.getMessage().contains(good.signature()), e.getMessage());
      assertFalse(e.getMessage().contains(stale.signature()), e.getMessage());
      assertEquals(0, e.getStackTrace().length, "expected outcomes carry no stack trace");
    }
  }

  @Test
  void signingRefusesWhatCouldNotBeVerified() {
    assertThrows(IllegalArgumentException.class, () -> verifier.sign("POST", "/control/x\ny", BODY));
    assertThrows(IllegalArgumentException.class, () -> verifier.sign("post", "/control/x", BODY));
    assertThrows(IllegalArgumentException.class, () -> verifier.sign("POST", "relative", BODY));
  }

  @Test
  void aShortSecretOrAnEmptyWindowIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ControlSignature(new byte[15], at(NOW)));
    assertThrows(IllegalArgumentException.class, () -> new ControlSignature(null, at(NOW)));
    assertThrows(IllegalArgumentException.class, () -> new ControlSignature(SECRET, at(NOW), Duration.ZERO));
  }

  @Test
  void theSecretIsCopiedSoLaterChangesToTheArrayDoNotMatter() {
    byte[] secret = SECRET.clone();
    ControlSignature signature = new ControlSignature(secret, at(NOW));
    ControlSignature.Headers before = signature.sign("GET", "/control/stats", null);
    secret[0] ^= 1;
    assertEquals(before, signature.sign("GET", "/control/stats", null));
    assertNotEquals(before, new ControlSignature(secret, at(NOW)).sign("GET", "/control/stats", null));
  }
}
