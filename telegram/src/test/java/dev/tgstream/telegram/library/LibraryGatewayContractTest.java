package dev.tgstream.telegram.library;

import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.TelegramGatewayContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/** The port's contract on the local-folder backend. */
class LibraryGatewayContractTest extends TelegramGatewayContract {

  @Override
  protected Future<TelegramGateway> open(Vertx vertx, Path library) {
    return LibraryGateway.open(vertx, library).map(g -> g);
  }
}
