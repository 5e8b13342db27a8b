package dev.tgstream.ui.api;

import dev.tgstream.ui.http.RequestOrigin;
import io.vertx.core.http.HttpServerRequest;

import java.util.Optional;

/**
 * Turns the streamer's link paths into absolute URLs that work outside the browser (external players, playlists):
 * PUBLIC_URL when configured, else the scheme and host the request came in by (through Render's proxy too). Links
 * that are already absolute (a remote streamer's) pass unchanged.
 */
public final class ExternalUrls {

  private final Optional<String> publicUrl;

  public ExternalUrls(Optional<String> publicUrl) {
    this.publicUrl = publicUrl;
  }

  /** The base without a trailing slash, e.g. {@code https://media.example.com}. */
  public String base(HttpServerRequest request) {
    return publicUrl.orElseGet(() -> RequestOrigin.of(request));
  }

  public String absolute(HttpServerRequest request, String link) {
    if (link.startsWith("http://") || link.startsWith("https://")) {
      return link;
    }
    return base(request) + (link.startsWith("/") ? link : "/" + link);
  }
}
