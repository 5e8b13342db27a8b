package dev.tgstream.telegram.tdlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A TDLib user session as one string that fits an environment variable (TG_SESSION_STRING), so a host with an
 * ephemeral disk needs no interactive login at start.
 *
 * <p>Only {@code td.binlog} is packed: it holds the authorization, while {@code db.sqlite} (messages, chats, files) is
 * a cache TDLib rebuilds. Format: {@value #PREFIX} then base64url (no padding) of the zlib-deflated binlog. The prefix
 * names the format and its version so a string from another tool is told apart from a damaged one; zlib's Adler-32
 * trailer catches damage and truncation, so a bad string is refused before TDLib ever sees it.
 *
 * <p>Restoring writes into an EMPTY database folder only: TDLib's maintainers say a session folder may be moved only
 * while its instance is closed, and mixing a restored binlog with another session's sqlite files is undefined.
 */
public final class SessionPack {

  /** Format and version marker; '.' is outside the base64url alphabet, so the boundary is unambiguous. */
  public static final String PREFIX = "tgs1.";
  public static final String BINLOG = "td.binlog";
  /** The variable the string is meant for, named in every message so the person knows which value is wrong. */
  public static final String VARIABLE = "TG_SESSION_STRING";
  /**
   * Linux caps one environment string ({@code NAME=value} and its NUL) at MAX_ARG_STRLEN = 32 pages = 128 KiB; a
   * longer value makes exec fail with E2BIG.
   */
  public static final int LINUX_ENV_STRING_MAX = 128 * 1024;
  /** A real binlog is kilobytes; anything far larger is not one, and inflating it unbounded would be a memory bomb. */
  static final int MAX_BINLOG_BYTES = 64 * 1024 * 1024;

  private static final String LOGIN_AGAIN = "run `java -jar app/target/tgstream.jar login` again and set the "
      + "TG_SESSION_STRING=… line it prints";

  private SessionPack() {
  }

  /** Packs {@code databaseDir/td.binlog}; the folder's TDLib instance must be closed so the binlog is complete. */
  public static String pack(Path databaseDir) throws IOException {
    Path binlog = databaseDir.resolve(BINLOG);
    if (!Files.isRegularFile(binlog)) {
      throw new SessionPackException(SessionPackException.Reason.NO_SESSION,
          "no " + BINLOG + " in " + databaseDir + ": there is no TDLib session to pack");
    }
    return pack(Files.readAllBytes(binlog));
  }

  /** Packs a binlog's bytes. */
  public static String pack(byte[] binlog) {
    if (binlog.length == 0) {
      throw new SessionPackException(SessionPackException.Reason.NO_SESSION,
          BINLOG + " is empty: there is no TDLib session to pack");
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(binlog);
      deflater.finish();
      byte[] chunk = new byte[8192];
      ByteArrayOutputStream out = new ByteArrayOutputStream(binlog.length / 2 + 64);
      while (!deflater.finished()) {
        int n = deflater.deflate(chunk);
        out.write(chunk, 0, n);
      }
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  /**
   * The binlog inside a packed string.
   *
   * @throws SessionPackException CORRUPT with what is wrong and what to do
   */
  public static byte[] unpack(String packed) {
    if (packed == null || packed.isBlank()) {
      throw corrupt("is empty");
    }
    // Strip whitespace anywhere: a pasted value often carries a line break or wraps in an editor.
    String text = packed.replaceAll("\\s+", "");
    if (!text.startsWith(PREFIX)) {
      throw corrupt("is corrupt or from another tool (it does not start with '" + PREFIX + "')");
    }
    byte[] compressed;
    try {
      compressed = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw corrupt("is corrupt or from another tool (it is not base64url after '" + PREFIX + "')");
    }
    if (compressed.length == 0) {
      throw corrupt("is truncated (nothing after '" + PREFIX + "'); copy the whole value");
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
      byte[] chunk = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw corrupt("is truncated; copy the whole value");
        }
        out.write(chunk, 0, n);
        if (out.size() > MAX_BINLOG_BYTES) {
          throw corrupt("is corrupt or from another tool (it unpacks to more than " + (MAX_BINLOG_BYTES >> 20)
              + " MiB)");
        }
      }
      if (inflater.getRemaining() > 0) {
        throw corrupt("is corrupt or from another tool (it carries data past its end)");
      }
      if (out.size() == 0) {
        throw corrupt("is corrupt or from another tool (it holds an empty session)");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      // Adler-32 mismatch or a damaged deflate stream.
      throw corrupt("is corrupt or from another tool (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
  }

  /**
   * Restores a packed session into {@code databaseDir}, creating it when absent. Validates the whole string first,
   * so a bad one leaves no files behind; the binlog appears by an atomic rename, so a crash midway leaves the folder
   * empty rather than holding half a session.
   *
   * @throws SessionPackException CORRUPT for a bad string, DIRECTORY_NOT_EMPTY when the folder holds anything
   */
  public static void restore(String packed, Path databaseDir) throws IOException {
    byte[] binlog = unpack(packed);
    Files.createDirectories(databaseDir);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(databaseDir)) {
      if (entries.iterator().hasNext()) {
        throw new SessionPackException(SessionPackException.Reason.DIRECTORY_NOT_EMPTY,
            "cannot restore " + VARIABLE + " into " + databaseDir + ": the folder is not empty (it holds another "
                + "TDLib database); restore into an empty folder");
      }
    }
    Path temp = Files.createTempFile(databaseDir, ".td.binlog.", ".part");
    try {
      Files.write(temp, binlog);
      Files.move(temp, databaseDir.resolve(BINLOG), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Whether {@code NAME=value} fits Linux's cap on one environment string. */
  public static boolean fitsEnvironment(String packed) {
    return VARIABLE.length() + 1 + packed.length() + 1 <= LINUX_ENV_STRING_MAX;
  }

  /** One line explaining that a string is too long for an environment variable and where to put it instead. */
  public static String environmentLimitWarning(String packed) {
    return "the session string is " + packed.length() + " characters: more than Linux allows in one environment "
        + "variable (" + (LINUX_ENV_STRING_MAX / 1024) + " KiB with its name); put it in conf/config.json under \""
        + VARIABLE + "\" instead of the environment";
  }

  private static SessionPackException corrupt(String what) {
    return new SessionPackException(SessionPackException.Reason.CORRUPT, VARIABLE + " " + what + ": " + LOGIN_AGAIN);
  }
}
