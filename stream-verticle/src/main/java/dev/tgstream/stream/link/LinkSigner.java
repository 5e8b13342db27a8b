package dev.tgstream.stream.link;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Signs and verifies stream tokens: {@code fileId.expiry.disposition.mac}, where expiry is epoch seconds in base 36
 * and mac is HMAC-SHA256 (base64url) over the first three fields with STREAM_SECRET. Tokens are URL-safe and need no
 * session: whoever holds one may stream that file until it expires.
 */
public final class LinkSigner {

  private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,4096}");
  private static final Pattern EXPIRY = Pattern.compile("[0-9a-z]{1,12}");
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Clock clock;
  /**
   * One initialised Mac per thread: looking the algorithm up and keying it again cost more than the MAC itself, on
   * every stream request. A Mac is not thread-safe; event loops and workers each get their own.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public LinkSigner(byte[] secret, Clock clock) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("STREAM_SECRET must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = clock;
  }

  public String sign(String fileId, Instant expiry, Disposition disposition) {
    if (!FILE_ID.matcher(fileId).matches()) {
      throw new IllegalArgumentException("file id is not URL-safe: " + fileId);
    }
    String payload = fileId + "." + Long.toString(expiry.getEpochSecond(), 36) + "." + disposition.code();
    return payload + "." + mac(payload);
  }

  /** Signs a link valid for {@code ttlSeconds} from now. */
  public String sign(String fileId, long ttlSeconds, Disposition disposition) {
    return sign(fileId, clock.instant().plusSeconds(ttlSeconds), disposition);
  }

  public LinkClaims verify(String token) throws InvalidLinkException {
    if (token == null || token.length() > 4200) {
      throw new InvalidLinkException("malformed link");
    }
    String[] fields = token.split("\\.", -1);
    if (fields.length != 4 || !FILE_ID.matcher(fields[0]).matches() || !EXPIRY.matcher(fields[1]).matches()
        || fields[2].length() != 1) {
      throw new InvalidLinkException("malformed link");
    }
    String payload = fields[0] + "." + fields[1] + "." + fields[2];
    byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, fields[3].getBytes(StandardCharsets.US_ASCII))) {
      throw new InvalidLinkException("invalid link signature");
    }
    Disposition disposition;
    try {
      disposition = Disposition.fromCode(fields[2].charAt(0));
    } catch (IllegalArgumentException e) {
      throw new InvalidLinkException("malformed link");
    }
    Instant expiry = Instant.ofEpochSecond(Long.parseLong(fields[1], 36));
    if (!clock.instant().isBefore(expiry)) {
      throw new InvalidLinkException("link expired");
    }
    return new LinkClaims(fields[0], expiry, disposition);
  }

  private String mac(String payload) {
    // doFinal resets the Mac to its key: the next call starts clean.
    byte[] digest = macs.get().doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
