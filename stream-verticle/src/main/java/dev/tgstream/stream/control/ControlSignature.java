package dev.tgstream.stream.control;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Signs and verifies the streamer's HTTP control calls with STREAM_SECRET, which the UI and the streamer share.
 *
 * <p>The signature is HMAC-SHA256, base64url without padding (43 characters), over the canonical string
 * <pre>
 * tgstream-control-v1 \n METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body))
 * </pre>
 * where METHOD is the request method as sent ({@code POST}), PATH the request path without query ({@code
 * /control/link}), TIMESTAMP the decimal epoch seconds sent in {@link #TIMESTAMP_HEADER} and the body the exact
 * request bytes (empty for GET). The signature travels in {@link #SIGNATURE_HEADER}. Binding the method, path and body
 * digest means a captured signature cannot be reused for another call or another body; the timestamp bounds replay to
 * the window (the calls are idempotent reads, and split mode runs over https).
 *
 * <p>A call is accepted when its timestamp is within the window of this clock in either direction (a streamer whose
 * clock runs behind the UI's must accept it too). Pure: no I/O, thread-safe, clock injected.
 */
public final class ControlSignature {

  public static final String TIMESTAMP_HEADER = "X-Tgstream-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Tgstream-Signature";
  /** How far a call's timestamp may be from this clock, either way. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

  private static final String VERSION = "tgstream-control-v1";
  private static final String ALGORITHM = "HmacSHA256";
  /** Epoch seconds: digits only (no sign, no spaces), at most 12 so parsing cannot overflow. */
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  /** 32 MAC bytes in base64url without padding. */
  private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern TOKEN = Pattern.compile("[A-Z]{1,16}");

  /** The two headers a signed call carries. */
  public record Headers(String timestamp, String signature) {
  }

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration window;

  public ControlSignature(byte[] secret, Clock clock) {
    this(secret, clock, DEFAULT_WINDOW);
  }

  public ControlSignature(byte[] secret, Clock clock, Duration window) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("STREAM_SECRET must be at least 16 bytes");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the signature window must be positive");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = clock;
    this.window = window;
  }

  /** The headers for a call made now. */
  public Headers sign(String method, String path, byte[] body) {
    requireWellFormed(method, path);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    return new Headers(timestamp, mac(method, path, timestamp, body));
  }

  /**
   * Accepts the call or says why not. The MAC is compared before the timestamp so a wrong secret is reported as
   * such even when the clocks also differ.
   */
  public void verify(String method, String path, byte[] body, String timestamp, String signature)
      throws ControlAuthException {
    if (timestamp == null || signature == null || timestamp.isEmpty() || signature.isEmpty()) {
      throw new ControlAuthException(ControlAuthException.Reason.MISSING,
          "missing " + TIMESTAMP_HEADER + " or " + SIGNATURE_HEADER);
    }
    if (!TIMESTAMP.matcher(timestamp).matches() || !SIGNATURE.matcher(signature).matches()
        || method == null || path == null || !TOKEN.matcher(method).matches() || !wellFormedPath(path)) {
      throw new ControlAuthException(ControlAuthException.Reason.MALFORMED, "malformed signature headers");
    }
    byte[] expected = mac(method, path, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new ControlAuthException(ControlAuthException.Reason.FORGED, "signature does not match");
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), clock.instant());
    if (skew.abs().compareTo(window) > 0) {
      throw new ControlAuthException(ControlAuthException.Reason.STALE, "timestamp is " + skew.abs().toSeconds()
          + " s " + (skew.isNegative() ? "ahead of" : "behind") + " the streamer's clock (window "
          + window.toSeconds() + " s)");
    }
  }

  /** The canonical string the MAC covers; exposed so tests can pin the wire format. */
  static String canonical(String method, String path, String timestamp, byte[] body) {
    return VERSION + "\n" + method + "\n" + path + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256(body));
  }

  private String mac(String method, String path, String timestamp, byte[] body) {
    try {
      // Mac is not thread-safe and cheap to make; one per call keeps this class shareable across event loops.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(canonical(method, path, timestamp, body).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void requireWellFormed(String method, String path) {
    if (method == null || !TOKEN.matcher(method).matches()) {
      throw new IllegalArgumentException("not an HTTP method: " + method);
    }
    if (!wellFormedPath(path)) {
      throw new IllegalArgumentException("not a request path: " + path);
    }
  }

  /** An absolute path with no line breaks, so the canonical string has exactly one reading. */
  private static boolean wellFormedPath(String path) {
    return path != null && path.startsWith("/") && path.indexOf('\n') < 0 && path.indexOf('\r') < 0
        && path.indexOf('?') < 0;
  }
}
