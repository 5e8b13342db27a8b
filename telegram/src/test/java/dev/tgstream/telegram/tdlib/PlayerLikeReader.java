package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test helper: reads a file range the way the stream engine does — aligned parts, a few of them in flight ahead of
 * the one being consumed — and returns the bytes in order.
 */
final class PlayerLikeReader {

  private final TelegramGateway gateway;
  private final String fileId;
  private final long start;
  private final long end;
  private final int partBytes;
  private final int inFlight;
  private final Consumer<Long> onPart;
  private final List<Future<Buffer>> parts = new ArrayList<>();
  private final Promise<Buffer> done = Promise.promise();
  private long nextOffset;
  private int completed;

  /** @param onPart called with each part's offset as it arrives (to record the order parts complete in) */
  PlayerLikeReader(TelegramGateway gateway, String fileId, long start, long end, int partBytes, int inFlight,
      Consumer<Long> onPart) {
    this.gateway = gateway;
    this.fileId = fileId;
    this.start = start;
    this.end = end;
    this.partBytes = partBytes;
    this.inFlight = inFlight;
    this.onPart = onPart;
    this.nextOffset = start;
  }

  Future<Buffer> run() {
    for (int i = 0; i < inFlight; i++) {
      next();
    }
    return done.future();
  }

  private void next() {
    if (nextOffset >= end) {
      return;
    }
    long offset = nextOffset;
    nextOffset += partBytes;
    Future<Buffer> part = gateway.readPart(fileId, offset, (int) Math.min(partBytes, end - offset));
    parts.add(part);
    part.onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      onPart.accept(offset);
      completed++;
      if (completed == parts.size() && nextOffset >= end) {
        Buffer all = Buffer.buffer();
        parts.forEach(p -> all.appendBuffer(p.result()));
        done.tryComplete(all);
      } else {
        next();
      }
    });
  }
}
