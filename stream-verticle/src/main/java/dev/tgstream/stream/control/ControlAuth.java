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
 * failed with 401 for the problem handler.
 */
final class ControlAuth implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlAuth.class);

  private final ControlSignature signature;

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
      LOG.warn("control call refused: {} {} from {}: {}{}", request.method().name(), request.path(),
          request.remoteAddress(), e.getMessage(),
          e.reason() == ControlAuthException.Reason.FORGED ? " (is STREAM_SECRET the same on the UI?)" : "");
      ctx.fail(401, e);
      return;
    }
    ctx.next();
  }
}
