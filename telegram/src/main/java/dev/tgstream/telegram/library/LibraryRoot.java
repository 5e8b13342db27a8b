package dev.tgstream.telegram.library;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The library folder's real path and the one place that turns a relative path into a file on disk. Everything
 * returned has been resolved with {@link Path#toRealPath} (symlinks followed) and checked to still lie inside the
 * library, to be visible at every level, and to be of the expected kind. All methods block: call them on a worker.
 */
final class LibraryRoot {

  /** A regular file inside the library: the path it was asked by, where it really is, and its attributes. */
  record ResolvedFile(String relativePath, Path real, BasicFileAttributes attributes) {
  }

  private final Path real;

  LibraryRoot(Path realPath) {
    this.real = realPath;
  }

  Path path() {
    return real;
  }

  /** The library folder's own name, for the title of the channel its loose files form. */
  String name() {
    Path name = real.getFileName();
    return name == null ? "" : name.toString();
  }

  /**
   * The regular file a relative path leads to; empty when the path is malformed, hidden, leads outside the library
   * or is not a regular file.
   *
   * @throws java.nio.file.NoSuchFileException when nothing is there (the caller decides whether that means
   *                                           "not found" or "vanished")
   */
  Optional<ResolvedFile> file(String relativePath) throws IOException {
    Optional<Path> target = resolve(relativePath);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    BasicFileAttributes attributes = Files.readAttributes(target.get(), BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      return Optional.empty();
    }
    return Optional.of(new ResolvedFile(relativePath, target.get(), attributes));
  }

  /** The real folder a relative path leads to, when it is a visible folder inside the library. */
  Optional<Path> directory(String relativePath) throws IOException {
    Optional<Path> target;
    try {
      target = resolve(relativePath);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (target.isPresent() && Files.isDirectory(target.get(), LinkOption.NOFOLLOW_LINKS)) {
      return target;
    }
    return Optional.empty();
  }

  /**
   * The visible names in a folder of the library ("" for the library itself), without a stat per entry: enough to
   * find sidecars, which are then resolved one by one with {@link #file}.
   */
  List<String> visibleNames(String relativeDir) throws IOException {
    Path dir = relativeDir.isEmpty() ? real
        : directory(relativeDir).orElseThrow(() -> new NoSuchFileException(relativeDir));
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (LibraryPaths.isVisibleName(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * Where an entry found while listing really is, when it may be listed: symlinks are followed, and dropped when
   * they lead outside the library, into a hidden place, or nowhere.
   */
  Optional<Path> realEntry(Path entry) {
    try {
      Path target = entry.toRealPath();
      return isInsideAndVisible(target) ? Optional.of(target) : Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private Optional<Path> resolve(String relativePath) throws IOException {
    Optional<List<String>> segments = LibraryPaths.segments(relativePath);
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    Path logical = real;
    for (String segment : segments.get()) {
      logical = logical.resolve(segment);
    }
    // The syntax check above already keeps the logical path inside; this catches symlinks that lead out.
    if (!logical.normalize().startsWith(real)) {
      return Optional.empty();
    }
    Path target = logical.toRealPath();
    return isInsideAndVisible(target) ? Optional.of(target) : Optional.empty();
  }

  private boolean isInsideAndVisible(Path target) {
    if (!target.startsWith(real) || target.equals(real)) {
      return false;
    }
    for (Path segment : real.relativize(target)) {
      if (!LibraryPaths.isVisibleName(segment.toString())) {
        return false;
      }
    }
    return true;
  }
}
