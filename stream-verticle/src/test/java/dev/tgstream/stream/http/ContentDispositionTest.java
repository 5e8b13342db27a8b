package dev.tgstream.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tgstream.stream.link.Disposition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDispositionTest {

  private static String inline(String name) {
    return ContentDisposition.header(Disposition.INLINE, name);
  }

  /** The name a client decodes from filename*, which must be what was served. */
  private static String decodedFilenameStar(String header) {
    String encoded = header.substring(header.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Test
  void plainAsciiName() {
    assertEquals("inline; filename=\"movie.mp4\"; filename*=UTF-8''movie.mp4", inline("movie.mp4"));
  }

  @Test
  void attachment() {
    assertEquals("attachment; filename=\"movie.mp4\"; filename*=UTF-8''movie.mp4",
        ContentDisposition.header(Disposition.ATTACHMENT, "movie.mp4"));
  }

  @Test
  void spacesStayInTheFallbackAndAreEncodedInFilenameStar() {
    assertEquals("inline; filename=\"My Movie (2024).mp4\"; filename*=UTF-8''My%20Movie%20%282024%29.mp4",
        inline("My Movie (2024).mp4"));
  }

  @Test
  void nonAsciiLettersBecomeUnderscoresAndUtf8Escapes() {
    assertEquals("inline; filename=\"_t_.mp4\"; filename*=UTF-8''%C3%A9t%C3%A9.mp4", inline("\u00e9t\u00e9.mp4"));
  }

  @Test
  void cyrillicName() {
    assertEquals("inline; filename=\"______.mkv\"; filename*=UTF-8''%D0%A4%D0%B8%D0%BB%D1%8C%D0%BC%D1%8B.mkv",
        inline("\u0424\u0438\u043b\u044c\u043c\u044b.mkv"));
  }

  @Test
  void characterOutsideTheBmpIsOneUnderscoreAndFourBytes() {
    assertEquals("inline; filename=\"_.mp4\"; filename*=UTF-8''%F0%9F%8E%AC.mp4", inline("\uD83C\uDFAC.mp4"));
  }

  @Test
  void quoteBecomesUnderscoreInTheFallbackOnly() {
    assertEquals("inline; filename=\"say _hi_.mp3\"; filename*=UTF-8''say%20%22hi%22.mp3", inline("say \"hi\".mp3"));
  }

  @Test
  void pathSeparatorsAreReplacedInBothParameters() {
    assertEquals("inline; filename=\"AC_DC _ live.mp3\"; filename*=UTF-8''AC_DC%20_%20live.mp3",
        inline("AC/DC \\ live.mp3"));
    assertEquals("inline; filename=\".._.._etc_passwd\"; filename*=UTF-8''.._.._etc_passwd",
        inline("../../etc/passwd"));
  }

  @Test
  void controlCharactersCannotInjectHeaders() {
    String header = inline("a\r\nSet-Cookie: x=1\u0000\u007f\u0085.txt");
    assertFalse(header.chars().anyMatch(c -> c < 0x20 || c >= 0x7F), header);
    assertEquals("inline; filename=\"a__Set-Cookie: x=1___.txt\"; filename*=UTF-8''a__Set-Cookie%3A%20x%3D1___.txt",
        header);
  }

  @Test
  void bidiOverrideCannotDisguiseAnExtension() {
    assertEquals("inline; filename=\"photo_gpj.exe\"; filename*=UTF-8''photo_gpj.exe", inline("photo\u202Egpj.exe"));
  }

  @Test
  void loneSurrogateIsReplaced() {
    assertEquals("inline; filename=\"a_b\"; filename*=UTF-8''a_b", inline("a\uD800b"));
  }

  @ParameterizedTest(name = "fallback of \"{0}\" is \"{1}\"")
  @CsvSource(delimiter = '|', value = {
      "50% off.mp4 | 50% off.mp4",    // a lone percent is harmless
      "100%.mp4 | 100%.mp4",
      "a%41b.mp4 | a_41b.mp4",        // %41 could be decoded to 'A' by some clients
      "%e9t%E9 | _e9t_E9",
      "%zz | %zz",
  })
  void percentFollowedByTwoHexDigitsIsDefusedInTheFallback(String name, String fallback) {
    assertTrue(inline(name).startsWith("inline; filename=\"" + fallback + "\"; "), inline(name));
  }

  @Test
  void percentIsAlwaysEncodedInFilenameStar() {
    assertTrue(inline("50% off").endsWith("filename*=UTF-8''50%25%20off"));
  }

  @Test
  void attrCharsAreLeftAlone() {
    String attrChars = "AZaz09!#$&+-.^_`|~";
    assertTrue(inline(attrChars).endsWith("filename*=UTF-8''" + attrChars));
  }

  @Test
  void everythingElsePrintableIsEncoded() {
    assertTrue(inline("'()*,;=@[]{}<>?:").endsWith(
        "filename*=UTF-8''%27%28%29%2A%2C%3B%3D%40%5B%5D%7B%7D%3C%3E%3F%3A"));
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertEquals("inline; filename=\"movie.mp4\"; filename*=UTF-8''movie.mp4", inline("  movie.mp4 \t"));
  }

  @ParameterizedTest(name = "\"{0}\" becomes download")
  @NullSource
  @ValueSource(strings = {"", "   ", ".", "..", " . . "})
  void emptyOrDotOnlyNamesBecomeDownload(String name) {
    assertEquals("inline; filename=\"download\"; filename*=UTF-8''download", inline(name));
  }

  @Test
  void dispositionIsRequired() {
    assertThrows(NullPointerException.class, () -> ContentDisposition.header(null, "a.mp4"));
  }

  @Test
  void filenameStarAlwaysDecodesToTheSafeNameAndTheHeaderIsAscii() {
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(20);
      for (int j = 0; j < length; j++) {
        name.appendCodePoint(random.nextInt(4) == 0 ? 0x20 + random.nextInt(0x5F) : random.nextInt(0x1FFFF));
      }
      String header = inline(name.toString());
      assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7F), header);
      assertEquals(ContentDisposition.safeName(name.toString()), decodedFilenameStar(header));
      String fallback = header.substring(header.indexOf('"') + 1, header.indexOf("\"; filename*="));
      assertFalse(fallback.contains("\"") || fallback.contains("\\") || fallback.contains("/"), fallback);
    }
  }
}
