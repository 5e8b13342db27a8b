package dev.tgstream.ui.api;

import dev.tgstream.ui.http.RequestOrigin;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the streamer's link paths into absolute URLs that work outside the browser (external players, playlists):
 * PUBLIC_URL when configured, else the scheme and host the request came in by (through Render's proxy too). Links
 * that are already absolute (a remote streamer's) pass unchanged, or, for links kept for hours, become this UI's
 * {@code /raw-stream}.
 */
public final class ExternalUrls {

  /** The token and name at the end of a streamer's {@code …/stream/{token}[/{name}]} path. */
  private static final Pattern STREAM_TAIL = Pattern.compile(".*/stream/([^/]+(?:/[^/]*)?)");

  private final Optional<String> publicUrl;

  public ExternalUrls(Optional<String> publicUrl) {
    this.publicUrl = publicUrl;
  }

  /** The base without a trailing slash, e.g. {@code https://media.example.com}. */
  public String base(HttpServerRequest request) {
    return publicUrl.orElseGet(() -> RequestOrigin.of(request));
  }

  public String absolute(HttpServerRequest request, String link) {
    if (isRemote(link)) {
      return link;
    }
    return base(request) + (link.startsWith("/") ? link : "/" + link);
  }

  /**
   * A link for players and playlists that keep it for hours: a remote streamer's URL becomes this UI's
   * {@code /raw-stream} for the same token and name (which redirects to the remote while it is up and streams locally
   * while it is not); a path on this origin is made absolute as it is.
   */
  public String durable(HttpServerRequest request, String link) {
    if (!isRemote(link)) {
      return absolute(request, link);
    }
    try {
      String path = new URI(link).getRawPath();
      Matcher m = STREAM_TAIL.matcher(path == null ? "" : path);
      return m.matches() ? base(request) + "/raw-stream/" + m.group(1) : link;
    } catch (URISyntaxException e) {
      return link;
    }
  }

  /** Whether a streamer's link is an absolute URL on a remote streamer rather than a path on this origin. */
  public static boolean isRemote(String link) {
    return link.startsWith("http://") || link.startsWith("https://");
  }
}
