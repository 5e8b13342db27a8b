package dev.tgstream.telegram;

/**
 * A subtitle file that goes with a video.
 *
 * @param fileId its own id, for {@link TelegramGateway#readPart}
 * @param name   its file name, which carries language and flags ({@code movie.forced.fr.srt})
 * @param size   exact size in bytes
 */
public record SubtitleFile(String fileId, String name, long size) {
}
