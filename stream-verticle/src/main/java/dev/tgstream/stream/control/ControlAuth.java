package dev.tgstream.stream.control;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a control call through only when its {@link ControlSignature} holds for the method, path and body received.
 * A refused call is logged as one line (method, path, peer, reason: never the secret, the signature or the body) and
 * failed with 401 for the problem handler. Anyone can send refused calls, so only the first of each reason in a
 * minute is a warning; the rest are debug lines (a client cannot fill the log).
 */
final class ControlAuth implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlAuth.class);

  private static final long WARN_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  private final ControlSignature signature;
  // Shared by the event loops of role stream's server instances.
  private final java.util.Map<ControlAuthException.Reason, Long> lastWarning =
      new java.util.concurrent.ConcurrentHashMap<>();

  ControlAuth(ControlSignature signature) {
    this.signature = signature;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Buffer body = ctx.body().buffer();
    try {
      signature.verify(request.method().name(), request.path(), body == null ? new byte[0] : body.getBytes(),
          request.getHeader(ControlSignature.TIMESTAMP_HEADER), request.getHeader(ControlSignature.SIGNATURE_HEADER));
    } catch (ControlAuthException e) {
      String hint = e.reason() == ControlAuthException.Reason.FORGED ? " (is STREAM_SECRET the same on the UI?)" : "";
      if (firstInAMinute(e.reason())) {
        LOG.warn("control call refused: {} {} from {}: {}{} (more refusals for this reason in the next minute are "
            + "logged at debug)", request.method().name(), request.path(), request.remoteAddress(), e.getMessage(), hint);
      } else {
        LOG.debug("control call refused: {} {} from {}: {}{}", request.method().name(), request.path(),
            request.remoteAddress(), e.getMessage(), hint);
      }
      ctx.fail(401, e);
      return;
    }
    ctx.next();
  }

  private boolean firstInAMinute(ControlAuthException.Reason reason) {
    long now = System.nanoTime();
    boolean[] first = {false};
    lastWarning.compute(reason, (r, last) -> {
      if (last == null || now - last >= WARN_EVERY_NANOS) {
        first[0] = true;
        return now;
      }
      return last;
    });
    return first[0];
  }
}
