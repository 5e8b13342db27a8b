package dev.tgstream.ui.auth;

import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.RequestId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admins see who is signed in and end sessions: {@code GET /api/sessions}, {@code DELETE /api/sessions/{id}}. */
public final class SessionAdminApi {

  private static final Logger log = LoggerFactory.getLogger(SessionAdminApi.class);

  private final SessionStore sessions;

  public SessionAdminApi(SessionStore sessions) {
    this.sessions = sessions;
  }

  /** {@code {items:[{id, user, created, lastSeen, current}]}}; the id is the stored handle, not a cookie. */
  public void handleList(RoutingContext ctx) {
    String own = Principal.of(ctx).sessionId();
    JsonArray items = new JsonArray();
    sessions.list().forEach(s -> items.add(new JsonObject()
        .put("id", s.handle())
        .put("user", s.userName())
        .put("created", s.created().toString())
        .put("lastSeen", s.lastSeen().toString())
        .put("current", s.handle().equals(own))));
    ctx.json(new JsonObject().put("items", items));
  }

  /** 204 when the session ended, 404 when there is none with that id. */
  public void handleRevoke(RoutingContext ctx) {
    String handle = ctx.pathParam("id");
    if (!sessions.revoke(handle)) {
      ctx.fail(404, ApiProblem.notFound("no live session with that id"));
      return;
    }
    log.info("[{}] '{}' ended a session", RequestId.of(ctx), Principal.of(ctx).name());
    ctx.response().setStatusCode(204).end();
  }
}
