package dev.tgstream.stream.engine;

import io.vertx.core.buffer.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex, so failed comparisons of megabytes print two short lines. */
final class Digests {

  private Digests() {
  }

  static String sha256(byte[] bytes, int offset, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, offset, length);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Buffer buffer) {
    return sha256(buffer.getBytes(), 0, buffer.length());
  }
}
