package dev.tgstream.telegram.media;

/**
 * An MP3's duration without decoding: skips an ID3v2 tag, finds the first MPEG audio frame (confirmed by the frames
 * that follows it), then takes the frame count from a Xing/Info or VBRI header in that frame (VBR files and what
 * LAME writes), or else assumes constant bitrate: audio bytes × 8 ÷ bitrate, as ffprobe estimates it.
 */
public final class Mp3Metadata {

  /** How far past the tag we look for the first frame: encoders leave at most a little junk. */
  private static final int MAX_SYNC_SEARCH = 64 * 1024;

  private static final int[][] BITRATES_KBPS = {
      // MPEG-1 layer I, II, III
      {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
      // MPEG-2/2.5 layer I, then II and III
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
  };
  private static final int[] SAMPLE_RATES = {44100, 48000, 32000};

  /** A decoded frame header. */
  record Frame(int version, int layer, int bitrate, int sampleRate, int length, int samples, boolean mono) {
    boolean mpeg1() {
      return version == 3;
    }
  }

  private Mp3Metadata() {
  }

  public static MediaInfo parse(PartView view) {
    long start = skipId3v2(view);
    long frameAt = -1;
    Frame frame = null;
    long limit = Math.min(view.size() - 4, start + MAX_SYNC_SEARCH);
    for (long at = start; at <= limit; at++) {
      if (view.u8(at) != 0xFF) {
        continue;
      }
      Frame f = header(view.uintBE(at, 4));
      if (f == null) {
        continue;
      }
      if (confirmed(view, at, f)) {
        frameAt = at;
        frame = f;
        break;
      }
    }
    if (frame == null) {
      throw new MalformedMedia("no MPEG audio frame");
    }
    Long frames = xingFrames(view, frameAt, frame);
    if (frames == null) {
      frames = vbriFrames(view, frameAt);
    }
    double duration;
    if (frames != null && frames > 0) {
      duration = (double) frames * frame.samples / frame.sampleRate;
    } else {
      duration = (view.size() - frameAt) * 8.0 / frame.bitrate;
    }
    return new MediaInfo(duration, null, null);
  }

  private static long skipId3v2(PartView view) {
    long at = 0;
    // Some taggers write more than one tag in a row.
    for (int i = 0; i < 4 && view.size() >= at + 10 && view.matches(at, "ID3"); i++) {
      int flags = view.u8(at + 5);
      long size = 0;
      for (int b = 0; b < 4; b++) {
        int v = view.u8(at + 6 + b);
        if ((v & 0x80) != 0) {
          throw new MalformedMedia("bad ID3v2 size");
        }
        size = (size << 7) | v;
      }
      at += 10 + size + ((flags & 0x10) != 0 ? 10 : 0);
    }
    return at;
  }

  static Frame header(long h) {
    if ((h >>> 21) != 0x7FF) {
      return null;
    }
    int version = (int) (h >>> 19) & 3;   // 0: 2.5, 2: 2, 3: 1
    int layerBits = (int) (h >>> 17) & 3; // 1: III, 2: II, 3: I
    int bitrateIndex = (int) (h >>> 12) & 15;
    int rateIndex = (int) (h >>> 10) & 3;
    int padding = (int) (h >>> 9) & 1;
    int channelMode = (int) (h >>> 6) & 3;
    if (version == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
      return null;
    }
    int layer = 4 - layerBits;
    int table = version == 3 ? layer - 1 : (layer == 1 ? 3 : 4);
    int bitrate = BITRATES_KBPS[table][bitrateIndex] * 1000;
    int sampleRate = SAMPLE_RATES[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    int samples = layer == 1 ? 384 : layer == 2 || version == 3 ? 1152 : 576;
    int length = layer == 1 ? (12 * bitrate / sampleRate + padding) * 4
        : samples / 8 * bitrate / sampleRate + padding;
    return new Frame(version, layer, bitrate, sampleRate, length, samples, channelMode == 3);
  }

  /** One valid-looking header can be chance (cover art, junk); three in a row (or up to the end) are a stream. */
  private static boolean confirmed(PartView view, long at, Frame first) {
    long next = at + first.length;
    for (int i = 0; i < 2; i++) {
      if (next + 4 > view.size()) {
        return next == view.size();
      }
      Frame f = header(view.uintBE(next, 4));
      if (!sameStream(first, f)) {
        return false;
      }
      next += f.length;
    }
    return true;
  }

  private static boolean sameStream(Frame a, Frame b) {
    return b != null && a.version == b.version && a.layer == b.layer && a.sampleRate == b.sampleRate;
  }

  /** Frames from a Xing or Info header, after the side information of layer III's first frame. */
  private static Long xingFrames(PartView view, long frameAt, Frame frame) {
    if (frame.layer != 3) {
      return null;
    }
    int sideInfo = frame.mpeg1() ? (frame.mono ? 17 : 32) : (frame.mono ? 9 : 17);
    long at = frameAt + 4 + sideInfo;
    if (at + 12 > view.size() || !(view.matches(at, "Xing") || view.matches(at, "Info"))) {
      return null;
    }
    long flags = view.uintBE(at + 4, 4);
    return (flags & 1) != 0 ? view.uintBE(at + 8, 4) : null;
  }

  /** Frames from a Fraunhofer VBRI header, always 32 bytes after the frame header. */
  private static Long vbriFrames(PartView view, long frameAt) {
    long at = frameAt + 4 + 32;
    if (at + 18 > view.size() || !view.matches(at, "VBRI")) {
      return null;
    }
    return view.uintBE(at + 14, 4);
  }
}
