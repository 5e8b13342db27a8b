package dev.tgstream.telegram.media;

/** An embedded picture (cover art): its bytes and image content type. */
public record Picture(byte[] bytes, String mime) {

  /** The type from the bytes themselves: taggers often write a wrong or empty MIME field. */
  static String sniff(byte[] b, String declared) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "image/jpeg";
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E') {
      return "image/webp";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    return declared != null && declared.startsWith("image/") && !declared.contains("svg") ? declared : null;
  }
}
