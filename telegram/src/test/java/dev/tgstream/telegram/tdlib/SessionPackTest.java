package dev.tgstream.telegram.tdlib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionPackTest {

  @TempDir
  Path temp;

  /** Binlog-like bytes: a repetitive header and random key material, so compression and round trip are both real. */
  private static byte[] binlog(int size, long seed) {
    byte[] bytes = new byte[size];
    Random random = new Random(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = i % 64 < 16 ? (byte) i : (byte) random.nextInt(256);
    }
    return bytes;
  }

  private Path database(byte[] binlog) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("source"));
    Files.write(dir.resolve("td.binlog"), binlog);
    Files.write(dir.resolve("db.sqlite"), new byte[] {1, 2, 3});
    return dir;
  }

  @Test
  void roundTripGivesAByteIdenticalBinlog() throws IOException {
    byte[] original = binlog(40_000, 1);
    String packed = SessionPack.pack(database(original));
    assertTrue(packed.startsWith(SessionPack.PREFIX));
    assertTrue(packed.substring(SessionPack.PREFIX.length()).matches("[A-Za-z0-9_-]+"), "base64url only");

    Path target = temp.resolve("restored");
    SessionPack.restore(packed, target);
    assertArrayEquals(original, Files.readAllBytes(target.resolve("td.binlog")));
    try (var files = Files.list(target)) {
      assertEquals(1, files.count(), "only td.binlog is restored; db.sqlite is rebuilt by TDLib");
    }
  }

  @Test
  void restoreIntoAnExistingEmptyFolder() throws IOException {
    byte[] original = binlog(3000, 2);
    Path target = Files.createDirectories(temp.resolve("empty"));
    SessionPack.restore(SessionPack.pack(original), target);
    assertArrayEquals(original, Files.readAllBytes(target.resolve("td.binlog")));
  }

  @Test
  void whitespaceFromPastingIsIgnored() {
    byte[] original = binlog(5000, 3);
    String packed = SessionPack.pack(original);
    String wrapped = "  " + packed.substring(0, 20) + "\n" + packed.substring(20, 50) + "\r\n "
        + packed.substring(50) + "\n";
    assertArrayEquals(original, SessionPack.unpack(wrapped));
  }

  @Test
  void aRealSizedSessionFitsAnEnvironmentVariable() {
    String packed = SessionPack.pack(binlog(60_000, 4));
    assertTrue(SessionPack.fitsEnvironment(packed));
  }

  @Test
  void anOversizedStringIsRecognisedAndTheWarningSaysWhereToPutIt() {
    String packed = SessionPack.pack(binlog(200_000, 5));
    assertFalse(SessionPack.fitsEnvironment(packed));
    String warning = SessionPack.environmentLimitWarning(packed);
    assertTrue(warning.contains("128 KiB"), warning);
    assertTrue(warning.contains("conf/config.json"), warning);
    assertArrayEquals(binlog(200_000, 5), SessionPack.unpack(packed), "still valid for the config file");
  }

  @Test
  void theEnvironmentLimitCountsTheNameAndTheNul() {
    int room = SessionPack.LINUX_ENV_STRING_MAX - "TG_SESSION_STRING=".length() - 1;
    assertTrue(SessionPack.fitsEnvironment("x".repeat(room)));
    assertFalse(SessionPack.fitsEnvironment("x".repeat(room + 1)));
  }

  private static SessionPackException corrupt(String packed) {
    SessionPackException e = assertThrows(SessionPackException.class, () -> SessionPack.unpack(packed));
    assertEquals(SessionPackException.Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().startsWith("TG_SESSION_STRING "), e.getMessage());
    assertTrue(e.getMessage().contains("run `java -jar app/target/tgstream.jar login` again"), e.getMessage());
    return e;
  }

  @Test
  void emptyAndBlankStringsFail() {
    assertTrue(corrupt("").getMessage().contains("is empty"));
    assertTrue(corrupt("   \n").getMessage().contains("is empty"));
    assertTrue(corrupt(null).getMessage().contains("is empty"));
  }

  @Test
  void aForeignStringFails() {
    // A Telethon/Pyrogram-style string session: base64 without our prefix.
    assertTrue(corrupt("1BVtsOKABu3xQ9mZ0aGVyIHRvb2w=").getMessage().contains("from another tool"));
    assertTrue(corrupt("tgs2.eJzLSM3JyVcozy_KSQEAGgQEXQ").getMessage().contains("from another tool"));
  }

  @Test
  void theBarePrefixIsTruncated() {
    assertTrue(corrupt(SessionPack.PREFIX).getMessage().contains("truncated"));
  }

  @Test
  void aTruncatedStringFailsAtEveryCut() {
    String packed = SessionPack.pack(binlog(4000, 6));
    // Every cut of the payload: a base64 error, a short deflate stream or a missing checksum, never a "session".
    for (int cut = SessionPack.PREFIX.length() + 1; cut < packed.length(); cut++) {
      corrupt(packed.substring(0, cut));
    }
    assertTrue(corrupt(packed.substring(0, packed.length() / 2)).getMessage().contains("truncated"));
  }

  @Test
  void aFlippedCharacterFails() {
    String packed = SessionPack.pack(binlog(4000, 7));
    char[] chars = packed.toCharArray();
    int at = packed.length() - 10;
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    corrupt(new String(chars));
  }

  @Test
  void nonBase64CharactersFail() {
    assertTrue(corrupt(SessionPack.PREFIX + "abc$def").getMessage().contains("not base64url"));
  }

  @Test
  void trailingDataFails() {
    String packed = SessionPack.pack(binlog(1000, 8));
    byte[] compressed = Base64.getUrlDecoder().decode(packed.substring(SessionPack.PREFIX.length()));
    byte[] longer = java.util.Arrays.copyOf(compressed, compressed.length + 3);
    corrupt(SessionPack.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(longer));
  }

  @Test
  void aCompressedEmptySessionFails() {
    Deflater deflater = new Deflater();
    deflater.finish();
    byte[] out = new byte[64];
    int n = deflater.deflate(out);
    deflater.end();
    corrupt(SessionPack.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(out, n)));
  }

  @Test
  void aBadStringLeavesNoFilesBehind() {
    Path target = temp.resolve("untouched");
    assertThrows(SessionPackException.class, () -> SessionPack.restore("tgs1.AAAA", target));
    assertFalse(Files.exists(target));
  }

  @Test
  void restoreRefusesANonEmptyFolder() throws IOException {
    Path target = Files.createDirectories(temp.resolve("busy"));
    Files.writeString(target.resolve("db.sqlite"), "another session");
    SessionPackException e = assertThrows(SessionPackException.class,
        () -> SessionPack.restore(SessionPack.pack(binlog(100, 9)), target));
    assertEquals(SessionPackException.Reason.DIRECTORY_NOT_EMPTY, e.reason());
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertEquals("another session", Files.readString(target.resolve("db.sqlite")));
    assertFalse(Files.exists(target.resolve("td.binlog")));
  }

  @Test
  void packingAFolderWithoutABinlogFails() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("nobinlog"));
    SessionPackException e = assertThrows(SessionPackException.class, () -> SessionPack.pack(dir));
    assertEquals(SessionPackException.Reason.NO_SESSION, e.reason());
    assertEquals(SessionPackException.Reason.NO_SESSION,
        assertThrows(SessionPackException.class, () -> SessionPack.pack(new byte[0])).reason());
  }
}
