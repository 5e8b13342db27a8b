package dev.tgstream.telegram.media;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-built EBML for layouts ffmpeg does not write: Info and Tracks behind the media, found through the SeekHead. */
class MatroskaHeadersTest {

  @Test
  void infoAndTracksAfterTheClustersAreFoundThroughTheSeekHead() {
    byte[] cluster = element(0x1F43B675, element(0xE7, new byte[] {0}), new byte[5000]);
    byte[] info = element(0x1549A966, element(0x2AD7B1, uint(1_000_000, 3)),
        element(0x4489, ByteBuffer.allocate(8).putDouble(5250.0).array()));
    byte[] tracks = element(0x1654AE6B, element(0xAE, element(0xD7, uint(1, 1)), element(0x83, uint(1, 1)),
        element(0xE0, element(0xB0, uint(640, 2)), element(0xBA, uint(360, 2)))));
    // The SeekHead's size does not depend on the positions (8-byte SeekPosition), so lay it out once with zeros.
    int seekHeadLength = seekHead(0, 0).length;
    long infoAt = seekHeadLength + cluster.length;
    long tracksAt = infoAt + info.length;
    byte[] segmentBody = concat(seekHead(infoAt, tracksAt), cluster, info, tracks);
    byte[] file = concat(element(0x1A45DFA3, element(0x4282, "webm".getBytes(StandardCharsets.US_ASCII))),
        unknownSizeSegment(segmentBody));
    MediaInfo probed = MediaProbe.matroska(PartView.of(file));
    assertEquals(new MediaInfo(5.25, 640, 360), probed);
  }

  @Test
  void otherDocTypesAndMissingSegmentsAreRefused() {
    byte[] avi = element(0x1A45DFA3, element(0x4282, "avi".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(MalformedMedia.class, () -> MatroskaHeaders.parse(PartView.of(concat(avi, new byte[16]))));
    byte[] noSegment = element(0x1A45DFA3, element(0x4282, "matroska".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(MalformedMedia.class, () -> MatroskaHeaders.parse(PartView.of(concat(noSegment, new byte[16]))));
    byte[] live = concat(noSegment, unknownSizeSegment(element(0x1F43B675, element(0xE7, new byte[] {0}))));
    MatroskaHeaders headers = MatroskaHeaders.parse(PartView.of(live));
    assertNull(headers.durationSeconds(), "a live recording says no duration");
  }

  private static byte[] seekHead(long infoAt, long tracksAt) {
    return element(0x114D9B74,
        element(0x4DBB, element(0x53AB, uint(0x1549A966L, 4)), element(0x53AC, uint(infoAt, 8))),
        element(0x4DBB, element(0x53AB, uint(0x1654AE6BL, 4)), element(0x53AC, uint(tracksAt, 8))));
  }

  private static byte[] unknownSizeSegment(byte[] body) {
    return concat(uint(0x18538067L, 4), new byte[] {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, body);
  }

  /** An element with an 8-byte size field (valid EBML, and simple to build). */
  private static byte[] element(long id, byte[]... body) {
    byte[] content = concat(body);
    int idLength = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    byte[] size = uint(content.length, 8);
    size[0] = 0x01;
    return concat(uint(id, idLength), size, content);
  }

  private static byte[] uint(long value, int length) {
    byte[] out = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(parts).forEach(out::writeBytes);
    return out.toByteArray();
  }
}
