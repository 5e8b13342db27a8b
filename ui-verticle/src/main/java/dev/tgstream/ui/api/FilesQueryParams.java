package dev.tgstream.ui.api;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.ui.http.ApiProblem;
import io.vertx.core.MultiMap;

/**
 * {@code ?q=&type=&sort=&cursor=&limit=} of the file listing, checked: every bad value is a 400 naming the parameter.
 * Empty values count as absent.
 */
public final class FilesQueryParams {

  public static final int MAX_QUERY_LENGTH = 200;
  public static final int MAX_CURSOR_LENGTH = 1024;

  private FilesQueryParams() {
  }

  public static FileQuery parse(MultiMap params) {
    String q = value(params, "q");
    if (q != null && q.length() > MAX_QUERY_LENGTH) {
      throw ApiProblem.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters");
    }
    String typeName = value(params, "type");
    MediaType type = typeName == null ? null : MediaType.fromWire(typeName).orElseThrow(
        () -> ApiProblem.badRequest("type must be one of video, audio, document, photo"));
    String sortName = value(params, "sort");
    FileSort sort = sortName == null ? FileSort.DATE : FileSort.fromWire(sortName).orElseThrow(
        () -> ApiProblem.badRequest("sort must be one of date, name, size"));
    String cursor = value(params, "cursor");
    if (cursor != null && (cursor.length() > MAX_CURSOR_LENGTH || !cursor.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw ApiProblem.badRequest("cursor is invalid; start again from the first page");
    }
    int limit = limit(value(params, "limit"));
    return new FileQuery(q, type, sort, cursor, limit);
  }

  private static int limit(String value) {
    if (value == null) {
      return FileQuery.DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > FileQuery.MAX_LIMIT) {
      throw ApiProblem.badRequest("limit must be an integer between 1 and " + FileQuery.MAX_LIMIT);
    }
    return limit;
  }

  private static String value(MultiMap params, String name) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }
}
