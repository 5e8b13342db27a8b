package dev.tgstream.telegram.media;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SRT → WebVTT: every encoding people save subtitles in, sloppy layouts, exact times. */
class SubRipTest {

  static final String SRT = "1\r\n00:00:01,250 --> 00:00:02,500\r\nÇa va? “Très” bien — merci\r\n\r\n"
      + "2\r\n01:02:03,004 --> 01:02:04,5\r\n<font color=\"red\">rouge</font> {\\an8}en haut\r\n";
  static final List<TextCue> CUES = List.of(
      new TextCue(1250, 2500, "Ça va? “Très” bien — merci"),
      new TextCue(3_723_004, 3_724_500, "rouge en haut"));

  @Test
  void decodesEveryCommonEncoding() {
    for (byte[] bytes : List.of(
        SRT.getBytes(StandardCharsets.UTF_8),
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, SRT.getBytes(StandardCharsets.UTF_8)),
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, SRT.getBytes(StandardCharsets.UTF_16LE)),
        concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, SRT.getBytes(StandardCharsets.UTF_16BE)),
        SRT.getBytes(StandardCharsets.UTF_16LE),
        SRT.getBytes(Charset.forName("windows-1252")))) {
      assertEquals(CUES, SubRip.parse(SubtitleText.decode(bytes)));
    }
    String latin1 = "1\n00:00:00,000 --> 00:00:01,000\nGrüße, café\n";
    assertEquals("Grüße, café", SubRip.parse(SubtitleText.decode(latin1.getBytes(StandardCharsets.ISO_8859_1)))
        .get(0).text());
  }

  @Test
  void sloppyFilesStillParse() {
    String sloppy = "\n\n00:00:05.5 --> 00:00:06.75 X1:10 X2:20 Y1:1 Y2:2\nno number, dots, coordinates\n"
        + "2\n00:00:07,000 --> 00:00:08,000\n\n\n3\n00:00:09,000-->00:00:10,000\nbad & <b>bold</b> a<b\n"
        + "00:00:11,000 --> 00:00:10,000\nends before it starts\n";
    assertEquals(List.of(
        new TextCue(5500, 6750, "no number, dots, coordinates"),
        new TextCue(9000, 10_000, "bad &amp; <b>bold</b> a&lt;b")), SubRip.parse(sloppy));
  }

  @Test
  void assDialogueAsPlainText() {
    assertEquals("Hello\nworld\u00A0!", CueText.fromMatroska("S_TEXT/ASS",
        "0,0,Default,,0,0,0,,{\\i1}Hello{\\i0}\\Nworld\\h!"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
