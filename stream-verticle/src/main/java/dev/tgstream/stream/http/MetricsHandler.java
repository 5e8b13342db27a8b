package dev.tgstream.stream.http;

import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.engine.StreamEngine;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** {@code GET /metrics}: the engine's counters in Prometheus text format. */
public final class MetricsHandler implements Handler<RoutingContext> {

  private final StreamEngine engine;

  public MetricsHandler(StreamEngine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject stats = LocalStreamerService.statsJson(engine.stats());
    StringBuilder out = new StringBuilder();
    for (String name : stats.fieldNames()) {
      Object value = stats.getValue(name);
      if (value instanceof Number n) {
        String metric = "tgstream_engine_" + snake(name);
        out.append("# TYPE ").append(metric).append(" gauge\n");
        out.append(metric).append(' ').append(n).append('\n');
      }
    }
    Runtime rt = Runtime.getRuntime();
    out.append("# TYPE tgstream_jvm_heap_used_bytes gauge\n");
    out.append("tgstream_jvm_heap_used_bytes ").append(rt.totalMemory() - rt.freeMemory()).append('\n');
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(out.toString());
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
