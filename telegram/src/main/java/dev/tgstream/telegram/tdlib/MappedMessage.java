package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;

/**
 * A channel post with a file, as the gateway uses it.
 *
 * @param file           the file's metadata as the port describes it
 * @param media          the TDLib file holding the bytes
 * @param thumbnail      the TDLib file of a still thumbnail (JPEG, PNG, WebP, GIF), or null
 * @param thumbnailMime  its content type, or null
 * @param minithumbnail  the tiny JPEG placeholder TDLib sends inline, or null
 */
public record MappedMessage(MediaFile file, TdFileRef media, TdFileRef thumbnail, String thumbnailMime,
                            byte[] minithumbnail) {
}
