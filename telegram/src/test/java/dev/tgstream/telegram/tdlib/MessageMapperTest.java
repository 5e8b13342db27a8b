package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MessageMapper on message objects shaped as td_api.tl describes them (see {@link DoubleShapes}). */
class MessageMapperTest {

  private static final long CHAT = -1001234567890L;
  private static final int DATE = 1_714_557_600;

  private static JsonObject file(int id, long size, String uniqueId) {
    return DoubleShapes.file(id, size, DoubleShapes.localFile("", false, false, 0, 0, 0),
        DoubleShapes.remoteFile("remote-" + id, uniqueId, size));
  }

  private static JsonObject post(long serverId, JsonObject content) {
    return DoubleShapes.message(serverId << 20, CHAT, DATE, content);
  }

  @Test
  void aVideoPostMapsEveryField() {
    byte[] mini = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFB, (byte) 0xEF, (byte) 0xBE};
    JsonObject content = new JsonObject().put("@type", "messageVideo")
        .put("video", DoubleShapes.video(125, 1920, 1080, "Trip.MP4", "video/mp4",
            DoubleShapes.minithumbnail(40, 22, mini), DoubleShapes.thumbnail(320, 180, file(8, 4321, "thumbU")),
            file(7, 123_456_789, "AgADuniq")))
        .put("caption", DoubleShapes.formattedText("  Our trip  "));
    MappedMessage m = MessageMapper.map(post(42, content)).orElseThrow();
    MediaFile f = m.file();
    assertEquals("c1001234567890m42", f.id());
    assertEquals("c1001234567890", f.channelId());
    assertEquals("Trip.MP4", f.name());
    assertEquals(123_456_789, f.size());
    assertEquals("video/mp4", f.mime());
    assertEquals(MediaType.VIDEO, f.type());
    assertEquals(Instant.ofEpochSecond(DATE), f.date());
    assertEquals("Our trip", f.caption());
    assertEquals(125.0, f.duration());
    assertEquals(1920, f.width());
    assertEquals(1080, f.height());
    assertEquals("AgADuniq", f.uniqueId());
    assertTrue(f.hasThumbnail());
    assertEquals(new TdFileRef(7, 123_456_789), m.media());
    assertEquals(new TdFileRef(8, 4321), m.thumbnail());
    assertEquals("image/jpeg", m.thumbnailMime());
    // TDLib's bytes are standard base64 (this sample encodes to "/9j7774=", with the + and / alphabet).
    assertArrayEquals(mini, m.minithumbnail());
  }

  @Test
  void aDocumentWithoutNameOrTypeGetsOnesMadeFromThePost() {
    JsonObject content = new JsonObject().put("@type", "messageDocument")
        .put("document", DoubleShapes.document("", "", null, null, file(3, 999, "u3")))
        .put("caption", DoubleShapes.formattedText(""));
    MediaFile f = MessageMapper.map(post(5, content)).orElseThrow().file();
    assertEquals("document-5.bin", f.name());
    assertEquals("application/octet-stream", f.mime());
    assertEquals(MediaType.DOCUMENT, f.type());
    assertNull(f.caption());
    assertNull(f.duration());
    assertFalse(f.hasThumbnail());
  }

  @Test
  void aDocumentWithAnExtensionButNoMimeTakesTheMimeOfItsExtension() {
    JsonObject content = new JsonObject().put("@type", "messageDocument")
        .put("document", DoubleShapes.document("Film.mkv", "", null, null, file(3, 999, "u3")))
        .putNull("caption");
    assertEquals("video/x-matroska", MessageMapper.map(post(5, content)).orElseThrow().file().mime());
  }

  @Test
  void anAudioWithoutFileNameIsNamedAfterPerformerAndTitle() {
    JsonObject content = new JsonObject().put("@type", "messageAudio")
        .put("audio", DoubleShapes.audio(200, "Song", "Band", "", "audio/mpeg", file(4, 5000, "u4")))
        .put("caption", DoubleShapes.formattedText("live"));
    MediaFile f = MessageMapper.map(post(6, content)).orElseThrow().file();
    assertEquals("Band - Song.mp3", f.name());
    assertEquals(MediaType.AUDIO, f.type());
    assertEquals(200.0, f.duration());
    assertNull(f.width());
  }

  @Test
  void aPhotoStreamsItsLargestSizeAndShowsItsSmallestAsThumbnail() {
    JsonArray sizes = new JsonArray()
        .add(DoubleShapes.photoSize("s", file(20, 1500, "small"), 90, 60))
        .add(DoubleShapes.photoSize("y", file(22, 250_000, "large"), 1280, 853))
        .add(DoubleShapes.photoSize("m", file(21, 9000, "medium"), 320, 213));
    JsonObject content = new JsonObject().put("@type", "messagePhoto").put("photo", DoubleShapes.photo(null, sizes))
        .putNull("video").put("caption", DoubleShapes.formattedText("sunset"));
    MappedMessage m = MessageMapper.map(post(9, content)).orElseThrow();
    assertEquals(new TdFileRef(22, 250_000), m.media());
    assertEquals(new TdFileRef(20, 1500), m.thumbnail());
    assertEquals("photo-9.jpg", m.file().name());
    assertEquals("image/jpeg", m.file().mime());
    assertEquals(MediaType.PHOTO, m.file().type());
    assertEquals(1280, m.file().width());
    assertEquals("large", m.file().uniqueId());
  }

  @Test
  void voiceAndVideoNotesAndAnimationsAreFilesToo() {
    // voiceNote duration:int32 waveform:bytes mime_type:string speech_recognition_result voice:file
    JsonObject voice = new JsonObject().put("@type", "messageVoiceNote")
        .put("voice_note", DoubleShapes.voiceNote(7, "audio/ogg", file(30, 3000, "v")))
        .put("caption", DoubleShapes.formattedText("")).put("is_listened", false);
    // videoNote duration:int32 waveform:bytes length:int32 minithumbnail thumbnail speech_recognition_result video:file
    JsonObject videoNote = new JsonObject().put("@type", "messageVideoNote").put("video_note", new JsonObject()
            .put("@type", "videoNote").put("duration", 12).put("waveform", "").put("length", 384)
            .putNull("minithumbnail").putNull("thumbnail").putNull("speech_recognition_result")
            .put("video", file(31, 80_000, "vn")))
        .put("is_viewed", false).put("is_secret", false);
    JsonObject animation = new JsonObject().put("@type", "messageAnimation")
        .put("animation", DoubleShapes.animation(3, 480, 270, "fun.gif.mp4", "video/mp4", null, null,
            file(32, 70_000, "an")))
        .put("caption", DoubleShapes.formattedText("lol"));
    MediaFile v = MessageMapper.map(post(10, voice)).orElseThrow().file();
    MediaFile n = MessageMapper.map(post(11, videoNote)).orElseThrow().file();
    MediaFile a = MessageMapper.map(post(12, animation)).orElseThrow().file();
    assertEquals("voice-10.ogg", v.name());
    assertEquals(MediaType.AUDIO, v.type());
    assertEquals("video-note-11.mp4", n.name());
    assertEquals(384, n.width());
    assertEquals(384, n.height());
    assertEquals(MediaType.VIDEO, n.type());
    assertEquals("fun.gif.mp4", a.name());
    assertEquals(MediaType.VIDEO, a.type());
  }

  @Test
  void anAnimatedThumbnailIsNotAStillButTheMinithumbnailStillServes() {
    JsonObject thumb = DoubleShapes.thumbnail(320, 180, file(8, 4321, "t"));
    thumb.put("format", new JsonObject().put("@type", "thumbnailFormatMpeg4"));
    JsonObject content = new JsonObject().put("@type", "messageVideo")
        .put("video", DoubleShapes.video(1, 2, 2, "x.mp4", "video/mp4",
            DoubleShapes.minithumbnail(4, 4, new byte[] {1, 2, 3}), thumb, file(7, 10, "u")))
        .putNull("caption");
    MappedMessage m = MessageMapper.map(post(1, content)).orElseThrow();
    assertNull(m.thumbnail());
    assertTrue(m.file().hasThumbnail());
  }

  @Test
  void withoutAUniqueIdTheMessageIsTheIdentity() {
    JsonObject content = new JsonObject().put("@type", "messageDocument")
        .put("document", DoubleShapes.document("a.pdf", "application/pdf", null, null, file(3, 999, "")));
    assertEquals("msg1001234567890-77", MessageMapper.map(post(77, content)).orElseThrow().file().uniqueId());
  }

  @Test
  void postsWithoutFilesAndMessagesOutsideChannelsMapToNothing() {
    JsonObject text = new JsonObject().put("@type", "messageText").put("text", DoubleShapes.formattedText("hi"));
    JsonObject doc = new JsonObject().put("@type", "messageDocument")
        .put("document", DoubleShapes.document("a.pdf", "application/pdf", null, null, file(3, 999, "u")));
    assertEquals(Optional.empty(), MessageMapper.map(post(1, text)));
    assertEquals(Optional.empty(), MessageMapper.map(DoubleShapes.message(1L << 20, 777, DATE, doc)));
    assertEquals(Optional.empty(), MessageMapper.map(null));
    assertEquals(Optional.empty(), MessageMapper.map(new JsonObject().put("@type", "message")));
  }

  @Test
  void idsRoundTripAndRejectWhatTheyDidNotMake() {
    assertEquals("c1001234567890m42", TdlibIds.fileId(CHAT, 42L << 20));
    assertEquals(new TdlibIds.MessageRef(CHAT, 42L << 20), TdlibIds.decodeFileId("c1001234567890m42").orElseThrow());
    assertEquals(Optional.of(CHAT), TdlibIds.chatIdOf("c1001234567890"));
    for (String bad : new String[] {"", "c", "m1", "c0m1", "c12m0", "c12m", "C12m1", "c12m1x", "c-12m1",
        "c99999999999999999999m1", "../etc"}) {
      assertTrue(TdlibIds.decodeFileId(bad).isEmpty(), bad);
    }
    assertTrue(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFB, (byte) 0xEF,
        (byte) 0xBE}).contains("/"));
  }
}
