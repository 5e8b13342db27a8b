package dev.tgstream.telegram.library;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The opaque, URL-safe ids of the library: base64url (no padding) of UTF-8 text. File ids encode the path relative
 * to the library with '/' separators; channel ids are a prefix letter and the encoded folder name. Both are stable
 * across restarts because they depend on names only.
 *
 * <p>Decoding is strict on purpose: only the canonical encoding of well-formed UTF-8 is accepted, so one path has
 * exactly one id and nothing odd reaches the file system. Whether the decoded text is a safe path is
 * {@link LibraryPaths}'s concern.
 */
final class LibraryIds {

  /** Base64url alphabet, bounded so that a hostile id cannot make us decode megabytes. */
  private static final Pattern ENCODED = Pattern.compile("[A-Za-z0-9_-]{1,8192}");
  /** Prefix of a sub-folder channel's id. */
  static final char FOLDER_CHANNEL = 'd';
  /** Prefix of the channel made of the files lying directly in the library folder. */
  static final char ROOT_CHANNEL = 'r';

  private LibraryIds() {
  }

  static String encode(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The text behind an id, or empty when it is not the canonical base64url of well-formed UTF-8. */
  static Optional<String> decode(String id) {
    if (id == null || !ENCODED.matcher(id).matches()) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Non-zero trailing bits decode to the same bytes; refuse them so ids stay one-to-one with paths.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(id)) {
      return Optional.empty();
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  static String fileId(String relativePath) {
    return encode(relativePath);
  }

  static String folderChannelId(String folderName) {
    return FOLDER_CHANNEL + encode(folderName);
  }

  static String rootChannelId(String libraryFolderName) {
    return libraryFolderName.isEmpty() ? String.valueOf(ROOT_CHANNEL) : ROOT_CHANNEL + encode(libraryFolderName);
  }

  /** The folder name behind a sub-folder channel's id, or empty when the id is not one. */
  static Optional<String> folderOfChannel(String channelId) {
    if (channelId == null || channelId.length() < 2 || channelId.charAt(0) != FOLDER_CHANNEL) {
      return Optional.empty();
    }
    return decode(channelId.substring(1));
  }
}
