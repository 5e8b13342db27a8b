package dev.tgstream.telegram;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A decorator's base: every call of the port goes to the wrapped gateway, so a subclass overrides only what it changes
 * (a cache of descriptions, a fault, a hidden capability). One place forwards each method, so a method the port gains
 * (as localRegion and the read urgency did) reaches every such decorator instead of silently falling back to the
 * port's default in the ones nobody remembered to update.
 */
public abstract class ForwardingGateway implements TelegramGateway {

  protected final TelegramGateway delegate;

  protected ForwardingGateway(TelegramGateway delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<List<Channel>> channels() {
    return delegate.channels();
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return delegate.files(channelId, query);
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return delegate.file(fileId);
  }

  /**
   * A read somebody waits for. Final: a decorator that changes reads overrides the form with the urgency, which is the
   * one the engine calls, so no read can pass it by.
   */
  @Override
  public final Future<Buffer> readPart(String fileId, long offset, int length) {
    return readPart(fileId, offset, length, ReadUrgency.WAITED);
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length, ReadUrgency urgency) {
    return delegate.readPart(fileId, offset, length, urgency);
  }

  @Override
  public void hurry(String fileId, long offset, int length) {
    delegate.hurry(fileId, offset, length);
  }

  @Override
  public LocalCopies localCopies() {
    return delegate.localCopies();
  }

  @Override
  public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    return delegate.localRegion(file);
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return delegate.thumbnail(fileId);
  }

  @Override
  public void onChange(Consumer<SourceChange> listener) {
    delegate.onChange(listener);
  }

  @Override
  public Future<List<SubtitleFile>> subtitleFiles(String fileId) {
    return delegate.subtitleFiles(fileId);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
