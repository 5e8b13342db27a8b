package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test helper: a {@link TdlibGateway} over clients of the TDLib test double — a user session, bots, or both — logged
 * in through the double's login dialogue.
 */
final class GatewayOnDouble {

  final TdJsonDouble td;
  final TdRuntime runtime;
  final TdlibGateway gateway;
  final TdClient user;
  final List<TdClient> bots;

  private GatewayOnDouble(TdJsonDouble td, TdRuntime runtime, TdlibGateway gateway, TdClient user,
      List<TdClient> bots) {
    this.td = td;
    this.runtime = runtime;
    this.gateway = gateway;
    this.user = user;
    this.bots = bots;
  }

  /**
   * Logs in a user (when {@code withUser}) and {@code botTokens.size()} bots on their own database folders under
   * {@code dataDir}, then starts the gateway with {@code settings}.
   */
  static Future<GatewayOnDouble> start(Vertx vertx, TdJsonDouble td, Path dataDir, boolean withUser,
      List<String> botTokens, TdlibSettings settings, UnaryOperator<TdlibGateway.Builder> customize) {
    TdRuntime runtime = TdRuntime.start(vertx, td);
    Future<TdClient> user = withUser
        ? DoubleLogins.user(runtime, dataDir.resolve("user"), DoubleFixtures.PHONE, DoubleFixtures.CODE,
            DoubleFixtures.PASSWORD)
        : Future.succeededFuture(null);
    List<Future<TdClient>> bots = new ArrayList<>();
    for (int i = 0; i < botTokens.size(); i++) {
      bots.add(DoubleLogins.bot(runtime, dataDir.resolve("bot" + i), botTokens.get(i)));
    }
    return Future.all(new ArrayList<Future<?>>(bots)).compose(x -> user).compose(u -> {
      List<TdClient> botClients = bots.stream().map(Future::result).toList();
      TdlibGateway.Builder builder = TdlibGateway.builder(vertx, settings).bots(botClients);
      if (u != null) {
        builder.user(u);
      }
      return customize.apply(builder).start()
          .map(g -> new GatewayOnDouble(td, runtime, g, u, botClients));
    });
  }

  Future<Void> close() {
    return gateway.close().compose(v -> runtime.close()).eventually(() -> {
      td.close();
      return Future.succeededFuture();
    });
  }
}
