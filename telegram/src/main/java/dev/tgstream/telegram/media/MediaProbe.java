package dev.tgstream.telegram.media;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Duration and picture size of a media file, read through aligned part reads so the same code serves the library,
 * Telegram and anything behind {@link TelegramGateway#readPart}. The container is chosen by content type (what the
 * backend knows). Never fails: a file it cannot read yields
 * {@link MediaInfo#NONE}.
 */
public final class MediaProbe {

  /** Probes read small parts: headers are kilobytes, and a small first part is what Telegram serves fastest. */
  static final int PART_SIZE = 64 * 1024;
  /** Enough for the largest moov we accept plus the boxes before it; Matroska and MP3 need far less. */
  static final long BUDGET_BYTES = Mp4Metadata.MAX_MOOV_BYTES + 2L * 1024 * 1024;

  private MediaProbe() {
  }

  /** The parser for a content type, if we have one. */
  public static Optional<Function<PartView, MediaInfo>> parserFor(String mime) {
    if (mime == null) {
      return Optional.empty();
    }
    String m = mime.toLowerCase(Locale.ROOT);
    int semicolon = m.indexOf(';');
    if (semicolon >= 0) {
      m = m.substring(0, semicolon).strip();
    }
    return Optional.ofNullable(switch (m) {
      case "video/mp4", "video/quicktime", "audio/mp4", "audio/x-m4a", "video/x-m4v", "video/3gpp" ->
          Mp4Metadata::parse;
      case "video/webm", "video/x-matroska", "audio/webm", "audio/x-matroska" -> MediaProbe::matroska;
      case "audio/mpeg", "audio/mp3" -> Mp3Metadata::parse;
      case "audio/flac", "audio/x-flac" -> FlacMetadata::parse;
      case "audio/ogg", "audio/opus", "audio/vorbis" -> OggMetadata::parse;
      default -> null;
    });
  }

  static MediaInfo matroska(PartView view) {
    MatroskaHeaders headers = MatroskaHeaders.parse(view);
    MatroskaTrack video = headers.video();
    return new MediaInfo(headers.durationSeconds(), video == null ? null : video.width(),
        video == null ? null : video.height());
  }

  /** Probes a file of any backend through its part reads. */
  public static Future<MediaInfo> probe(TelegramGateway gateway, MediaFile file) {
    Optional<Function<PartView, MediaInfo>> parser = parserFor(file.mime());
    if (parser.isEmpty() || file.size() <= 0) {
      return Future.succeededFuture(MediaInfo.NONE);
    }
    return PartReads.run(new PartView(file.size(), PART_SIZE), BUDGET_BYTES,
            (offset, length) -> gateway.readPart(file.id(), offset, length), parser.get())
        .otherwise(MediaInfo.NONE);
  }

  /** The same, for a caller already on a worker thread with a blocking part reader. */
  public static MediaInfo probeBlocking(String mime, long size, PartReads.BlockingSource source) {
    Optional<Function<PartView, MediaInfo>> parser = parserFor(mime);
    if (parser.isEmpty() || size <= 0) {
      return MediaInfo.NONE;
    }
    try {
      return PartReads.runBlocking(new PartView(size, PART_SIZE), BUDGET_BYTES, source, parser.get());
    } catch (Exception e) {
      return MediaInfo.NONE;
    }
  }
}
