package dev.tgstream.telegram.tdlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

/** Test helper: folders of files for the TDLib test double to serve, and digests to compare bytes by. */
final class DoubleFixtures {

  static final long MOVIES_CHAT = -1001234567890L;
  static final long MUSIC_CHAT = -1009876543210L;
  static final String BOT_TOKEN = "123456:double-bot-token";
  static final String BOT_TOKEN_2 = "654321:double-bot-token-2";
  static final String PHONE = "+15550001111";
  static final String CODE = "24680";
  static final String PASSWORD = "hunter2";
  static final int MIB = 1024 * 1024;
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private DoubleFixtures() {
  }

  /** Writes {@code size} seeded random bytes, dated T0 plus {@code minutes}. */
  static byte[] write(Path folder, String name, int size, int minutes) {
    byte[] bytes = new byte[size];
    new Random(name.hashCode()).nextBytes(bytes);
    write(folder, name, bytes, minutes);
    return bytes;
  }

  static void write(Path folder, String name, byte[] bytes, int minutes) {
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(name);
      Files.write(file, bytes);
      Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(60L * minutes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void caption(Path folder, String name, String caption) {
    try {
      Files.writeString(folder.resolve(name + ".caption"), caption, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
