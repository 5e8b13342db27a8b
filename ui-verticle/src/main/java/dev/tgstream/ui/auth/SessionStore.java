package dev.tgstream.ui.auth;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions: random 256-bit ids, an idle timeout and an absolute lifetime. They survive a restart: kept in
 * {@code DATA_DIR/sessions.json}, which holds only the SHA-256 of each id (a copy of the file signs nobody in) with
 * the user and the times that decide expiry. Sign-ins and sign-outs are saved within {@value #SAVE_DELAY_MS} ms
 * (coalesced); "last used" times ride along with the next save or the periodic sweep, so a busy API does not write
 * per request. Thread-safe: the UI's event loops share one store (a cookie issued on one loop is good on all), and
 * every method holds the lock, so a touch never brings back a session a sign-out just removed.
 */
public final class SessionStore {

  private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
  public static final String FILE_NAME = "sessions.json";
  public static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
  public static final Duration MAX_LIFETIME = Duration.ofDays(7);
  static final long SAVE_DELAY_MS = 2000;
  // Bounds memory if someone scripts logins; the least recently used sessions go first.
  private static final int MAX_SESSIONS = 10_000;

  /** A new session and the id for its cookie (the only place the id exists besides the browser). */
  public record Issued(String id, Session session) {
    @Override
    public String toString() {
      return "Issued[" + session + "]";
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Map<String, Session> byHandle;
  /** Null for a store in memory only. */
  private final CoalescedWriter writer;

  /** Sessions in memory only (tests, tools). */
  public SessionStore(Clock clock) {
    this(clock, new HashMap<>(), null, null);
  }

  private SessionStore(Clock clock, Map<String, Session> byHandle, Vertx vertx, Path file) {
    this.clock = clock;
    this.byHandle = byHandle;
    this.writer = file == null ? null : new CoalescedWriter(vertx, file, SAVE_DELAY_MS, this::encode);
  }

  /**
   * Loads sessions.json, dropping expired entries. A damaged file is set aside as {@code sessions.json.broken}
   * (logged) and everyone signs in again: better than refusing to start.
   */
  public static Future<SessionStore> open(Vertx vertx, Path dataDir, Clock clock) {
    Path file = dataDir.resolve(FILE_NAME);
    return vertx.executeBlocking(() -> new SessionStore(clock, read(file, clock.instant()), vertx, file), false);
  }

  /** The stored handle of a cookie id: its SHA-256, base64url. */
  public static String handleOf(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new session for the user, with a fresh id. */
  public synchronized Issued create(String userName) {
    if (byHandle.size() >= MAX_SESSIONS) {
      sweep();
      if (byHandle.size() >= MAX_SESSIONS) {
        byHandle.values().stream().min(Comparator.comparing(Session::lastSeen))
            .ifPresent(oldest -> byHandle.remove(oldest.handle()));
      }
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Session session = new Session(handleOf(id), userName, now, now);
    byHandle.put(session.handle(), session);
    changed();
    return new Issued(id, session);
  }

  /** The live session with this cookie id, marked as used now; empty when unknown or expired. */
  public synchronized Optional<Session> touch(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String handle = handleOf(id);
    Session session = byHandle.get(handle);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      byHandle.remove(handle);
      changed();
      return Optional.empty();
    }
    Session touched = session.touched(now);
    byHandle.put(handle, touched);
    if (writer != null) {
      writer.changedQuietly(); // saved with the next change or sweep, not per request
    }
    return Optional.of(touched);
  }

  /** Signs out the session with this cookie id. */
  public synchronized void remove(String id) {
    if (id != null && byHandle.remove(handleOf(id)) != null) {
      changed();
    }
  }

  /** Ends one session by its handle (an admin revoking it); false when there is none. */
  public synchronized boolean revoke(String handle) {
    boolean removed = handle != null && byHandle.remove(handle) != null;
    if (removed) {
      changed();
    }
    return removed;
  }

  /** Ends every session of a user except the one with handle {@code keepHandle} (may be null). */
  public synchronized void removeUser(String userName, String keepHandle) {
    if (byHandle.values().removeIf(s -> s.userName().equals(userName) && !s.handle().equals(keepHandle))) {
      changed();
    }
  }

  /** The live sessions, most recently used first. */
  public synchronized List<Session> list() {
    sweep();
    List<Session> all = new ArrayList<>(byHandle.values());
    all.sort(Comparator.comparing(Session::lastSeen).reversed());
    return all;
  }

  /** Drops expired sessions and saves what changed since the last save (called periodically). */
  public synchronized void sweep() {
    Instant now = clock.instant();
    boolean removed = byHandle.values().removeIf(s -> expired(s, now));
    if (writer != null) {
      if (removed) {
        writer.changedQuietly();
      }
      writer.saveIfDirty();
    }
  }

  public synchronized int size() {
    return byHandle.size();
  }

  /** Writes pending changes now; completes when they are on disk. */
  public Future<Void> flush() {
    return writer == null ? Future.succeededFuture() : writer.flush();
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(IDLE_TIMEOUT)) || !now.isBefore(s.created().plus(MAX_LIFETIME));
  }

  private void changed() {
    if (writer != null) {
      writer.changed();
    }
  }

  // On the writer's worker thread.
  private synchronized byte[] encode() {
    JsonArray list = new JsonArray();
    byHandle.values().forEach(s -> list.add(new JsonObject()
        .put("handle", s.handle())
        .put("user", s.userName())
        .put("created", s.created().toString())
        .put("lastSeen", s.lastSeen().toString())));
    return new JsonObject().put("version", 1).put("sessions", list).encode().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Session> read(Path file, Instant now) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new HashMap<>();
    }
    try {
      Map<String, Session> byHandle = new HashMap<>();
      JsonArray list = new JsonObject(text).getJsonArray("sessions");
      for (int i = 0; i < list.size(); i++) {
        JsonObject e = list.getJsonObject(i);
        Session s = new Session(e.getString("handle"), e.getString("user"), Instant.parse(e.getString("created")),
            Instant.parse(e.getString("lastSeen")));
        if (s.handle() == null || s.userName() == null) {
          throw new IllegalArgumentException("entry " + i + " lacks a handle or user");
        }
        if (!expired(s, now)) {
          byHandle.put(s.handle(), s);
        }
      }
      return byHandle;
    } catch (RuntimeException e) {
      Path aside = file.resolveSibling(FILE_NAME + ".broken");
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      log.warn("{} was damaged ({}); moved it to {} and everyone signs in again", file, e.getMessage(), aside);
      return new HashMap<>();
    }
  }
}
