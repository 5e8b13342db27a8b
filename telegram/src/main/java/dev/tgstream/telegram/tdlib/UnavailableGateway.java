package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The backend when Telegram cannot be used as configured — a corrupt, revoked or logged-out session: every call fails
 * UNAVAILABLE with the one line saying what to do. The process stays up with it (readiness reports the line) instead
 * of exiting and being restarted into the same failure over and over; fixing the setting and redeploying is the cure.
 *
 * <p>Its futures are already failed, which holds the completion-context contract trivially: listeners run on the
 * caller's context.
 */
public final class UnavailableGateway implements TelegramGateway {

  private final String reason;

  public UnavailableGateway(String reason) {
    this.reason = reason;
  }

  /** What is wrong and what to do, as the log and readiness show it. */
  public String reason() {
    return reason;
  }

  private <T> Future<T> fail() {
    return Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, reason));
  }

  @Override
  public Future<List<Channel>> channels() {
    return fail();
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return fail();
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return fail();
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    return fail();
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return fail();
  }
}
