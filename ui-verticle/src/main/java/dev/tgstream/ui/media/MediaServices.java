package dev.tgstream.ui.media;

/** The media features the browse API draws on: pictures and subtitles. */
public record MediaServices(Thumbnails thumbnails, Subtitles subtitles) {
}
