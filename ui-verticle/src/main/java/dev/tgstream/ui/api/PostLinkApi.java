package dev.tgstream.ui.api;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.tdlib.MessageLink;
import dev.tgstream.telegram.tdlib.MessageLinkResolver;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * {@code GET /api/links?url=https://t.me/…}: opens a Telegram post link and answers the file it holds, so a link
 * pasted from Telegram leads straight to the player. With only bot tokens this is also how a post the index has not
 * seen yet becomes reachable. The library backend has no posts: 400 saying so.
 */
public final class PostLinkApi {

  private final Optional<MessageLinkResolver> resolver;

  public PostLinkApi(Optional<MessageLinkResolver> resolver) {
    this.resolver = resolver;
  }

  /** {@code {fileId, channelId, name}}; 400 for a malformed link, 404 for a post that is not there or not ours. */
  public void handleOpen(RoutingContext ctx) {
    String url = ctx.queryParams().get("url");
    if (url == null || url.isBlank()) {
      ctx.fail(400, ApiProblem.badRequest("give the post link as ?url=https://t.me/<channel>/<post>"));
      return;
    }
    if (resolver.isEmpty()) {
      ctx.fail(400, ApiProblem.badRequest("Telegram links open only with the Telegram backend (TG_API_ID); this "
          + "service serves a local folder"));
      return;
    }
    MessageLink link;
    try {
      link = MessageLink.parse(url);
    } catch (IllegalArgumentException e) {
      ctx.fail(400, ApiProblem.badRequest(e.getMessage()));
      return;
    }
    resolver.get().open(link)
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? ApiProblem.notFound("no file at " + link.url() + " in the channels this service shows") : err))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(file -> ctx.json(new JsonObject()
            .put("fileId", file.id())
            .put("channelId", file.channelId())
            .put("name", file.name())));
  }
}
