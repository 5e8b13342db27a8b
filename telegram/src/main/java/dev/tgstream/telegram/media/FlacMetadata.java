package dev.tgstream.telegram.media;

/**
 * A FLAC file's duration from its STREAMINFO block (always the first metadata block): total samples ÷ sample rate.
 * An ID3v2 tag in front, which some taggers add, is skipped.
 */
public final class FlacMetadata {

  private FlacMetadata() {
  }

  public static MediaInfo parse(PartView view) {
    long at = 0;
    if (view.matches(0, "ID3") && view.size() >= 10) {
      long size = 0;
      for (int b = 0; b < 4; b++) {
        size = (size << 7) | (view.u8(6 + b) & 0x7f);
      }
      at = 10 + size;
    }
    if (!view.matches(at, "fLaC")) {
      throw new MalformedMedia("no fLaC marker");
    }
    int blockType = view.u8(at + 4) & 0x7f;
    long length = view.uintBE(at + 5, 3);
    if (blockType != 0 || length < 34) {
      throw new MalformedMedia("first block is not STREAMINFO");
    }
    // STREAMINFO bytes 10..17: sample rate (20 bits), channels - 1 (3), bits per sample - 1 (5), total samples (36).
    long packed = view.uintBE(at + 8 + 10, 8);
    long sampleRate = packed >>> 44;
    long totalSamples = packed & ((1L << 36) - 1);
    if (sampleRate == 0 || totalSamples == 0) {
      return MediaInfo.NONE;
    }
    return new MediaInfo((double) totalSamples / sampleRate, null, null);
  }
}
