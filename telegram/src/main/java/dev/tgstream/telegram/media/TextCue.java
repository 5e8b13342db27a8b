package dev.tgstream.telegram.media;

/** One subtitle cue: start and end in milliseconds, and its text (lines separated by \n, WebVTT markup). */
public record TextCue(long startMs, long endMs, String text) {
}
