package dev.tgstream.ui.auth;

import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.JsonBody;
import dev.tgstream.ui.http.ProblemHandler;
import dev.tgstream.ui.http.RequestId;
import dev.tgstream.ui.streamer.BreakerStatus;
import dev.tgstream.ui.streamer.StreamerPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Admin routes: {@code GET|POST /api/users}, {@code PUT|DELETE /api/users/:name}, {@code GET /api/stats}. Mounted
 * behind {@link SessionAuth#requireAdmin}.
 */
public final class UserAdminApi {

  private static final Logger log = LoggerFactory.getLogger(UserAdminApi.class);

  private final UserStore users;
  private final SessionStore sessions;
  private final StreamerService streamer;
  private final Consumer<String> onUserRemoved;
  private final StreamerPath streamerPath;

  /**
   * @param onUserRemoved called with the name after a user was removed, to drop state kept for them elsewhere
   */
  public UserAdminApi(UserStore users, SessionStore sessions, StreamerService streamer, Consumer<String> onUserRemoved) {
    this(users, sessions, streamer, onUserRemoved, StreamerPath.COLOCATED);
  }

  /** @param streamerPath the remote streamer's breaker, shown in the stats when split */
  public UserAdminApi(UserStore users, SessionStore sessions, StreamerService streamer, Consumer<String> onUserRemoved,
                      StreamerPath streamerPath) {
    this.streamerPath = streamerPath;
    this.users = users;
    this.sessions = sessions;
    this.streamer = streamer;
    this.onUserRemoved = onUserRemoved;
  }

  public void handleList(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    users.list().forEach(u -> items.add(toJson(u)));
    ctx.json(new JsonObject().put("items", items));
  }

  public void handleCreate(RoutingContext ctx) {
    String name;
    String password;
    Role role;
    try {
      JsonObject body = JsonBody.object(ctx);
      name = JsonBody.requiredString(body, "name");
      password = JsonBody.requiredString(body, "password");
      String roleName = JsonBody.optionalString(body, "role");
      role = roleName == null ? Role.VIEWER : parseRole(roleName);
    } catch (ApiProblem p) {
      ctx.fail(p.status(), p);
      return;
    }
    users.add(name, password, role)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(user -> {
          log.info("[{}] '{}' added user '{}' ({})", RequestId.of(ctx), Principal.of(ctx).name(), user.name(),
              user.role().wireName());
          ctx.response().setStatusCode(201).putHeader("Location", "/api/users/" + user.name());
          ctx.json(toJson(user));
        });
  }

  public void handleUpdate(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String password;
    Role role;
    try {
      JsonObject body = JsonBody.object(ctx);
      password = JsonBody.optionalString(body, "password");
      String roleName = JsonBody.optionalString(body, "role");
      role = roleName == null ? null : parseRole(roleName);
    } catch (ApiProblem p) {
      ctx.fail(p.status(), p);
      return;
    }
    users.update(name, password, role)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(user -> {
          if (password != null) {
            // A reset password ends the user's other sessions; the admin's own stays.
            sessions.removeUser(user.name(), Principal.of(ctx).sessionId());
          }
          log.info("[{}] '{}' changed user '{}'{}{}", RequestId.of(ctx), Principal.of(ctx).name(), user.name(),
              password != null ? " (password)" : "", role != null ? " (role " + role.wireName() + ")" : "");
          ctx.json(toJson(user));
        });
  }

  public void handleDelete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    users.remove(name)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(v -> {
          sessions.removeUser(name, null);
          onUserRemoved.accept(name);
          log.info("[{}] '{}' removed user '{}'", RequestId.of(ctx), Principal.of(ctx).name(), name);
          ctx.response().setStatusCode(204).end();
        });
  }

  /** The streamer's counters plus how many users and live sessions there are. */
  public void handleStats(RoutingContext ctx) {
    sessions.sweep();
    streamer.stats()
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(stats -> ctx.json(new JsonObject()
            .put("streamer", stats)
            .put("users", users.size())
            .put("sessions", sessions.size())
            // Split: the breaker around the remote streamer (state, servedBy, since, lastError, transitions, calls).
            .put("remoteStreamer", streamerPath.remoteStatus().map(BreakerStatus::toJson).orElse(null))));
  }

  private JsonObject toJson(User u) {
    return new JsonObject()
        .put("name", u.name())
        .put("role", u.role().wireName())
        .put("fromEnv", users.isFromEnv(u.name()));
  }

  private static Role parseRole(String value) {
    return Role.fromWire(value).orElseThrow(() -> ApiProblem.badRequest("role must be admin or viewer"));
  }
}
