package dev.tgstream.ui.api;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What opens a file outside the browser, by platform, and only what works there: the plain URL (paste it into any
 * player or downloader), a one-file M3U (desktop players open it), Android intents for VLC and MX Player (free and
 * Pro), and VLC and mpv command lines that load the subtitles too (VLC refuses subtitle URLs from a playlist). Desktop schemes such as
 * {@code vlc://} or {@code mpv://} need a handler that players do not install, so they are not offered.
 *
 * @param url        the absolute stream URL
 * @param vlc        Android intent for VLC
 * @param mxPlayer   Android intent for MX Player
 * @param mxPlayerPro Android intent for MX Player Pro
 * @param m3u        the per-file playlist (signed and cookie-free when the UI signs playlists)
 * @param mpvCommand a command line for mpv, subtitles included
 * @param vlcCommand a command line for desktop VLC, subtitles included
 */
public record PlayerLinks(String url, String vlc, String mxPlayer, String mxPlayerPro, String m3u, String mpvCommand,
                          String vlcCommand) {

  public static final String VLC = "org.videolan.vlc";
  public static final String MX_PLAYER = "com.mxtech.videoplayer.ad";
  public static final String MX_PLAYER_PRO = "com.mxtech.videoplayer.pro";

  /** Links for {@code file}, whose absolute stream URL is {@code streamUrl} (http or https). */
  public static PlayerLinks of(MediaFile file, String streamUrl) {
    return of(file, streamUrl, "/api/files/" + file.id() + "/playlist.m3u", List.of());
  }

  /** With the file's playlist URL and its subtitles' absolute URLs (for the mpv command). */
  public static PlayerLinks of(MediaFile file, String streamUrl, String m3u, List<String> subtitleUrls) {
    StringBuilder mpv = new StringBuilder("mpv");
    subtitleUrls.forEach(s -> mpv.append(" --sub-file=").append(shellQuote(s)));
    mpv.append(' ').append(shellQuote(streamUrl));
    // VLC takes several slaves as one '#'-separated option (our URLs hold no '#').
    String vlcCommand = "vlc" + (subtitleUrls.isEmpty() ? ""
        : " --input-slave=" + shellQuote(String.join("#", subtitleUrls))) + " " + shellQuote(streamUrl);
    return new PlayerLinks(
        streamUrl,
        intent(streamUrl, VLC, file),
        intent(streamUrl, MX_PLAYER, file),
        intent(streamUrl, MX_PLAYER_PRO, file),
        m3u,
        mpv.toString(),
        vlcCommand);
  }

  /**
   * {@code intent://host/path#Intent;package=…;type=…;scheme=https;S.title=…;end}: Chrome on Android turns it into
   * an ACTION_VIEW of the https URL for that app. Extra values are percent-encoded, as Intent.parseUri expects.
   */
  static String intent(String streamUrl, String packageName, MediaFile file) {
    int colon = streamUrl.indexOf(':');
    String scheme = streamUrl.substring(0, colon);
    String rest = streamUrl.substring(colon + 1);
    return "intent:" + rest
        + "#Intent;package=" + packageName
        + ";type=" + encode(file.mime()).replace("%2F", "/")
        + ";scheme=" + scheme
        + ";S.title=" + encode(file.name())
        + ";end";
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("url", url)
        .put("vlc", vlc)
        .put("mxPlayer", mxPlayer)
        .put("mxPlayerPro", mxPlayerPro)
        .put("m3u", m3u)
        .put("mpvCommand", mpvCommand)
        .put("vlcCommand", vlcCommand);
  }

  /** POSIX shell single quotes: our URLs hold no quote, but a name might. */
  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
