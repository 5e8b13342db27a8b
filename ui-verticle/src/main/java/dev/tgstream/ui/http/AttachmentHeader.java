package dev.tgstream.ui.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} for a download the UI itself serves (playlists), with an ASCII fallback
 * {@code filename} for old clients and the exact name in RFC 6266 / RFC 8187 {@code filename*}.
 */
public final class AttachmentHeader {

  private AttachmentHeader() {
  }

  public static String of(String fileName) {
    StringBuilder ascii = new StringBuilder(fileName.length());
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' ? c : '_');
    }
    String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
