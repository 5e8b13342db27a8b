package dev.tgstream.ui.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttachmentHeaderTest {

  @Test
  void asciiFallbackAndExactUtf8Name() {
    assertEquals("attachment; filename=\"Movies.m3u8\"; filename*=UTF-8''Movies.m3u8",
        AttachmentHeader.of("Movies.m3u8"));
    assertEquals("attachment; filename=\"Fi_lms _a_ b_c*.m3u8\"; filename*=UTF-8''Fi%C3%A9lms%20%22a%22%20b%2Fc%2A.m3u8",
        AttachmentHeader.of("Fiélms \"a\" b/c*.m3u8"));
  }
}
