package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonObject;

/** TDLib channel posts (shapes from td_api.tl, via {@link DoubleShapes}) for the post index tests. */
final class IndexFixtures {

  static final long CHAT = -1001234567890L;

  private IndexFixtures() {
  }

  /** A post of {@code CHAT} with a file: video, audio or document by its mime type. */
  static JsonObject message(long chatId, long serverId, String name, String mime, long size, String caption) {
    JsonObject file = DoubleShapes.file((int) serverId, size, DoubleShapes.localFile("", false, false, 0, 0, 0),
        DoubleShapes.remoteFile("remote" + serverId, "unique" + serverId, size));
    JsonObject content;
    if (mime.startsWith("video/")) {
      content = new JsonObject().put("@type", "messageVideo")
          .put("video", DoubleShapes.video(60, 1280, 720, name, mime, null, null, file));
    } else if (mime.startsWith("audio/")) {
      content = new JsonObject().put("@type", "messageAudio")
          .put("audio", DoubleShapes.audio(200, "", "", name, mime, file));
    } else {
      content = new JsonObject().put("@type", "messageDocument")
          .put("document", DoubleShapes.document(name, mime, null, null, file));
    }
    content.put("caption", DoubleShapes.formattedText(caption));
    return DoubleShapes.message(serverId << 20, chatId, 1_700_000_000 + (int) serverId, content);
  }

  static JsonObject message(long serverId, String name, String mime) {
    return message(CHAT, serverId, name, mime, serverId * 1000, null);
  }

  /** A text post: no file. */
  static JsonObject text(long chatId, long serverId) {
    return DoubleShapes.message(serverId << 20, chatId, 1_700_000_000, new JsonObject().put("@type", "messageText")
        .put("text", DoubleShapes.formattedText("hello")));
  }

  static IndexedPost post(JsonObject message) {
    return new IndexedPost(MessageMapper.map(message).orElseThrow().file(), IndexedPost.compact(message).encode());
  }

  static IndexedPost post(long serverId, String name, String mime) {
    return post(message(serverId, name, mime));
  }
}
