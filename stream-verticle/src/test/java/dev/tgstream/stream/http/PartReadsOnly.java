package dev.tgstream.stream.http;

import dev.tgstream.telegram.ForwardingGateway;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * The real gateway it wraps, minus its local regions: every byte then goes through the engine's part reads, as before
 * zero-copy sends existed. What the tests compare the sendfile path against.
 */
class PartReadsOnly extends ForwardingGateway {

  PartReadsOnly(TelegramGateway delegate) {
    super(delegate);
  }

  @Override
  public LocalCopies localCopies() {
    return LocalCopies.NONE;
  }

  @Override
  public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    return Future.succeededFuture(Optional.empty());
  }
}
