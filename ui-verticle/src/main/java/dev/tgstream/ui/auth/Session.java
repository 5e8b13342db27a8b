package dev.tgstream.ui.auth;

import java.time.Instant;

/** A signed-in browser: who it is and when the session started and was last used. */
public record Session(String id, String userName, Instant created, Instant lastSeen) {

  public Session touched(Instant now) {
    return new Session(id, userName, created, now);
  }

  @Override
  public String toString() {
    // The id is a bearer secret: keep it out of logs.
    return "Session[" + userName + ", since " + created + "]";
  }
}
