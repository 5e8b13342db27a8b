package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns TDLib {@code message} objects (td_api.tl) into {@link MappedMessage}s. Pure: no I/O, no state.
 *
 * <p>Content classes and their file fields, from the schema: {@code messageVideo.video: video} (file in
 * {@code video.video}), {@code messageAnimation.animation} ({@code animation.animation}), {@code messageAudio.audio}
 * ({@code audio.audio}), {@code messageDocument.document} ({@code document.document}), {@code messageVoiceNote
 * .voice_note} ({@code voice_note.voice}), {@code messageVideoNote.video_note} ({@code video_note.video}),
 * {@code messagePhoto.photo} (the largest of {@code photo.sizes[].photo}). Any other content is not a file.
 *
 * <p>The type follows the content class, as Telegram's search filters do (a video sent as a file is a document), so
 * that a type filter and the listing agree.
 */
public final class MessageMapper {

  private static final Map<String, String> THUMBNAIL_MIME = Map.of(
      "thumbnailFormatJpeg", "image/jpeg",
      "thumbnailFormatPng", "image/png",
      "thumbnailFormatWebp", "image/webp",
      "thumbnailFormatGif", "image/gif");

  private static final Map<String, String> EXTENSION_MIME = Map.ofEntries(
      Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("webm", "video/webm"),
      Map.entry("mkv", "video/x-matroska"), Map.entry("mov", "video/quicktime"), Map.entry("avi", "video/x-msvideo"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("flac", "audio/flac"),
      Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
      Map.entry("wav", "audio/wav"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("png", "image/png"), Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"),
      Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"), Map.entry("srt", "application/x-subrip"),
      Map.entry("vtt", "text/vtt"), Map.entry("txt", "text/plain"));

  private MessageMapper() {
  }

  /** The file of a channel post, or empty when the message carries none (text, polls, service messages …). */
  public static Optional<MappedMessage> map(JsonObject message) {
    if (message == null) {
      return Optional.empty();
    }
    JsonObject content = message.getJsonObject("content");
    if (content == null) {
      return Optional.empty();
    }
    long chatId = message.getLong("chat_id", 0L);
    long messageId = message.getLong("id", 0L);
    if (chatId >= 0 || messageId <= 0) {
      return Optional.empty();
    }
    long serverId = messageId >> TdlibIds.SERVER_ID_SHIFT;
    String caption = text(content.getJsonObject("caption"));
    Instant date = Instant.ofEpochSecond(message.getLong("date", 0L));
    Media media;
    switch (content.getString("@type", "")) {
      case "messageVideo" -> {
        JsonObject v = content.getJsonObject("video");
        media = v == null ? null : new Media(MediaType.VIDEO, v.getJsonObject("video"), v.getString("file_name"),
            v.getString("mime_type"), v.getInteger("duration"), v.getInteger("width"), v.getInteger("height"),
            v.getJsonObject("thumbnail"), v.getJsonObject("minithumbnail"), "video", "mp4");
      }
      case "messageAnimation" -> {
        JsonObject a = content.getJsonObject("animation");
        media = a == null ? null : new Media(MediaType.VIDEO, a.getJsonObject("animation"), a.getString("file_name"),
            a.getString("mime_type"), a.getInteger("duration"), a.getInteger("width"), a.getInteger("height"),
            a.getJsonObject("thumbnail"), a.getJsonObject("minithumbnail"), "animation", "mp4");
      }
      case "messageAudio" -> {
        JsonObject a = content.getJsonObject("audio");
        media = a == null ? null : new Media(MediaType.AUDIO, a.getJsonObject("audio"), audioName(a),
            a.getString("mime_type"), a.getInteger("duration"), null, null, a.getJsonObject("album_cover_thumbnail"),
            a.getJsonObject("album_cover_minithumbnail"), "audio", "mp3");
      }
      case "messageVoiceNote" -> {
        JsonObject v = content.getJsonObject("voice_note");
        media = v == null ? null : new Media(MediaType.AUDIO, v.getJsonObject("voice"), null,
            v.getString("mime_type"), v.getInteger("duration"), null, null, null, null, "voice", "ogg");
      }
      case "messageVideoNote" -> {
        JsonObject v = content.getJsonObject("video_note");
        Integer side = v == null ? null : v.getInteger("length");
        media = v == null ? null : new Media(MediaType.VIDEO, v.getJsonObject("video"), null, "video/mp4",
            v.getInteger("duration"), side, side, v.getJsonObject("thumbnail"), v.getJsonObject("minithumbnail"),
            "video-note", "mp4");
      }
      case "messageDocument" -> {
        JsonObject d = content.getJsonObject("document");
        media = d == null ? null : new Media(MediaType.DOCUMENT, d.getJsonObject("document"),
            d.getString("file_name"), d.getString("mime_type"), null, null, null, d.getJsonObject("thumbnail"),
            d.getJsonObject("minithumbnail"), "document", "bin");
      }
      case "messagePhoto" -> media = photo(content.getJsonObject("photo"));
      default -> media = null;
    }
    if (media == null || media.file == null) {
      return Optional.empty();
    }
    TdFileRef mediaRef = fileRef(media.file);
    if (mediaRef == null) {
      return Optional.empty();
    }
    TdFileRef thumbRef = null;
    String thumbMime = null;
    if (media.thumbnail != null) {
      JsonObject format = media.thumbnail.getJsonObject("format");
      thumbMime = format == null ? null : THUMBNAIL_MIME.get(format.getString("@type"));
      thumbRef = thumbMime == null ? null : fileRef(media.thumbnail.getJsonObject("file"));
      if (thumbRef == null) {
        thumbMime = null;
      }
    }
    byte[] mini = minithumbnailBytes(media.minithumbnail);
    String name = fileName(media, serverId);
    String mime = mime(media.mime, name);
    JsonObject remote = media.file.getJsonObject("remote");
    String uniqueId = remote == null ? "" : remote.getString("unique_id", "");
    if (uniqueId.isEmpty()) {
      // Without Telegram's unique id the message itself is the identity (still stable across restarts).
      uniqueId = "msg" + (-chatId) + "-" + serverId;
    }
    MediaFile file = new MediaFile(TdlibIds.fileId(chatId, messageId), TdlibIds.channelId(chatId), name,
        mediaRef.size(), mime, media.type, date, caption, positiveOrNull(media.duration),
        positiveInt(media.width), positiveInt(media.height), uniqueId, thumbRef != null || mini != null);
    return Optional.of(new MappedMessage(file, mediaRef, thumbRef, thumbMime, mini));
  }

  /** The still thumbnail of a photo is its smallest size; the photo itself its largest. */
  private static Media photo(JsonObject photo) {
    if (photo == null) {
      return null;
    }
    JsonArray sizes = photo.getJsonArray("sizes", new JsonArray());
    JsonObject largest = null;
    JsonObject smallest = null;
    for (int i = 0; i < sizes.size(); i++) {
      JsonObject size = sizes.getJsonObject(i);
      long pixels = (long) size.getInteger("width", 0) * size.getInteger("height", 0);
      if (largest == null || pixels >= (long) largest.getInteger("width", 0) * largest.getInteger("height", 0)) {
        largest = size;
      }
      if (smallest == null || pixels < (long) smallest.getInteger("width", 0) * smallest.getInteger("height", 0)) {
        smallest = size;
      }
    }
    if (largest == null) {
      return null;
    }
    JsonObject thumb = smallest == largest ? null : new JsonObject()
        .put("format", new JsonObject().put("@type", "thumbnailFormatJpeg")).put("file", smallest.getJsonObject("photo"));
    return new Media(MediaType.PHOTO, largest.getJsonObject("photo"), null, "image/jpeg", null,
        largest.getInteger("width"), largest.getInteger("height"), thumb, photo.getJsonObject("minithumbnail"),
        "photo", "jpg");
  }

  private static String audioName(JsonObject audio) {
    String name = audio.getString("file_name", "");
    if (!name.isEmpty()) {
      return name;
    }
    String title = audio.getString("title", "");
    String performer = audio.getString("performer", "");
    String both = performer.isEmpty() ? title : title.isEmpty() ? performer : performer + " - " + title;
    return both.isEmpty() ? null : both + "." + extensionFor(audio.getString("mime_type"), "mp3");
  }

  private static String fileName(Media media, long serverId) {
    String name = media.fileName == null ? "" : media.fileName.strip();
    if (!name.isEmpty()) {
      return name;
    }
    return media.kindName + "-" + serverId + "." + extensionFor(media.mime, media.defaultExtension);
  }

  private static String extensionFor(String mime, String fallback) {
    if (mime != null) {
      for (Map.Entry<String, String> e : EXTENSION_MIME.entrySet()) {
        if (e.getValue().equals(mime) && !e.getKey().equals("m4v") && !e.getKey().equals("jpeg")
            && !e.getKey().equals("oga") && !e.getKey().equals("opus")) {
          return e.getKey();
        }
      }
    }
    return fallback;
  }

  private static String mime(String given, String name) {
    if (given != null && !given.isBlank() && given.contains("/")) {
      return given.strip().toLowerCase(Locale.ROOT);
    }
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return EXTENSION_MIME.getOrDefault(ext, "application/octet-stream");
  }

  private static TdFileRef fileRef(JsonObject file) {
    if (file == null || file.getInteger("id") == null) {
      return null;
    }
    long size = file.getLong("size", 0L);
    if (size <= 0) {
      size = file.getLong("expected_size", 0L);
    }
    return new TdFileRef(file.getInteger("id"), size);
  }

  /** TDLib writes {@code bytes} as standard base64. */
  private static byte[] minithumbnailBytes(JsonObject mini) {
    if (mini == null) {
      return null;
    }
    String data = mini.getString("data", "");
    if (data.isEmpty()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String text(JsonObject formatted) {
    if (formatted == null) {
      return null;
    }
    String text = formatted.getString("text", "").strip();
    return text.isEmpty() ? null : text;
  }

  private static Double positiveOrNull(Integer value) {
    return value == null || value <= 0 ? null : value.doubleValue();
  }

  private static Integer positiveInt(Integer value) {
    return value == null || value <= 0 ? null : value;
  }

  private record Media(MediaType type, JsonObject file, String fileName, String mime, Integer duration,
                       Integer width, Integer height, JsonObject thumbnail, JsonObject minithumbnail,
                       String kindName, String defaultExtension) {
  }
}
