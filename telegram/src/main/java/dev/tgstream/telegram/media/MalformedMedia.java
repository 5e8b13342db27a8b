package dev.tgstream.telegram.media;

/**
 * A parser met something it does not understand (a truncated element, an impossible size, a read past the end).
 * Probes turn it into "no metadata": a listing must never break on a strange file. No stack trace: it is expected.
 */
public final class MalformedMedia extends RuntimeException {

  public MalformedMedia(String message) {
    super(message, null, false, false);
  }
}
