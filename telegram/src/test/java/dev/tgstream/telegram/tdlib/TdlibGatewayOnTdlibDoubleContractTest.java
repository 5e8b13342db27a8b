package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.TelegramGatewayContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;

/** The port's contract on TdlibGateway over the TDLib test double (a user session and a bot pool of two). */
class TdlibGatewayOnTdlibDoubleContractTest extends TelegramGatewayContract {

  private GatewayOnDouble started;

  @Override
  protected Future<TelegramGateway> open(Vertx vertx, Path library) {
    TdJsonDouble td = TdJsonDouble.builder()
        .channel(DoubleFixtures.MOVIES_CHAT, "doubleclips", CHANNEL_TITLE, library.resolve(CHANNEL_TITLE))
        .botToken(DoubleFixtures.BOT_TOKEN).botToken(DoubleFixtures.BOT_TOKEN_2)
        .user(DoubleFixtures.PHONE, DoubleFixtures.CODE, null).searchPageCap(3).build();
    return GatewayOnDouble.start(vertx, td, temp.resolve("tdlib-data"), true,
            List.of(DoubleFixtures.BOT_TOKEN, DoubleFixtures.BOT_TOKEN_2),
            TdlibSettings.of(List.of("@doubleclips")), b -> b)
        .map(g -> {
          started = g;
          return g.gateway;
        });
  }

  @Override
  protected Future<Void> closeExtras() {
    return started == null ? Future.succeededFuture() : started.close();
  }
}
