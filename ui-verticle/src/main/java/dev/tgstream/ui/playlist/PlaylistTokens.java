package dev.tgstream.ui.playlist;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, expiring capabilities for what players fetch without a session: a channel's or a file's playlist, and a
 * subtitle track. A token is {@code base64url(kind \n id \n extra \n expiry) . base64url(HMAC-SHA256[0..16))}; the key
 * is derived from the service secret for this use alone, so a playlist token never passes for a stream token.
 */
public final class PlaylistTokens {

  /** What a token grants. */
  public enum Kind {
    CHANNEL("c"), FILE("f"), SUBTITLE("s");

    final String code;

    Kind(String code) {
      this.code = code;
    }

    static Optional<Kind> of(String code) {
      return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
  }

  /** A verified token's content. */
  public record Claims(Kind kind, String id, String extra, Instant expiry) {
  }

  private static final int MAC_BYTES = 16;
  private final byte[] key;
  private final Clock clock;

  public PlaylistTokens(byte[] serviceSecret, Clock clock) {
    this.key = hmac(serviceSecret, "tgstream playlist links v1".getBytes(StandardCharsets.UTF_8));
    this.clock = clock;
  }

  public String sign(Kind kind, String id, String extra, Instant expiry) {
    String payload = kind.code + "\n" + id + "\n" + (extra == null ? "" : extra) + "\n" + expiry.getEpochSecond();
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(bytes) + "." + b64.encodeToString(Arrays.copyOf(hmac(key, bytes), MAC_BYTES));
  }

  /** The claims of a genuine token that has not expired; empty for anything else. */
  public Optional<Claims> verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      byte[] payload = b64.decode(token.substring(0, dot));
      byte[] mac = b64.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(mac, Arrays.copyOf(hmac(key, payload), MAC_BYTES))) {
        return Optional.empty();
      }
      String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
      if (parts.length != 4) {
        return Optional.empty();
      }
      Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[3]));
      if (!expiry.isAfter(clock.instant())) {
        return Optional.empty();
      }
      return Kind.of(parts[0]).map(kind -> new Claims(kind, parts[1], parts[2], expiry));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public Instant now() {
    return clock.instant();
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
