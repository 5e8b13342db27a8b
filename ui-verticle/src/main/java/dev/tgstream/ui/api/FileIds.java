package dev.tgstream.ui.api;

import dev.tgstream.ui.http.ApiProblem;

import java.util.regex.Pattern;

/**
 * File and channel ids are opaque and URL-safe ({@code [A-Za-z0-9_-]}); anything else cannot name one, so it is a 404
 * before the gateway is asked.
 */
public final class FileIds {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,512}");

  private FileIds() {
  }

  public static boolean isWellFormed(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Throws a 404 problem unless {@code id} could be a file id. */
  public static void require(String id) {
    if (!isWellFormed(id)) {
      throw unknownFile(id);
    }
  }

  public static ApiProblem unknownFile(String id) {
    return ApiProblem.notFound("no such file: " + shorten(id));
  }

  public static ApiProblem unknownChannel(String id) {
    return ApiProblem.notFound("no such channel: " + shorten(id));
  }

  // Echoes the id so people see what they asked for, but never a whole pasted essay.
  private static String shorten(String id) {
    return id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "…" : id;
  }
}
