package dev.tgstream.ui.media;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/files/{id}/subtitles/{track}.vtt}: one subtitle track as WebVTT. */
public final class SubtitlesApi {

  private final TelegramGateway gateway;
  private final Subtitles subtitles;

  public SubtitlesApi(TelegramGateway gateway, Subtitles subtitles) {
    this.gateway = gateway;
    this.subtitles = subtitles;
  }

  public void handleVtt(RoutingContext ctx) {
    String fileId = ctx.pathParam("id");
    String track = ctx.pathParam("track");
    if (track.endsWith(".vtt")) {
      track = track.substring(0, track.length() - 4);
    }
    String trackId = track;
    gateway.file(fileId)
        .compose(f -> subtitles.vtt(f, trackId))
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? ApiProblem.notFound("no subtitles " + trackId + " for file " + fileId) : err))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(vtt -> ctx.response()
            .putHeader("Content-Type", "text/vtt; charset=utf-8")
            // The same track of the same file never changes while its id stands; a short private cache suffices.
            .putHeader("Cache-Control", "private, max-age=3600")
            .end(vtt));
  }
}
