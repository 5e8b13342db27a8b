package dev.tgstream.telegram.tdlib;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids the TDLib gateway hands out. A channel id is {@code c} and the digits of the chat id without its minus sign
 * ({@code -1001234567890} → {@code c1001234567890}); a file id is the channel id, {@code m} and the server message id
 * ({@code c1001234567890m42}, the number in {@code t.me/c/1234567890/42}). Both are URL-safe and derive from Telegram's
 * own ids only, so they are the same in every process and after every restart.
 */
public final class TdlibIds {

  private static final Pattern CHANNEL = Pattern.compile("c([1-9][0-9]{0,18})");
  private static final Pattern FILE = Pattern.compile("c([1-9][0-9]{0,18})m([1-9][0-9]{0,15})");
  /** TDLib's message id of a server message is the server id shifted left by 20 bits. */
  static final int SERVER_ID_SHIFT = 20;

  private TdlibIds() {
  }

  /** A file's place: the chat and TDLib's message id. */
  public record MessageRef(long chatId, long messageId) {
    public long serverId() {
      return messageId >> SERVER_ID_SHIFT;
    }
  }

  public static String channelId(long chatId) {
    if (chatId >= 0) {
      throw new IllegalArgumentException("not a channel chat id: " + chatId);
    }
    return "c" + Long.toString(-chatId);
  }

  public static Optional<Long> chatIdOf(String channelId) {
    Matcher m = channelId == null ? null : CHANNEL.matcher(channelId);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(-Long.parseLong(m.group(1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static String fileId(long chatId, long messageId) {
    return channelId(chatId) + "m" + (messageId >> SERVER_ID_SHIFT);
  }

  public static Optional<MessageRef> decodeFileId(String fileId) {
    Matcher m = fileId == null ? null : FILE.matcher(fileId);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    try {
      long chatId = -Long.parseLong(m.group(1));
      long serverId = Long.parseLong(m.group(2));
      if (serverId > (Long.MAX_VALUE >> SERVER_ID_SHIFT)) {
        return Optional.empty();
      }
      return Optional.of(new MessageRef(chatId, serverId << SERVER_ID_SHIFT));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
