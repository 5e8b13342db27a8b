package dev.tgstream.stream.http;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.SubtitleFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.function.Consumer;

/**
 * The real gateway it wraps, minus its local regions (the port's defaults): every byte then goes through the engine's
 * part reads, as before zero-copy sends existed. What the tests compare the sendfile path against.
 */
class PartReadsOnly implements TelegramGateway {

  private final TelegramGateway delegate;

  PartReadsOnly(TelegramGateway delegate) {
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

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    return delegate.readPart(fileId, offset, length);
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
