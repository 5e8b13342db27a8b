package dev.tgstream.telegram.tdlib;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a {@link ChannelPostIndex} in a JSON file in DATA_DIR, so a bot's file list survives restarts (a bot cannot
 * list history again).
 *
 * <p>Writes are atomic — a synced temp file renamed over the old one — so a crash mid-write leaves the previous index,
 * never half of one. Saves are debounced (a backfill burst is one write) and serialised (one write in flight). An
 * unreadable file is reported once, moved aside for inspection and replaced by an empty index that new posts and the
 * backfill rebuild: a damaged cache never stops the service from starting.
 *
 * <p>Encoding and decoding (tens of MB for a large channel) run on a worker thread ({@code executeBlocking}), never on
 * an event loop: a save holds the index's lock only to copy its maps (the posts are immutable), so the feeds and the
 * listings that share that lock are not held up by the JSON work.
 */
public final class PostIndexFile {

  private static final Logger LOG = LoggerFactory.getLogger(PostIndexFile.class);
  static final int VERSION = 1;

  private final Vertx vertx;
  private final Context context;
  private final Path path;
  private final long saveDelayMs;
  private final ChannelPostIndex index;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  // Touched on `context` only.
  private Future<Void> tail = Future.succeededFuture();
  private boolean closed;
  private long timer = -1;

  private PostIndexFile(Vertx vertx, Path path, long saveDelayMs, ChannelPostIndex index) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
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
            // Parsing and re-mapping every post is CPU work proportional to the file: off the event loop.
            .compose(bytes -> vertx.executeBlocking(() -> decode(bytes)))
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
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> flushHere().onComplete(done));
    return done.future();
  }

  /** Flushes and stops saving. */
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      flushHere().onComplete(done);
    });
    return done.future();
  }

  /**
   * Called by the index on any thread, with the index's lock held: so it takes no lock and only hands over to the
   * store's context (a lock here would invert the order {@link #snapshot} takes them in).
   */
  private void scheduleSave() {
    dirty.set(true);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        if (closed) {
          scheduled.set(false);
          return;
        }
        timer = vertx.setTimer(Math.max(1, saveDelayMs), t -> {
          timer = -1;
          flushHere();
        });
      });
    }
  }

  /** On the store's context: one write at a time, each after the previous one. */
  private Future<Void> flushHere() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    scheduled.set(false);
    Future<Void> result = tail.transform(ignored -> dirty.get() ? write() : Future.succeededFuture());
    tail = result.recover(err -> Future.succeededFuture());
    return result;
  }

  private Future<Void> write() {
    dirty.set(false);
    // Only the copy is under the lock (a change made after it marks the index dirty again, for the next save); the
    // encoding runs on a worker, ordered, so the event loop and the index's other users are not blocked by it.
    List<ChannelSnapshot> snapshot = snapshot(index);
    FileSystem fs = vertx.fileSystem();
    String temp = path + ".tmp";
    // DSYNC: the bytes are on disk before the rename makes them the index.
    return vertx.executeBlocking(() -> encode(snapshot).toBuffer())
        .compose(bytes -> fs.open(temp, new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)
                .setDsync(true))
            .compose(f -> f.write(bytes).eventually(f::close)))
        .compose(v -> fs.move(temp, path.toString(), new CopyOptions().setAtomicMove(true).setReplaceExisting(true)))
        .onFailure(err -> {
          // Kept dirty: the next change or flush tries again; the index in memory is still whole.
          dirty.set(true);
          LOG.warn("Could not save the post index {}: {}", path, err.getMessage());
        });
  }

  /** One channel's state as copied for a save: nothing in it is shared with the live index. */
  record ChannelSnapshot(long chatId, long highest, Map<Long, Long> checked, Map<Long, IndexedPost> posts) {
  }

  /** Copies the index's state under its lock (O(n) copies of sorted maps; the posts themselves are immutable). */
  static List<ChannelSnapshot> snapshot(ChannelPostIndex index) {
    List<ChannelSnapshot> out = new ArrayList<>();
    synchronized (index) {
      index.channels().forEach((chatId, posts) -> out.add(new ChannelSnapshot(chatId, posts.highest,
          new TreeMap<>(posts.checked), new TreeMap<>(posts.posts))));
    }
    return out;
  }

  static JsonObject encode(ChannelPostIndex index) {
    return encode(snapshot(index));
  }

  /** Encodes a {@link #snapshot}; takes no lock, so it may run on any thread. */
  static JsonObject encode(List<ChannelSnapshot> snapshot) {
    JsonObject channels = new JsonObject();
    for (ChannelSnapshot posts : snapshot) {
      JsonArray checked = new JsonArray();
      posts.checked().forEach((from, to) -> checked.add(new JsonArray().add(from).add(to)));
      JsonArray list = new JsonArray();
      posts.posts().forEach((serverId, post) -> list.add(new JsonObject().put("id", serverId)
          .put("message", post.message())));
      channels.put(Long.toString(posts.chatId()), new JsonObject().put("highest", posts.highest())
          .put("checked", checked).put("posts", list));
    }
    return new JsonObject().put("version", VERSION).put("channels", channels);
  }

  /**
   * Reads an index this class wrote. Posts are mapped again by {@link MessageMapper}, so what the index lists always
   * matches what the gateway makes of a message today; a post that no longer maps to a file stays checked, unlisted.
   *
   * @throws RuntimeException for anything that is not such an index
   */
  static ChannelPostIndex decode(Buffer bytes) {
    JsonObject json = new JsonObject(bytes);
    if (json.getInteger("version", -1) != VERSION) {
      throw new IllegalArgumentException("unknown version " + json.getValue("version"));
    }
    ChannelPostIndex index = new ChannelPostIndex();
    JsonObject channels = required(json.getJsonObject("channels"), "channels");
    for (String key : channels.fieldNames()) {
      long chatId = Long.parseLong(key);
      JsonObject c = required(channels.getJsonObject(key), key);
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
      Map<Long, IndexedPost> posts = new LinkedHashMap<>();
      for (Object entry : required(c.getJsonArray("posts"), "posts")) {
        JsonObject p = (JsonObject) entry;
        long serverId = required(p.getLong("id"), "id");
        String message = required(p.getString("message"), "message");
        MessageMapper.map(new JsonObject(message))
            .ifPresent(mapped -> posts.put(serverId, new IndexedPost(mapped.file(), message)));
        checked.add(new long[] {serverId, serverId});
      }
      index.load(chatId, required(c.getLong("highest"), "highest"), checked, posts);
    }
    return index;
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }
}
