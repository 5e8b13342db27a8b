package dev.tgstream.ui.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in memory: random 256-bit ids, an idle timeout and an absolute lifetime. A restart signs everyone out,
 * which is acceptable for a small private service and keeps secrets off the disk. Not thread-safe: event loop only.
 */
public final class SessionStore {

  public static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
  public static final Duration MAX_LIFETIME = Duration.ofDays(7);
  // Bounds memory if someone scripts logins; the least recently used sessions go first.
  private static final int MAX_SESSIONS = 10_000;

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Map<String, Session> sessions = new HashMap<>();

  public SessionStore(Clock clock) {
    this.clock = clock;
  }

  /** A new session for the user, with a fresh id. */
  public Session create(String userName) {
    if (sessions.size() >= MAX_SESSIONS) {
      sweep();
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.values().stream().min((a, b) -> a.lastSeen().compareTo(b.lastSeen()))
            .ifPresent(oldest -> sessions.remove(oldest.id()));
      }
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Session session = new Session(id, userName, now, now);
    sessions.put(id, session);
    return session;
  }

  /** The live session with this id, marked as used now; empty when unknown or expired. */
  public Optional<Session> touch(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    Session touched = session.touched(now);
    sessions.put(id, touched);
    return Optional.of(touched);
  }

  public void remove(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of a user except {@code keepId} (may be null), e.g. after the user was removed. */
  public void removeUser(String userName, String keepId) {
    sessions.values().removeIf(s -> s.userName().equals(userName) && !s.id().equals(keepId));
  }

  /** Drops expired sessions (called periodically). */
  public void sweep() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now));
  }

  public int size() {
    return sessions.size();
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(IDLE_TIMEOUT)) || !now.isBefore(s.created().plus(MAX_LIFETIME));
  }
}
