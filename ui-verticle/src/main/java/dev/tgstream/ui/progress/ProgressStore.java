package dev.tgstream.ui.progress;

import dev.tgstream.ui.io.CoalescedWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Playback positions per user, newest first, at most {@value #MAX_PER_USER} per user, kept in memory and in
 * {@code DATA_DIR/progress.json}. Players report every few seconds, so saves are coalesced: a change schedules one
 * atomic write {@value #SAVE_DELAY_MS} ms later, and everything that changed meanwhile rides along. {@link #flush()}
 * writes what is pending (on shutdown). Thread-safe: the UI's event loops share one store; every method holds the
 * lock.
 */
public final class ProgressStore {

  private static final Logger log = LoggerFactory.getLogger(ProgressStore.class);
  public static final String FILE_NAME = "progress.json";
  public static final int MAX_PER_USER = 50;
  static final long SAVE_DELAY_MS = 2000;

  private final Clock clock;
  // user -> fileId -> entry, in order of last update (oldest first)
  private final Map<String, LinkedHashMap<String, ProgressEntry>> byUser;
  private final CoalescedWriter writer;

  private ProgressStore(Vertx vertx, Path file, Clock clock, Map<String, LinkedHashMap<String, ProgressEntry>> byUser) {
    this.clock = clock;
    this.byUser = byUser;
    this.writer = new CoalescedWriter(vertx, file, SAVE_DELAY_MS, this::encode);
  }

  /**
   * Loads progress.json. A damaged file is set aside as {@code progress.json.broken} (logged) and progress starts
   * empty: losing resume positions is better than refusing to start.
   */
  public static Future<ProgressStore> open(Vertx vertx, Path dataDir, Clock clock) {
    Path file = dataDir.resolve(FILE_NAME);
    return vertx.executeBlocking(() -> new ProgressStore(vertx, file, clock, read(file)), false);
  }

  /** Records a position; the oldest entries beyond {@value #MAX_PER_USER} are dropped. */
  public synchronized void put(String user, String fileId, double position, double duration) {
    LinkedHashMap<String, ProgressEntry> entries = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>());
    entries.remove(fileId);
    entries.put(fileId, new ProgressEntry(fileId, position, duration, clock.instant()));
    while (entries.size() > MAX_PER_USER) {
      entries.remove(entries.keySet().iterator().next());
    }
    changed();
  }

  /** The user's entries, most recently updated first. */
  public synchronized List<ProgressEntry> list(String user) {
    LinkedHashMap<String, ProgressEntry> entries = byUser.get(user);
    if (entries == null) {
      return List.of();
    }
    List<ProgressEntry> list = new ArrayList<>(entries.values());
    Collections.reverse(list);
    return list;
  }

  public synchronized void remove(String user, String fileId) {
    LinkedHashMap<String, ProgressEntry> entries = byUser.get(user);
    if (entries != null && entries.remove(fileId) != null) {
      if (entries.isEmpty()) {
        byUser.remove(user);
      }
      changed();
    }
  }

  /** Forgets everything about a user (after the user was removed). */
  public synchronized void removeUser(String user) {
    if (byUser.remove(user) != null) {
      changed();
    }
  }

  /** Writes pending changes now; completes when they are on disk. */
  public Future<Void> flush() {
    return writer.flush();
  }

  /** How many times the file was written (tests check that bursts coalesce). */
  long writes() {
    return writer.writes();
  }

  private void changed() {
    writer.changed();
  }

  // On the writer's worker thread.
  private synchronized byte[] encode() {
    JsonObject users = new JsonObject();
    byUser.forEach((user, entries) -> {
      JsonArray list = new JsonArray();
      entries.values().forEach(e -> list.add(new JsonObject()
          .put("fileId", e.fileId())
          .put("position", e.position())
          .put("duration", e.duration())
          .put("updatedAt", e.updatedAt().toString())));
      users.put(user, list);
    });
    return new JsonObject().put("version", 1).put("users", users).encode().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, LinkedHashMap<String, ProgressEntry>> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new HashMap<>();
    }
    try {
      Map<String, LinkedHashMap<String, ProgressEntry>> byUser = new HashMap<>();
      JsonObject users = new JsonObject(text).getJsonObject("users");
      for (String user : users.fieldNames()) {
        JsonArray list = users.getJsonArray(user);
        LinkedHashMap<String, ProgressEntry> entries = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
          JsonObject e = list.getJsonObject(i);
          String fileId = e.getString("fileId");
          entries.put(fileId, new ProgressEntry(fileId, e.getDouble("position"), e.getDouble("duration"),
              Instant.parse(e.getString("updatedAt"))));
        }
        byUser.put(user, entries);
      }
      return byUser;
    } catch (RuntimeException e) {
      Path aside = file.resolveSibling(FILE_NAME + ".broken");
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      log.warn("{} was damaged ({}); moved it to {} and started with no saved positions", file, e.getMessage(), aside);
      return new HashMap<>();
    }
  }
}
