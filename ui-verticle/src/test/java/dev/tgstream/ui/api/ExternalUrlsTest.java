package dev.tgstream.ui.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalUrlsTest {

  // With PUBLIC_URL set the request is not consulted.
  private final ExternalUrls urls = new ExternalUrls(Optional.of("https://ui.example"));

  @Test
  void aRemoteStreamersLinkBecomesThisUisRawStreamForTheSameTokenAndName() {
    assertEquals("https://ui.example/raw-stream/tok.en.i.mac/My%20Film.mkv",
        urls.durable(null, "https://streamer.example/stream/tok.en.i.mac/My%20Film.mkv"));
    assertEquals("https://ui.example/raw-stream/tok.en.i.mac",
        urls.durable(null, "http://streamer.example:8081/stream/tok.en.i.mac"));
    // A file called "stream": only the last /stream/ before token and name counts.
    assertEquals("https://ui.example/raw-stream/tok/stream",
        urls.durable(null, "https://streamer.example/stream/tok/stream"));
  }

  @Test
  void aLinkOnThisOriginIsOnlyMadeAbsolute() {
    assertEquals("https://ui.example/stream/tok/a.mp3", urls.durable(null, "/stream/tok/a.mp3"));
    assertEquals("https://ui.example/raw-stream/tok/a.mp3", urls.durable(null, "/raw-stream/tok/a.mp3"));
    assertEquals("https://ui.example/raw-stream/tok/a.mp3", urls.absolute(null, "/raw-stream/tok/a.mp3"));
  }

  @Test
  void remoteMeansAbsolute() {
    assertTrue(ExternalUrls.isRemote("https://streamer.example/stream/t/n"));
    assertFalse(ExternalUrls.isRemote("/raw-stream/t/n"));
    // Not a streamer link at all: passed on as it is.
    assertEquals("https://elsewhere.example/x", urls.durable(null, "https://elsewhere.example/x"));
  }
}
