package dev.tgstream.telegram;

/**
 * A page request over a channel's files.
 *
 * @param text   case-insensitive substring of name or caption, or null for all
 * @param type   only files of this type, or null for all
 * @param sort   the order
 * @param cursor the {@link FilePage#next()} of the previous page, or null for the first page
 * @param limit  page size, 1..{@link #MAX_LIMIT}
 */
public record FileQuery(String text, MediaType type, FileSort sort, String cursor, int limit) {

  public static final int DEFAULT_LIMIT = 48;
  public static final int MAX_LIMIT = 200;

  public FileQuery {
    if (sort == null) {
      sort = FileSort.DATE;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (text != null && text.isBlank()) {
      text = null;
    }
  }

  public static FileQuery all() {
    return new FileQuery(null, null, FileSort.DATE, null, MAX_LIMIT);
  }
}
