package dev.tgstream.telegram.media;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a subtitle file in whatever encoding it came: a byte order mark decides (UTF-8, UTF-16 LE/BE);
 * without one, UTF-16 is recognised by its zero bytes, valid UTF-8 is UTF-8, and anything else is read as
 * Windows-1252 (Latin-1 with the curly quotes and dashes that Western subtitle files are full of).
 */
public final class SubtitleText {

  private static final Charset WINDOWS_1252 = Charset.isSupported("windows-1252")
      ? Charset.forName("windows-1252") : StandardCharsets.ISO_8859_1;

  private SubtitleText() {
  }

  public static String decode(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
    }
    int evenZeros = 0;
    int oddZeros = 0;
    int sample = Math.min(b.length, 4096);
    for (int i = 0; i < sample; i++) {
      if (b[i] == 0) {
        if (i % 2 == 0) {
          evenZeros++;
        } else {
          oddZeros++;
        }
      }
    }
    // ASCII text in UTF-16 has a zero in every other byte: at odd offsets little-endian, at even ones big-endian.
    if (oddZeros > sample / 4 && evenZeros < oddZeros / 8) {
      return new String(b, StandardCharsets.UTF_16LE);
    }
    if (evenZeros > sample / 4 && oddZeros < evenZeros / 8) {
      return new String(b, StandardCharsets.UTF_16BE);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return new String(b, WINDOWS_1252);
    }
  }
}
