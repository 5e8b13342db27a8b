package dev.tgstream.stream.link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretStoreTest {

  @TempDir
  Path dataDir;

  @Test
  void generatedSecretIsKeptAndReusedAcrossRestarts() throws Exception {
    byte[] first = SecretStore.load(null, dataDir.resolve("nested"));
    byte[] second = SecretStore.load("", dataDir.resolve("nested"));
    assertArrayEquals(first, second);
    assertTrue(first.length >= 32);
    Path file = dataDir.resolve("nested").resolve(SecretStore.FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void configuredSecretWinsAndWritesNothing() throws Exception {
    byte[] secret = SecretStore.load("a-configured-secret-value", dataDir);
    assertArrayEquals("a-configured-secret-value".getBytes(StandardCharsets.UTF_8), secret);
    assertTrue(Files.notExists(dataDir.resolve(SecretStore.FILE_NAME)));
  }
}
