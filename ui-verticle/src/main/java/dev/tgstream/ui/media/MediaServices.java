package dev.tgstream.ui.media;

import dev.tgstream.ui.playlist.PlaylistLinks;

/** The media features the browse API draws on: pictures, subtitles and signed playlist links. */
public record MediaServices(Thumbnails thumbnails, Subtitles subtitles, PlaylistLinks playlists) {
}
