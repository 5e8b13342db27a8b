package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * JSON objects of TDLib's schema ({@code td/generate/scheme/td_api.tl}, TDLib 1.8.66/1.8.67) as the TDLib test double
 * sends them. Field names are copied from the schema lines named in each method's comment; int53 values are JSON
 * numbers (as TDLib writes them), int64 values strings, bytes standard base64.
 */
final class DoubleShapes {

  private DoubleShapes() {
  }

  /**
   * TDLib writes {@code bytes} as standard base64 (with + and /), not the URL-safe alphabet Vert.x uses for byte[]
   * values, so they are put as strings here.
   */
  static String base64(byte[] bytes) {
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code error code:int32 message:string = Error;} */
  static JsonObject error(int code, String message) {
    return new JsonObject().put("@type", "error").put("code", code).put("message", message);
  }

  /** {@code ok = Ok;} */
  static JsonObject ok() {
    return new JsonObject().put("@type", "ok");
  }

  /**
   * {@code localFile path:string can_be_downloaded:Bool can_be_deleted:Bool is_downloading_active:Bool
   * is_downloading_completed:Bool download_offset:int53 downloaded_prefix_size:int53 downloaded_size:int53}
   */
  static JsonObject localFile(String path, boolean active, boolean completed, long downloadOffset, long prefix,
      long downloadedSize) {
    return new JsonObject().put("@type", "localFile").put("path", path).put("can_be_downloaded", true)
        .put("can_be_deleted", !path.isEmpty()).put("is_downloading_active", active)
        .put("is_downloading_completed", completed).put("download_offset", downloadOffset)
        .put("downloaded_prefix_size", prefix).put("downloaded_size", downloadedSize);
  }

  /** {@code remoteFile id:string unique_id:string is_uploading_active:Bool is_uploading_completed:Bool uploaded_size:int53} */
  static JsonObject remoteFile(String id, String uniqueId, long size) {
    return new JsonObject().put("@type", "remoteFile").put("id", id).put("unique_id", uniqueId)
        .put("is_uploading_active", false).put("is_uploading_completed", true).put("uploaded_size", size);
  }

  /** {@code file id:int32 size:int53 expected_size:int53 local:localFile remote:remoteFile = File;} */
  static JsonObject file(int id, long size, JsonObject local, JsonObject remote) {
    return new JsonObject().put("@type", "file").put("id", id).put("size", size).put("expected_size", size)
        .put("local", local).put("remote", remote);
  }

  /** {@code minithumbnail width:int32 height:int32 data:bytes = Minithumbnail;} */
  static JsonObject minithumbnail(int width, int height, byte[] data) {
    return new JsonObject().put("@type", "minithumbnail").put("width", width).put("height", height)
        .put("data", base64(data));
  }

  /** {@code thumbnail format:ThumbnailFormat width:int32 height:int32 file:file = Thumbnail;} with thumbnailFormatJpeg */
  static JsonObject thumbnail(int width, int height, JsonObject file) {
    return new JsonObject().put("@type", "thumbnail")
        .put("format", new JsonObject().put("@type", "thumbnailFormatJpeg"))
        .put("width", width).put("height", height).put("file", file);
  }

  /** {@code formattedText text:string entities:vector<textEntity> = FormattedText;} */
  static JsonObject formattedText(String text) {
    return new JsonObject().put("@type", "formattedText").put("text", text == null ? "" : text)
        .put("entities", new JsonArray());
  }

  /**
   * {@code video duration:int32 width:int32 height:int32 file_name:string mime_type:string has_stickers:Bool
   * supports_streaming:Bool minithumbnail:minithumbnail thumbnail:thumbnail video:file = Video;}
   */
  static JsonObject video(int duration, int width, int height, String fileName, String mime, JsonObject mini,
      JsonObject thumb, JsonObject file) {
    return new JsonObject().put("@type", "video").put("duration", duration).put("width", width)
        .put("height", height).put("file_name", fileName).put("mime_type", mime).put("has_stickers", false)
        .put("supports_streaming", true).put("minithumbnail", mini).put("thumbnail", thumb).put("video", file);
  }

