package dev.tgstream.ui.progress;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.ui.api.FileIds;
import dev.tgstream.ui.api.FileJson;
import dev.tgstream.ui.auth.Principal;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.JsonBody;
import dev.tgstream.ui.http.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** {@code GET /api/progress}, {@code PUT|DELETE /api/progress/:fileId}: the signed-in user's own positions only. */
public final class ProgressApi {

  private final ProgressStore store;
  private final TelegramGateway gateway;
  private final java.util.function.Function<dev.tgstream.telegram.MediaFile, String> pictureUrl;

  public ProgressApi(ProgressStore store, TelegramGateway gateway) {
    this(store, gateway, FileJson::thumbnailUrl);
  }

  /** @param pictureUrl a card's picture URL (the grid's: its own, or one that can be made), or null */
  public ProgressApi(ProgressStore store, TelegramGateway gateway,
                     java.util.function.Function<dev.tgstream.telegram.MediaFile, String> pictureUrl) {
    this.store = store;
    this.gateway = gateway;
    this.pictureUrl = pictureUrl;
  }

  /** Body {@code {position, duration}} in seconds; 404 for a file that does not exist. */
  public void handlePut(RoutingContext ctx) {
    String fileId = ctx.pathParam("fileId");
    double position;
    double duration;
    try {
      FileIds.require(fileId);
      JsonObject body = JsonBody.object(ctx);
      position = JsonBody.requiredNonNegative(body, "position");
      duration = JsonBody.requiredNonNegative(body, "duration");
    } catch (ApiProblem p) {
      ctx.fail(p.status(), p);
      return;
    }
    String user = Principal.of(ctx).name();
    gateway.file(fileId)
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? FileIds.unknownFile(fileId) : err))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(file -> {
          store.put(user, file.id(), position, duration);
          ctx.response().setStatusCode(204).end();
        });
  }

  /** Newest first, with the file's name, type and thumbnail; entries whose file is gone are left out. */
  public void handleList(RoutingContext ctx) {
    List<ProgressEntry> entries = store.list(Principal.of(ctx).name());
    List<Future<MediaFile>> lookups = entries.stream()
        .map(e -> gateway.file(e.fileId()).otherwise((MediaFile) null))
        .toList();
    Future.join(lookups)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(all -> {
          JsonArray items = new JsonArray();
          for (int i = 0; i < entries.size(); i++) {
            MediaFile file = lookups.get(i).result();
            if (file == null) {
              continue;
            }
            ProgressEntry e = entries.get(i);
            items.add(new JsonObject()
                .put("fileId", e.fileId())
                .put("name", file.name())
                .put("position", e.position())
                .put("duration", e.duration())
                .put("updatedAt", e.updatedAt().toString())
                .put("thumbnailUrl", pictureUrl.apply(file))
                .put("type", file.type().wireName()));
          }
          ctx.json(new JsonObject().put("items", items));
        });
  }

  /** Forgets one position; 204 whether or not there was one. */
  public void handleDelete(RoutingContext ctx) {
    String fileId = ctx.pathParam("fileId");
    try {
      FileIds.require(fileId);
    } catch (ApiProblem p) {
      ctx.fail(p.status(), p);
      return;
    }
    store.remove(Principal.of(ctx).name(), fileId);
    ctx.response().setStatusCode(204).end();
  }
}
