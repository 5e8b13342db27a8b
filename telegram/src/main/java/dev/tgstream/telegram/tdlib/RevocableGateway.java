package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The TDLib gateway, until Telegram ends the login it stands on — a user session revoked in Settings → Devices, a
 * bot token revoked with @BotFather: TDLib then moves that client to authorizationStateLoggingOut/Closed on its own.
 * From then on every call fails UNAVAILABLE with the one line saying what to do (readiness shows it), logged once,
 * and the process stays up rather than crash-looping on a login that cannot come back by itself.
 */
public final class RevocableGateway implements TelegramGateway {

  private static final Logger LOG = LoggerFactory.getLogger(RevocableGateway.class);

  private volatile TelegramGateway inner;
  private final Supplier<Future<Void>> closer;
  private final AtomicReference<String> revoked = new AtomicReference<>();
  private volatile String starting = "Telegram is starting";
  private volatile boolean closing;

  /**
   * A gateway that fails every call until {@link #serve} gives it the one to delegate to (updates can report a
   * revocation while that one is still starting).
   *
   * @param closer releases what the gateway does not own (clients, runtime, index); runs on {@link #close}
   */
  public RevocableGateway(Supplier<Future<Void>> closer) {
    this.closer = closer;
  }

  /** Delegates to {@code gateway} from now on (unless revoked). */
  public RevocableGateway serve(TelegramGateway gateway) {
    this.inner = gateway;
    return this;
  }

  /**
   * Watches an essential client's updates: when TDLib logs it out by itself, the gateway is revoked with
   * {@code reason}.
   */
  public void watch(JsonObject update, String reason) {
    if (closing || !TdAuthorizationStates.UPDATE.equals(update.getString("@type"))) {
      return;
    }
    String state = update.getJsonObject("authorization_state", new JsonObject()).getString("@type", "");
    // TDLib passes through LoggingOut only when the login ends (revoked, logged out elsewhere); our own close goes
    // Closing → Closed, so a client closed for a retry or a shutdown is never taken for a revocation.
    if (TdAuthorizationStates.LOGGING_OUT.equals(state)) {
      revoke(reason);
    }
  }

  /** From now on every call fails with {@code reason}; logged the first time only. */
  public void revoke(String reason) {
    if (revoked.compareAndSet(null, reason)) {
      LOG.error("{}", reason);
    }
  }

  /** What calls fail with until {@link #serve}: why Telegram is not there yet. */
  public void starting(String reason) {
    this.starting = reason;
  }

  /** Why the gateway is revoked, or null while it serves. */
  public String revokedReason() {
    return revoked.get();
  }

  /** Fails with the revocation's reason, or while nothing serves yet; else runs the call. */
  public <T> Future<T> guard(Supplier<Future<T>> call) {
    String reason = revoked.get();
    if (reason != null) {
      return Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, reason));
    }
    if (inner == null) {
      return Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, starting));
    }
    return call.get();
  }

  @Override
  public Future<List<Channel>> channels() {
    return guard(() -> inner.channels());
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return guard(() -> inner.files(channelId, query));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return guard(() -> inner.file(fileId));
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    return guard(() -> inner.readPart(fileId, offset, length));
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length, ReadUrgency urgency) {
    return guard(() -> inner.readPart(fileId, offset, length, urgency));
  }

  @Override
  public void hurry(String fileId, long offset, int length) {
    TelegramGateway serving = inner;
    if (serving != null && revoked.get() == null) {
      serving.hurry(fileId, offset, length);
    }
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return guard(() -> inner.thumbnail(fileId));
  }

  /** What the gateway served offers; nothing while none serves or after a revocation. */
  @Override
  public LocalCopies localCopies() {
    TelegramGateway gateway = inner;
    return gateway == null || revoked.get() != null ? LocalCopies.NONE : gateway.localCopies();
  }

  @Override
  public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    return guard(() -> inner.localRegion(file));
  }

  @Override
  public Future<Void> close() {
    closing = true;
    TelegramGateway gateway = inner;
    return (gateway == null ? Future.<Void>succeededFuture() : gateway.close()).transform(ar -> closer.get());
  }
}
