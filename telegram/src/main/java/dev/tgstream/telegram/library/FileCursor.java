package dev.tgstream.telegram.library;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The opaque paging cursor: base64url of {@code version \n query-fingerprint \n number \n id \n text \n check}, i.e.
 * the {@link FileOrder} of the last file of the page, a fingerprint of the channel, sort, type filter and search text
 * it was made for (so a cursor cannot silently be applied to another listing), and a checksum of all that (so a
 * truncated or edited cursor is refused rather than misread). Fingerprint and checksum are 16 hex digits of SHA-256.
 */
final class FileCursor {

  private static final String VERSION = "1";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");

  private FileCursor() {
  }

  static String encode(String channelId, FileQuery query, FileOrder last) {
    String payload = String.join("\n",
        VERSION, fingerprint(channelId, query), Long.toString(last.number()), last.id(), last.text());
    return LibraryIds.encode(payload + "\n" + digest(payload));
  }

  /**
   * The position a query's cursor points after, or empty for the first page.
   *
   * @throws GatewayException INVALID_REQUEST when the cursor is malformed or belongs to another listing
   */
  static Optional<FileOrder> decode(String channelId, FileQuery query) {
    String cursor = query.cursor();
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    String text = LibraryIds.decode(cursor).orElseThrow(FileCursor::malformed);
    int lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0 || !digest(text.substring(0, lastNewline)).equals(text.substring(lastNewline + 1))) {
      throw malformed();
    }
    String[] fields = text.substring(0, lastNewline).split("\n", 5);
    if (fields.length != 5 || !VERSION.equals(fields[0]) || !ID.matcher(fields[3]).matches()) {
      throw malformed();
    }
    if (!fingerprint(channelId, query).equals(fields[1])) {
      throw GatewayException.invalid(
          "cursor belongs to another channel, sort, type filter or search; start again from the first page");
    }
    try {
      return Optional.of(new FileOrder(Long.parseLong(fields[2]), fields[4], fields[3]));
    } catch (NumberFormatException e) {
      throw malformed();
    }
  }

  private static GatewayException malformed() {
    return GatewayException.invalid("malformed cursor; use the 'next' value of the previous page as it is");
  }

  private static String fingerprint(String channelId, FileQuery query) {
    String text = query.text() == null ? "" : query.text().toLowerCase(Locale.ROOT);
    String type = query.type() == null ? "" : query.type().wireName();
    return digest(channelId + "\n" + query.sort().wireName() + "\n" + type + "\n" + text);
  }

  private static String digest(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
