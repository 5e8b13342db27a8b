package dev.tgstream.stream.engine;

import dev.tgstream.telegram.ForwardingGateway;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.atomic.AtomicInteger;

/** A source that breaks for good from some offset on (a dead DC, a deleted message); reads before it pass through. */
final class BrokenSource extends ForwardingGateway {

  private final long brokenFrom;
  private final GatewayException.Kind kind;
  private final AtomicInteger brokenCalls = new AtomicInteger();

  BrokenSource(TelegramGateway delegate, long brokenFrom, GatewayException.Kind kind) {
    super(delegate);
    this.brokenFrom = brokenFrom;
    this.kind = kind;
  }

  /** Reads that hit the broken region. */
  int brokenCalls() {
    return brokenCalls.get();
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length, ReadUrgency urgency) {
    if (offset + length > brokenFrom) {
      brokenCalls.incrementAndGet();
      return Future.failedFuture(new GatewayException(kind, kind + " (injected) at " + offset));
    }
    return delegate.readPart(fileId, offset, length, urgency);
  }
}
