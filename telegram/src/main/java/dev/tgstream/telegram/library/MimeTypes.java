package dev.tgstream.telegram.library;

import java.util.Locale;
import java.util.Map;

/** Content types of library files, by file name extension. */
final class MimeTypes {

  static final String DEFAULT = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("mp4", "video/mp4"),
      Map.entry("m4v", "video/mp4"),
      Map.entry("webm", "video/webm"),
      Map.entry("mkv", "video/x-matroska"),
      Map.entry("mov", "video/quicktime"),
      Map.entry("avi", "video/x-msvideo"),
      Map.entry("ts", "video/mp2t"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("m4a", "audio/mp4"),
      Map.entry("aac", "audio/aac"),
      Map.entry("flac", "audio/flac"),
      Map.entry("ogg", "audio/ogg"),
      Map.entry("oga", "audio/ogg"),
      Map.entry("opus", "audio/ogg"),
      Map.entry("wav", "audio/wav"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"),
      Map.entry("txt", "text/plain"),
      Map.entry("srt", "application/x-subrip"),
      Map.entry("vtt", "text/vtt"),
      Map.entry("epub", "application/epub+zip"),
      // Documents that a browser would run script in: named honestly, so the streamer can refuse to show them inline.
      Map.entry("html", "text/html"),
      Map.entry("htm", "text/html"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("js", "text/javascript"));

  private MimeTypes() {
  }

  static String of(String fileName) {
    return BY_EXTENSION.getOrDefault(extension(fileName), DEFAULT);
  }

  /** The lower-case extension without the dot, or "" when there is none. */
  static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The name without its last extension ("movie.mp4" → "movie", "movie" → "movie"). */
  static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? fileName : fileName.substring(0, dot);
  }
}
