package dev.tgstream.telegram.tdlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A folder served by the TDLib test double as one channel's posts. Files are posted in name order (server message ids
 * 1, 2, …), dated by their modification time. The content class follows the extension the way Telegram clients send
 * files: .mp4/.webm/.mov as messageVideo, .gif.mp4 as messageAnimation, .mp3/.m4a/.flac as messageAudio, .ogg as
 * messageVoiceNote, .jpg/.png as messagePhoto, everything else (.mkv, .pdf, …) as messageDocument. A {@code X.caption}
 * file is the caption of {@code X}; a {@code X.post.txt} file is a text post (no media). Videos and documents get a
 * generated JPEG thumbnail and minithumbnail.
 */
final class DoubleChannel {

  final long chatId;
  final String username;
  final String title;
  private final List<DoublePost> posts = new ArrayList<>();

  DoubleChannel(long chatId, String username, String title) {
    this.chatId = chatId;
    this.username = username;
    this.title = title;
  }

  /** Reads the folder; {@code contentOf} registers a file with the double and returns its content record. */
  static DoubleChannel fromFolder(long chatId, String username, String title, Path folder,
      BiFunction<Path, byte[], DoubleContent> contentOf) {
    DoubleChannel channel = new DoubleChannel(chatId, username, title);
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = new ArrayList<>(list.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".caption")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      channel.add(file, contentOf);
    }
    return channel;
  }

  synchronized DoublePost add(Path file, BiFunction<Path, byte[], DoubleContent> contentOf) {
    try {
      String name = file.getFileName().toString();
      long serverId = posts.size() + 1;
      int date = (int) (Files.getLastModifiedTime(file).toMillis() / 1000);
      if (name.endsWith(".post.txt")) {
        DoublePost post = new DoublePost(serverId, chatId, date, "messageText", null, null,
            Files.readString(file, StandardCharsets.UTF_8), 0, 0, 0, null, null, null);
        posts.add(post);
        return post;
      }
      Path captionFile = file.resolveSibling(name + ".caption");
      String caption = Files.exists(captionFile) ? Files.readString(captionFile, StandardCharsets.UTF_8).strip() : "";
      String kind = kindOf(name);
      DoubleContent media = contentOf.apply(file, null);
      DoubleContent thumb = null;
      byte[] mini = null;
      if (kind.equals("messageVideo") || kind.equals("messageDocument") || kind.equals("messageAnimation")) {
        thumb = contentOf.apply(null, fakeJpeg("thumb:" + name, 900));
        mini = fakeJpeg("mini:" + name, 60);
      }
      int width = kind.equals("messageAudio") || kind.equals("messageVoiceNote") ? 0 : 1280;
      int height = width == 0 ? 0 : 720;
      int duration = kind.equals("messageDocument") || kind.equals("messagePhoto") ? 0 : 60 + (int) serverId;
      DoublePost post = new DoublePost(serverId, chatId, date, kind, name, mimeOf(name), caption, duration, width,
          height, media, thumb, mini);
      posts.add(post);
      return post;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized List<DoublePost> posts() {
    return Collections.unmodifiableList(new ArrayList<>(posts));
  }

  synchronized DoublePost post(long messageId) {
    if ((messageId & ((1L << 20) - 1)) != 0) {
      return null;
    }
    long serverId = messageId >> 20;
    return serverId >= 1 && serverId <= posts.size() ? posts.get((int) serverId - 1) : null;
  }

  static String kindOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gif.mp4")) {
      return "messageAnimation";
    }
    if (n.endsWith(".mp4") || n.endsWith(".webm") || n.endsWith(".mov")) {
      return "messageVideo";
    }
    if (n.endsWith(".mp3") || n.endsWith(".m4a") || n.endsWith(".flac")) {
      return "messageAudio";
    }
    if (n.endsWith(".ogg")) {
      return "messageVoiceNote";
    }
    if (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")) {
      return "messagePhoto";
    }
    return "messageDocument";
  }

  static String mimeOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".mp4")) {
      return "video/mp4";
    }
    if (n.endsWith(".webm")) {
      return "video/webm";
    }
    if (n.endsWith(".mov")) {
      return "video/quicktime";
    }
    if (n.endsWith(".mkv")) {
      return "video/x-matroska";
    }
    if (n.endsWith(".mp3")) {
      return "audio/mpeg";
    }
    if (n.endsWith(".m4a")) {
      return "audio/mp4";
    }
    if (n.endsWith(".flac")) {
      return "audio/flac";
    }
    if (n.endsWith(".ogg")) {
      return "audio/ogg";
    }
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".pdf")) {
      return "application/pdf";
    }
    return "application/octet-stream";
  }

  /** Deterministic bytes that start like a JPEG (SOI marker) and differ per seed text. */
  static byte[] fakeJpeg(String seed, int size) {
    byte[] bytes = new byte[size];
    java.util.Random random = new java.util.Random(seed.hashCode());
    random.nextBytes(bytes);
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xD8;
    bytes[size - 2] = (byte) 0xFF;
    bytes[size - 1] = (byte) 0xD9;
    return bytes;
  }
}
