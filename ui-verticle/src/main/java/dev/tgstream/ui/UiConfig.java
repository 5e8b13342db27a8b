package dev.tgstream.ui;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the UI service needs from configuration, read once by Main from conf/ and the environment.
 *
 * @param authEnabled    UI_AUTH: false lets every request act as an admin named {@code local} (trusted networks only)
 * @param usersSpec      UI_USERS as given ({@code name:bcrypt-hash[:role]} separated by {@code ;}), or null
 * @param dataDir        DATA_DIR: users.json and progress.json live here
 * @param publicUrl      PUBLIC_URL (or RENDER_EXTERNAL_URL): scheme://host[:port][/path] without a trailing slash;
 *                       empty to build absolute links from the request's own scheme and host
 * @param linkTtlSeconds lifetime of the signed stream links handed out (SPEC: 12 h)
 * @param sourceKind     {@code library} or {@code telegram}: what the SPA tells people when there is nothing to show
 * @param libraryDir     LIBRARY_DIR as configured (shown in the empty state when the source is the library), or null
 * @param maxBodyBytes   the largest JSON request body accepted; larger ones get 413
 */
public record UiConfig(
    boolean authEnabled,
    String usersSpec,
    Path dataDir,
    Optional<String> publicUrl,
    long linkTtlSeconds,
    String sourceKind,
    String libraryDir,
    long maxBodyBytes) {

  public static final long DEFAULT_LINK_TTL_SECONDS = 12 * 3600L;
  public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024L;
  public static final String SOURCE_LIBRARY = "library";
  public static final String SOURCE_TELEGRAM = "telegram";

  public UiConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    publicUrl = Objects.requireNonNull(publicUrl, "publicUrl").map(UiConfig::normalizePublicUrl);
    if (usersSpec != null && usersSpec.isBlank()) {
      usersSpec = null;
    }
    if (linkTtlSeconds < 1) {
      throw new IllegalArgumentException("link TTL must be at least 1 second, got " + linkTtlSeconds);
    }
    if (!SOURCE_LIBRARY.equals(sourceKind) && !SOURCE_TELEGRAM.equals(sourceKind)) {
      throw new IllegalArgumentException("source kind must be library or telegram, got " + sourceKind);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("max body size must be at least 1024 bytes, got " + maxBodyBytes);
    }
  }

  /** Like the record's, but UI_USERS is summarized: password hashes stay out of logs. */
  @Override
  public String toString() {
    return "UiConfig[authEnabled=" + authEnabled
        + ", usersSpec=" + (usersSpec == null ? "none" : "(" + usersSpec.split(";").length + " entries)")
        + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl.orElse("from request")
        + ", linkTtlSeconds=" + linkTtlSeconds + ", sourceKind=" + sourceKind + ", libraryDir=" + libraryDir
        + ", maxBodyBytes=" + maxBodyBytes + "]";
  }

  /** Auth on, no UI_USERS, links from the request's host, 12 h links, a library source, 64 KiB bodies. */
  public static UiConfig defaults(Path dataDir) {
    return new UiConfig(true, null, dataDir, Optional.empty(), DEFAULT_LINK_TTL_SECONDS, SOURCE_LIBRARY, null,
        DEFAULT_MAX_BODY_BYTES);
  }

  public UiConfig withAuthEnabled(boolean enabled) {
    return new UiConfig(enabled, usersSpec, dataDir, publicUrl, linkTtlSeconds, sourceKind, libraryDir, maxBodyBytes);
  }

  public UiConfig withUsersSpec(String spec) {
    return new UiConfig(authEnabled, spec, dataDir, publicUrl, linkTtlSeconds, sourceKind, libraryDir, maxBodyBytes);
  }

  public UiConfig withPublicUrl(String url) {
    return new UiConfig(authEnabled, usersSpec, dataDir, Optional.ofNullable(url), linkTtlSeconds, sourceKind,
        libraryDir, maxBodyBytes);
  }

  public UiConfig withSource(String kind, String dir) {
    return new UiConfig(authEnabled, usersSpec, dataDir, publicUrl, linkTtlSeconds, kind, dir, maxBodyBytes);
  }

  /**
   * Checks a PUBLIC_URL and drops its trailing slash, so links are {@code publicUrl + "/stream/..."}. A query or
   * fragment would end up in the middle of every link, so they are refused.
   */
  static String normalizePublicUrl(String raw) {
    String value = raw.strip();
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("PUBLIC_URL must be an absolute http(s) URL, got: " + raw);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("PUBLIC_URL must be an absolute http(s) URL like https://media.example.com, got: "
          + raw);
    }
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    return value;
  }
}
