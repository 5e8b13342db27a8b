package dev.tgstream.ui.auth;

import java.time.Instant;

/**
 * A signed-in browser: who it is and when the session started and was last used. {@code handle} is the SHA-256 of
 * the cookie's id ({@link SessionStore#handleOf}): what is stored on disk and shown to admins, and no use as a cookie.
 */
public record Session(String handle, String userName, Instant created, Instant lastSeen) {

  public Session touched(Instant now) {
    return new Session(handle, userName, created, now);
  }
}
