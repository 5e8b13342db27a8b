package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a {@link ChannelPostIndex} in a JSON file in DATA_DIR, so a bot's file list survives restarts (a bot cannot
 * list history again).
 *
 * <p>Writes are atomic — a synced temp file renamed over the old one — so a crash mid-write leaves the previous index,
 * never half of one. Saves are debounced (a backfill burst is one write) and serialised (one write in flight). An
 * unreadable file is reported once, moved aside for inspection and replaced by an empty index that new posts and the
 * backfill rebuild: a damaged cache never stops the service from starting.
 */
public final class PostIndexFile {

  private static final Logger LOG = LoggerFactory.getLogger(PostIndexFile.class);
  static final int VERSION = 1;

  private final Vertx vertx;
  private final Path path;
  private final long saveDelayMs;
  private final ChannelPostIndex index;
  private Future<Void> tail = Future.succeededFuture();
  private boolean dirty;
  private boolean closed;
  private long timer = -1;

  private PostIndexFile(Vertx vertx, Path path, long saveDelayMs, ChannelPostIndex index) {
    this.vertx = vertx;
    this.path = path;
    this.saveDelayMs = saveDelayMs;
    this.index = index;
    index.onChange(this::scheduleSave);
  }

  /**
   * Reads the index at {@code path} (an absent file is an empty index) and saves it {@code saveDelayMs} after each
   * change. Never fails for a damaged file; fails only when the folder cannot be used at all.
   */
  public static Future<PostIndexFile> open(Vertx vertx, Path path, long saveDelayMs) {
    FileSystem fs = vertx.fileSystem();
    String file = path.toString();
    return fs.mkdirs(path.toAbsolutePath().getParent().toString())
        .compose(v -> fs.exists(file))
        .compose(exists -> !exists ? Future.succeededFuture(new ChannelPostIndex()) : fs.readFile(file)
            .map(PostIndexFile::decode)
            .recover(err -> {
              String aside = file + ".corrupt";
              LOG.warn("The post index {} is unreadable ({}); it was moved aside to {} and is rebuilt from new posts "
                  + "and the backfill", file, err.getMessage(), aside);
              return fs.move(file, aside, new CopyOptions().setReplaceExisting(true))
                  .otherwise(v -> null)
                  .map(v -> new ChannelPostIndex());
            }))
        .map(index -> new PostIndexFile(vertx, path, saveDelayMs, index));
  }

  public ChannelPostIndex index() {
    return index;
  }

  /** Writes any unsaved change now; completes once it is on disk. */
  public Future<Void> flush() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Future<Void> result = tail.transform(ignored -> dirty ? write() : Future.succeededFuture());
    tail = result.recover(err -> Future.succeededFuture());
    return result;
  }

  /** Flushes and stops saving. */
  public Future<Void> close() {
    closed = true;
    return flush();
  }

  private void scheduleSave() {
    dirty = true;
    if (timer < 0 && !closed) {
      timer = vertx.setTimer(Math.max(1, saveDelayMs), t -> {
        timer = -1;
        flush();
      });
    }
  }

  private Future<Void> write() {
    dirty = false;
    Buffer bytes = encode(index).toBuffer();
    FileSystem fs = vertx.fileSystem();
    String temp = path + ".tmp";
    // DSYNC: the bytes are on disk before the rename makes them the index.
    return fs.open(temp, new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true).setDsync(true))
        .compose(f -> f.write(bytes).eventually(f::close))
        .compose(v -> fs.move(temp, path.toString(), new CopyOptions().setAtomicMove(true).setReplaceExisting(true)))
        .onFailure(err -> {
          // Kept dirty: the next change or flush tries again; the index in memory is still whole.
          dirty = true;
          LOG.warn("Could not save the post index {}: {}", path, err.getMessage());
        });
  }

  static JsonObject encode(ChannelPostIndex index) {
    JsonObject channels = new JsonObject();
    index.channels().forEach((channelId, posts) -> {
      JsonArray checked = new JsonArray();
      posts.checked.forEach((from, to) -> checked.add(new JsonArray().add(from).add(to)));
      JsonArray files = new JsonArray();
      posts.files.forEach((messageId, file) -> files.add(encode(messageId, file)));
      channels.put(channelId, new JsonObject().put("highest", posts.highest).put("checked", checked)
          .put("posts", files));
    });
    return new JsonObject().put("version", VERSION).put("channels", channels);
  }

  private static JsonObject encode(long messageId, MediaFile f) {
    return new JsonObject().put("message", messageId).put("id", f.id()).put("channel", f.channelId())
        .put("name", f.name()).put("size", f.size()).put("mime", f.mime()).put("type", f.type().wireName())
        .put("date", f.date().toEpochMilli()).put("caption", f.caption()).put("duration", f.duration())
        .put("width", f.width()).put("height", f.height()).put("uniqueId", f.uniqueId())
        .put("thumbnail", f.hasThumbnail());
  }

  /** @throws RuntimeException for anything that is not an index this class wrote */
  static ChannelPostIndex decode(Buffer bytes) {
    JsonObject json = new JsonObject(bytes);
    if (json.getInteger("version", -1) != VERSION) {
      throw new IllegalArgumentException("unknown version " + json.getValue("version"));
    }
    ChannelPostIndex index = new ChannelPostIndex();
    JsonObject channels = required(json.getJsonObject("channels"), "channels");
    for (String channelId : channels.fieldNames()) {
      JsonObject c = required(channels.getJsonObject(channelId), channelId);
      List<long[]> checked = new ArrayList<>();
      for (Object range : required(c.getJsonArray("checked"), "checked")) {
        JsonArray r = (JsonArray) range;
        long from = r.getLong(0);
        long to = r.getLong(1);
        if (from < 1 || to < from) {
          throw new IllegalArgumentException("bad range " + r);
        }
        checked.add(new long[] {from, to});
      }
      Map<Long, MediaFile> files = new LinkedHashMap<>();
      for (Object post : required(c.getJsonArray("posts"), "posts")) {
        JsonObject p = (JsonObject) post;
        files.put(required(p.getLong("message"), "message"), decode(p));
      }
      index.load(channelId, required(c.getLong("highest"), "highest"), checked, files);
    }
    return index;
  }

  private static MediaFile decode(JsonObject p) {
    return new MediaFile(required(p.getString("id"), "id"), required(p.getString("channel"), "channel"),
        required(p.getString("name"), "name"), required(p.getLong("size"), "size"), required(p.getString("mime"), "mime"),
        MediaType.fromWire(p.getString("type")).orElseThrow(() -> new IllegalArgumentException("bad type")),
        Instant.ofEpochMilli(required(p.getLong("date"), "date")), p.getString("caption"),
        p.getDouble("duration"), p.getInteger("width"), p.getInteger("height"),
        required(p.getString("uniqueId"), "uniqueId"), p.getBoolean("thumbnail", false));
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }
}
