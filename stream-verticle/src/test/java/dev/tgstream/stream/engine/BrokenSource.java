package dev.tgstream.stream.engine;

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
import java.util.concurrent.atomic.AtomicInteger;

/** A source that breaks for good from some offset on (a dead DC, a deleted message); reads before it pass through. */
final class BrokenSource implements TelegramGateway {

  private final TelegramGateway delegate;
  private final long brokenFrom;
  private final GatewayException.Kind kind;
  private final AtomicInteger brokenCalls = new AtomicInteger();

  BrokenSource(TelegramGateway delegate, long brokenFrom, GatewayException.Kind kind) {
    this.delegate = delegate;
    this.brokenFrom = brokenFrom;
    this.kind = kind;
  }

  /** Reads that hit the broken region. */
  int brokenCalls() {
    return brokenCalls.get();
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    if (offset + length > brokenFrom) {
      brokenCalls.incrementAndGet();
      return Future.failedFuture(new GatewayException(kind, kind + " (injected) at " + offset));
    }
    return delegate.readPart(fileId, offset, length);
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
  public Future<Thumbnail> thumbnail(String fileId) {
    return delegate.thumbnail(fileId);
  }
}