  /**
   * {@code audio duration:int32 title:string performer:string file_name:string mime_type:string
   * album_cover_minithumbnail:minithumbnail album_cover_thumbnail:thumbnail external_album_covers:vector<thumbnail>
   * audio:file = Audio;}
   */
  static JsonObject audio(int duration, String title, String performer, String fileName, String mime,
      JsonObject file) {
    return new JsonObject().put("@type", "audio").put("duration", duration).put("title", title)
        .put("performer", performer).put("file_name", fileName).put("mime_type", mime)
        .putNull("album_cover_minithumbnail").putNull("album_cover_thumbnail")
        .put("external_album_covers", new JsonArray()).put("audio", file);
  }

  /** {@code document file_name:string mime_type:string minithumbnail:minithumbnail thumbnail:thumbnail document:file} */
  static JsonObject document(String fileName, String mime, JsonObject mini, JsonObject thumb, JsonObject file) {
    return new JsonObject().put("@type", "document").put("file_name", fileName).put("mime_type", mime)
        .put("minithumbnail", mini).put("thumbnail", thumb).put("document", file);
  }

  /**
   * {@code animation duration:int32 width:int32 height:int32 file_name:string mime_type:string has_stickers:Bool
   * minithumbnail:minithumbnail thumbnail:thumbnail animation:file = Animation;}
   */
  static JsonObject animation(int duration, int width, int height, String fileName, String mime, JsonObject mini,
      JsonObject thumb, JsonObject file) {
    return new JsonObject().put("@type", "animation").put("duration", duration).put("width", width)
        .put("height", height).put("file_name", fileName).put("mime_type", mime).put("has_stickers", false)
        .put("minithumbnail", mini).put("thumbnail", thumb).put("animation", file);
  }

  /** {@code voiceNote duration:int32 waveform:bytes mime_type:string speech_recognition_result:SpeechRecognitionResult voice:file} */
  static JsonObject voiceNote(int duration, String mime, JsonObject file) {
    return new JsonObject().put("@type", "voiceNote").put("duration", duration).put("waveform", "")
        .put("mime_type", mime).putNull("speech_recognition_result").put("voice", file);
  }

  /** {@code photoSize type:string photo:file width:int32 height:int32 progressive_sizes:vector<int32> = PhotoSize;} */
  static JsonObject photoSize(String type, JsonObject file, int width, int height) {
    return new JsonObject().put("@type", "photoSize").put("type", type).put("photo", file).put("width", width)
        .put("height", height).put("progressive_sizes", new JsonArray());
  }

  /** {@code photo has_stickers:Bool minithumbnail:minithumbnail sizes:vector<photoSize> = Photo;} */
  static JsonObject photo(JsonObject mini, JsonArray sizes) {
    return new JsonObject().put("@type", "photo").put("has_stickers", false).put("minithumbnail", mini)
        .put("sizes", sizes);
  }

  /**
   * {@code message id:int53 sender_id:MessageSender … chat_id:int53 … is_channel_post:Bool … date:int32 edit_date:int32
   * … content:MessageContent reply_markup:ReplyMarkup …} — the fields a channel post's reader uses; TDLib sends more.
   */
  static JsonObject message(long id, long chatId, int date, JsonObject content) {
    return new JsonObject().put("@type", "message").put("id", id)
        .put("sender_id", new JsonObject().put("@type", "messageSenderChat").put("chat_id", chatId))
        .put("chat_id", chatId).put("is_outgoing", false).put("is_pinned", false).put("is_from_offline", false)
        .put("can_be_saved", true).put("has_timestamped_media", true).put("is_channel_post", true)
        .put("date", date).put("edit_date", 0).putNull("reply_to").putNull("topic_id")
        .put("author_signature", "").put("media_album_id", "0").put("content", content).putNull("reply_markup");
  }

  /** {@code messages total_count:int32 messages:vector<message> = Messages;} (a missing message is null) */
  static JsonObject messages(JsonArray messages) {
    return new JsonObject().put("@type", "messages").put("total_count", messages.size()).put("messages", messages);
  }

