package dev.tgstream.stream.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * STREAM_SECRET, or when it is unset, a random secret generated once and kept in DATA_DIR so links stay valid across
 * restarts and the {@code link} CLI signs with the same key as the server.
 */
public final class SecretStore {

  static final String FILE_NAME = "stream-secret";

  private SecretStore() {
  }

  /** The secret bytes: the configured value when present, else the one kept in {@code dataDir} (made on first use). */
  public static byte[] load(String configured, Path dataDir) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (stored.length() >= 32) {
        return stored.getBytes(StandardCharsets.US_ASCII);
      }
    }
    Files.createDirectories(dataDir);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: the folder's own permissions have to do.
    }
    Files.writeString(tmp, encoded, StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    // Two processes racing on first start: whoever moved last wins, and both must use that one.
    return Files.readString(file, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.US_ASCII);
  }
}
