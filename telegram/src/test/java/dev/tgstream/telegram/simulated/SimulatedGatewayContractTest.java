package dev.tgstream.telegram.simulated;

import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.TelegramGatewayContract;
import dev.tgstream.telegram.library.LibraryGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/** The port's contract on the simulator (in front of the local-folder backend), with latency and a parallelism cap. */
class SimulatedGatewayContractTest extends TelegramGatewayContract {

  @Override
  protected Future<TelegramGateway> open(Vertx vertx, Path library) {
    return LibraryGateway.open(vertx, library).map(g -> new SimulatedGateway(vertx, g,
        SimulationConfig.parse("latency_ms=3,part_kib=1024,conn_kibps=0,max_parallel=4,flood_every=0,fail_rate=0")));
  }
}
