package dev.tgstream.stream.http;

import dev.tgstream.stream.link.Disposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentSafetyTest {

  @ParameterizedTest
  @CsvSource({
      "video/mp4, INLINE, INLINE",
      "video/x-matroska, INLINE, INLINE",
      "audio/mpeg, INLINE, INLINE",
      "image/jpeg, INLINE, INLINE",
      "IMAGE/PNG; charset=binary, INLINE, INLINE",
      "video/mp4, ATTACHMENT, ATTACHMENT",
      "image/svg+xml, INLINE, ATTACHMENT",
      "text/html, INLINE, ATTACHMENT",
      "application/xhtml+xml, INLINE, ATTACHMENT",
      "text/javascript, INLINE, ATTACHMENT",
      "application/pdf, INLINE, ATTACHMENT",
      "application/octet-stream, INLINE, ATTACHMENT",
      "'', INLINE, ATTACHMENT",
      "videos/mp4, INLINE, ATTACHMENT",
  })
  void onlyMediaIsShownInPlace(String mime, Disposition requested, Disposition expected) {
    assertEquals(expected, ContentSafety.disposition(requested, mime));
  }

  @org.junit.jupiter.api.Test
  void unknownTypeIsADownload() {
    assertEquals(Disposition.ATTACHMENT, ContentSafety.disposition(Disposition.INLINE, null));
  }
}
