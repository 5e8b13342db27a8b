package dev.tgstream.telegram.media;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-built MP3 streams for what ffmpeg does not write: a Fraunhofer VBRI header, junk before the first frame. */
class Mp3MetadataTest {

  /** MPEG-1 layer III, 128 kbit/s, 44.1 kHz, stereo: 417-byte frames. */
  private static final int HEADER = 0xFFFB9000;
  private static final int FRAME = 417;

  @Test
  void vbriHeaderGivesTheFrameCount() {
    byte[] file = frames(5);
    ByteBuffer.wrap(file, 4 + 32, 18).put("VBRI".getBytes(StandardCharsets.US_ASCII))
        .putShort((short) 1).putShort((short) 0).putShort((short) 75).putInt(5 * FRAME).putInt(1000);
    assertEquals(1000 * 1152 / 44100.0, Mp3Metadata.parse(PartView.of(file)).duration(), 1e-9);
  }

  @Test
  void withoutAHeaderConstantBitrateFromTheSizeAfterJunkAndTag() {
    byte[] tag = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 20};
    byte[] junk = new byte[7 + 20];
    junk[3] = (byte) 0xFF; // a lone sync byte in the junk is not a frame
    byte[] audio = frames(6);
    byte[] file = new byte[tag.length + junk.length + audio.length];
    System.arraycopy(tag, 0, file, 0, tag.length);
    System.arraycopy(junk, 0, file, tag.length, junk.length);
    System.arraycopy(audio, 0, file, tag.length + junk.length, audio.length);
    long audioStart = tag.length + junk.length;
    assertEquals((file.length - audioStart) * 8.0 / 128_000, Mp3Metadata.parse(PartView.of(file)).duration(), 1e-9);
  }

  @Test
  void aSingleFrameLookalikeIsNoStream() {
    byte[] file = new byte[2000];
    ByteBuffer.wrap(file, 100, 4).putInt(HEADER);
    assertThrows(MalformedMedia.class, () -> Mp3Metadata.parse(PartView.of(file)));
  }

  private static byte[] frames(int count) {
    byte[] out = new byte[count * FRAME];
    for (int i = 0; i < count; i++) {
      ByteBuffer.wrap(out, i * FRAME, 4).putInt(HEADER);
    }
    return out;
  }
}
