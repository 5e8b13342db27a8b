package dev.tgstream.stream.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedPathGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/stream/abc/movie.mp4", "/stream/abc/big%20movie%20%C3%BC.mp4", "/a%2Fb", "/%41%7e"})
  void wellFormedPathsPass(String path) {
    assertTrue(MalformedPathGuard.hasValidEscapes(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/stream/%xv/x", "/stream/abc/%zz", "/%", "/%4", "/a%g0", "/ok%20then%"})
  void brokenEscapesAreRefused(String path) {
    assertFalse(MalformedPathGuard.hasValidEscapes(path));
  }
}
