package dev.tgstream.telegram.library;

import java.util.List;
import java.util.Optional;

/**
 * The syntax of a safe relative path inside the library. This is the first line of path confinement: whatever an id
 * decodes to must pass here before it is joined to the library folder; {@link LibraryRoot} then checks where it
 * really leads after following symlinks.
 */
final class LibraryPaths {

  /** A channel folder, then up to this many levels of files and sub-folders inside it. */
  static final int MAX_DEPTH_IN_CHANNEL = 8;
  static final int MAX_SEGMENTS = 1 + MAX_DEPTH_IN_CHANNEL;

  private LibraryPaths() {
  }

  /**
   * The path's segments when it is a plain relative path: '/'-separated, at most {@link #MAX_SEGMENTS} segments, none
   * empty, none hidden (which also rules out "." and ".."), no backslash, NUL or other control character.
   */
  static Optional<List<String>> segments(String relativePath) {
    if (relativePath == null || relativePath.isEmpty() || relativePath.length() > 4096) {
      return Optional.empty();
    }
    for (int i = 0; i < relativePath.length(); i++) {
      char c = relativePath.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        return Optional.empty();
      }
    }
    List<String> segments = List.of(relativePath.split("/", -1));
    if (segments.size() > MAX_SEGMENTS) {
      return Optional.empty();
    }
    for (String segment : segments) {
      if (!isVisibleName(segment)) {
        return Optional.empty();
      }
    }
    return Optional.of(segments);
  }

  /** A name we list and serve: not empty and not hidden (a leading '.' also covers "." and ".."). */
  static boolean isVisibleName(String name) {
    return !name.isEmpty() && name.charAt(0) != '.';
  }

  static String fileName(String relativePath) {
    return relativePath.substring(relativePath.lastIndexOf('/') + 1);
  }

  /** The parent folder's relative path, "" for a file lying directly in the library. */
  static String parent(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? "" : relativePath.substring(0, slash);
  }

  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }
}
