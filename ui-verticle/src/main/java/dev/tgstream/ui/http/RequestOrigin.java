package dev.tgstream.ui.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The origin ({@code scheme://host[:port]}) a browser used to reach us. Behind Render's proxy (TLS terminated, Host
 * rewritten) the truth is in {@code X-Forwarded-Proto} / {@code X-Forwarded-Host}; without a proxy, in the request.
 * Origins are normalized (lower case, default ports dropped) so they compare as strings.
 */
public final class RequestOrigin {

  // A host[:port] as it may appear in Host / X-Forwarded-Host; anything else is not used to build links.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

  private RequestOrigin() {
  }

  /** True when the browser talks https to us, directly or through a TLS-terminating proxy. */
  public static boolean isHttps(HttpServerRequest request) {
    return "https".equals(scheme(request));
  }

  /** {@code http} or {@code https}. */
  public static String scheme(HttpServerRequest request) {
    String forwarded = firstValue(request.getHeader("X-Forwarded-Proto"));
    if (forwarded != null) {
      String s = forwarded.toLowerCase(Locale.ROOT);
      if (s.equals("https") || s.equals("http")) {
        return s;
      }
    }
    return request.isSSL() ? "https" : "http";
  }

  /** The normalized origin of this request, e.g. {@code https://media.example.com}. */
  public static String of(HttpServerRequest request) {
    String host = firstValue(request.getHeader("X-Forwarded-Host"));
    if (host == null || !HOST.matcher(host).matches()) {
      host = request.getHeader("Host");
    }
    if (host == null || !HOST.matcher(host).matches()) {
      HostAndPort authority = request.authority();
      host = authority == null ? "localhost" : authority.toString();
    }
    return normalize(scheme(request) + "://" + host).orElse(scheme(request) + "://localhost");
  }

  /**
   * {@code scheme://host[:port]} of an absolute http(s) URL or origin, lower case and without a default port; empty
   * for anything else (including the literal {@code null} origin of sandboxed documents).
   */
  public static Optional<String> normalize(String url) {
    if (url == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost();
      if (host == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return Optional.empty();
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
      return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  // Proxies may append: "https, http" — the first value is what the client used.
  private static String firstValue(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.indexOf(',');
    String value = (comma < 0 ? header : header.substring(0, comma)).strip();
    return value.isEmpty() ? null : value;
  }
}
