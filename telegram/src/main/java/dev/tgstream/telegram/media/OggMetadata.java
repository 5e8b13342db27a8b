package dev.tgstream.telegram.media;

/**
 * An Ogg Vorbis or Opus file's duration: the granule position of the stream's last page (read from the tail) over
 * its sample rate. Opus's pre-skip is counted in, as ffprobe does (it reports the stream's end, not the playable
 * length), so our numbers and ffprobe's agree.
 */
public final class OggMetadata {

  /** How much of the tail we search for the last page; a page is at most 64 KiB. */
  private static final int TAIL = 128 * 1024;

  private OggMetadata() {
  }

  public static MediaInfo parse(PartView view) {
    if (!view.matches(0, "OggS") || view.size() < 28) {
      throw new MalformedMedia("no Ogg page");
    }
    long serial = view.uintLE(14, 4);
    int segments = view.u8(26);
    long packet = 27 + segments;
    long rate;
    if (view.matches(packet, "\u0001vorbis")) {
      rate = view.uintLE(packet + 12, 4);
    } else if (view.matches(packet, "OpusHead")) {
      rate = 48_000; // Opus granules always count 48 kHz samples, whatever the input rate was
    } else {
      throw new MalformedMedia("neither Vorbis nor Opus");
    }
    if (rate == 0) {
      throw new MalformedMedia("sample rate 0");
    }
    long from = Math.max(0, view.size() - TAIL);
    for (long at = view.size() - 27; at >= from; at--) {
      if (view.u8(at) == 'O' && view.matches(at, "OggS") && view.uintLE(at + 14, 4) == serial) {
        long granule = view.uintLE(at + 6, 8);
        if (granule <= 0 || granule == -1L) {
          continue;
        }
        double seconds = (double) granule / rate;
        return seconds > 0 ? new MediaInfo(seconds, null, null) : MediaInfo.NONE;
      }
    }
    throw new MalformedMedia("no last page");
  }
}