  /** {@code foundChatMessages total_count:int32 messages:vector<message> next_from_message_id:int53} */
  static JsonObject foundChatMessages(int totalCount, JsonArray messages, long nextFromMessageId) {
    return new JsonObject().put("@type", "foundChatMessages").put("total_count", totalCount)
        .put("messages", messages).put("next_from_message_id", nextFromMessageId);
  }

  /** {@code chat id:int53 type:ChatType title:string …} with {@code chatTypeSupergroup supergroup_id:int53 is_channel:Bool} */
  static JsonObject channelChat(long chatId, String title) {
    long supergroupId = -chatId - 1_000_000_000_000L;
    return new JsonObject().put("@type", "chat").put("id", chatId)
        .put("type", new JsonObject().put("@type", "chatTypeSupergroup").put("supergroup_id", supergroupId)
            .put("is_channel", true))
        .put("title", title).putNull("photo").put("has_protected_content", false).put("unread_count", 0)
        .put("client_data", "");
  }

  /**
   * {@code messageLinkInfo is_public:Bool chat_id:int53 topic_id:MessageTopic message:message media_timestamp:int32
   * checklist_task_id:int32 poll_option_id:string for_album:Bool}
   */
  static JsonObject messageLinkInfo(boolean isPublic, long chatId, JsonObject message) {
    return new JsonObject().put("@type", "messageLinkInfo").put("is_public", isPublic).put("chat_id", chatId)
        .putNull("topic_id").put("message", message).put("media_timestamp", 0).put("checklist_task_id", 0)
        .put("poll_option_id", "").put("for_album", false);
  }

  /** {@code fileDownloadedPrefixSize size:int53} */
  static JsonObject prefixSize(long size) {
    return new JsonObject().put("@type", "fileDownloadedPrefixSize").put("size", size);
  }

  /** {@code data data:bytes = Data;} */
  static JsonObject data(byte[] bytes) {
    return new JsonObject().put("@type", "data").put("data", base64(bytes));
  }

  /** {@code updateAuthorizationState authorization_state:AuthorizationState} */
  static JsonObject authorizationUpdate(JsonObject state) {
    return new JsonObject().put("@type", "updateAuthorizationState").put("authorization_state", state);
  }

  static JsonObject state(String type) {
    return new JsonObject().put("@type", type);
  }

  /**
   * {@code authorizationStateWaitCode code_info:authenticationCodeInfo} with {@code authenticationCodeInfo
   * phone_number:string type:AuthenticationCodeType next_type:AuthenticationCodeType timeout:int32} and
   * {@code authenticationCodeTypeSms length:int32}
   */
  static JsonObject waitCode(String phone, int codeLength) {
    return new JsonObject().put("@type", "authorizationStateWaitCode").put("code_info", new JsonObject()
        .put("@type", "authenticationCodeInfo").put("phone_number", phone)
        .put("type", new JsonObject().put("@type", "authenticationCodeTypeSms").put("length", codeLength))
        .putNull("next_type").put("timeout", 60));
  }

  /**
   * {@code authorizationStateWaitPassword password_hint:string has_recovery_email_address:Bool has_passport_data:Bool
   * recovery_email_address_pattern:string}
   */
  static JsonObject waitPassword(String hint) {
    return new JsonObject().put("@type", "authorizationStateWaitPassword").put("password_hint", hint)
        .put("has_recovery_email_address", false).put("has_passport_data", false)
        .put("recovery_email_address_pattern", "");
  }

  /** {@code updateFile file:file} */
  static JsonObject updateFile(JsonObject file) {
    return new JsonObject().put("@type", "updateFile").put("file", file);
  }

  /** {@code updateNewMessage message:message} */
  static JsonObject updateNewMessage(JsonObject message) {
    return new JsonObject().put("@type", "updateNewMessage").put("message", message);
  }

  /** {@code optionValueString value:string} */
  static JsonObject optionString(String value) {
    return new JsonObject().put("@type", "optionValueString").put("value", value);
  }
}
