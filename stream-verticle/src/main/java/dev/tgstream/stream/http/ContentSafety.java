package dev.tgstream.stream.http;

import dev.tgstream.stream.link.Disposition;
import io.vertx.core.MultiMap;

import java.util.Locale;

/**
 * Telegram documents can be anything a person uploaded, HTML, SVG or scripts among them, and the streamer serves them
 * from our own origin. Only media a browser plays or shows without running code may be shown in place; everything
 * else is a download, and no answer may ever be sniffed into something else or run script.
 */
public final class ContentSafety {

  /** Sent on every /stream and /raw-stream answer, errors included. */
  public static final String CONTENT_SECURITY_POLICY = "sandbox";

  private ContentSafety() {
  }

  /** nosniff and a sandboxing CSP: an HTML or SVG body opened directly runs in an opaque origin without script. */
  public static void addHeaders(MultiMap headers) {
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  }

  /** The link's disposition for audio, video and raster images; attachment for every other type. */
  public static Disposition disposition(Disposition requested, String mime) {
    return isInlineSafe(mime) ? requested : Disposition.ATTACHMENT;
  }

  /** SVG is an image that can carry script, so it is not inline-safe. */
  static boolean isInlineSafe(String mime) {
    if (mime == null) {
      return false;
    }
    String type = mime.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    if (type.startsWith("image/")) {
      return !type.equals("image/svg+xml");
    }
    return type.startsWith("video/") || type.startsWith("audio/");
  }
}
