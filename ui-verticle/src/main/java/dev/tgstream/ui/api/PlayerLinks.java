package dev.tgstream.ui.api;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links that hand a stream URL to an external player: {@code vlc://} and {@code mpv://} (handlers registered by the
 * desktop players and their mobile apps), Android intents for MX Player (free and Pro) with the content type and a
 * title, and the UI's one-entry M3U for everything else.
 */
public record PlayerLinks(String vlc, String mxPlayer, String mxPlayerPro, String mpv, String m3u) {

  public static final String MX_PLAYER = "com.mxtech.videoplayer.ad";
  public static final String MX_PLAYER_PRO = "com.mxtech.videoplayer.pro";

  /** Links for {@code file}, whose absolute stream URL is {@code streamUrl} (http or https). */
  public static PlayerLinks of(MediaFile file, String streamUrl) {
    return new PlayerLinks(
        "vlc://" + streamUrl,
        intent(streamUrl, MX_PLAYER, file),
        intent(streamUrl, MX_PLAYER_PRO, file),
        "mpv://" + streamUrl,
        "/api/files/" + file.id() + "/playlist.m3u");
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
        .put("vlc", vlc)
        .put("mxPlayer", mxPlayer)
        .put("mxPlayerPro", mxPlayerPro)
        .put("mpv", mpv)
        .put("m3u", m3u);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
