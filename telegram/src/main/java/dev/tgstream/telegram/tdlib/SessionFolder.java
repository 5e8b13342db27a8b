package dev.tgstream.telegram.tdlib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a TG_SESSION_STRING lives on disk: {@code <root>/user-<fingerprint of the string>}. The first start with a
 * string restores it there ({@link SessionPack#restore}); later starts with the same string reuse the folder, because
 * TDLib keeps its binlog up to date and the string is only a snapshot of the day it was made. A new string (a new
 * login) gets a new folder, and the folders of older strings are deleted: they hold sessions nobody uses any more.
 *
 * <p>Blocking file work: call it from a worker.
 */
public final class SessionFolder {

  static final String PREFIX = "user-";

  private SessionFolder() {
  }

  /** The prepared database folder, and the stale folders that were removed. */
  public record Prepared(Path databaseDirectory, boolean restored, List<Path> removed) {
  }

  /**
   * Prepares the database folder for {@code sessionString} under {@code root}.
   *
   * @throws SessionPackException CORRUPT for a bad string (nothing on disk is touched then)
   */
  public static Prepared prepare(Path root, String sessionString) throws IOException {
    // Validate first: a bad string must not cost the folder of the good one it replaced.
    SessionPack.unpack(sessionString);
    Path dir = root.resolve(PREFIX + fingerprint(sessionString));
    boolean restored = false;
    if (!Files.isRegularFile(dir.resolve(SessionPack.BINLOG))) {
      // No binlog: a first start, or a start interrupted before the restore finished. Either way nothing to keep.
      deleteTree(dir);
      SessionPack.restore(sessionString, dir);
      restored = true;
    }
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path sibling : siblings) {
        if (!sibling.equals(dir) && Files.isDirectory(sibling)) {
          deleteTree(sibling);
          removed.add(sibling);
        }
      }
    }
    return new Prepared(dir, restored, removed);
  }

  /** 16 hex digits of SHA-256 over the string without whitespace (as {@link SessionPack#unpack} reads it). */
  static String fingerprint(String sessionString) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(sessionString.replaceAll("\\s+", "").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
