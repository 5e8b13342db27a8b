package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A metadata call (a describe, a link) through the client in service for metadata, retried once on the next one when
 * the client changed while the call was out: a bot whose token was revoked meanwhile fails the call, and TDLib reports
 * the logout before that failure, so the client in service is already the next one when the failure arrives.
 */
final class MetadataCalls {

  private MetadataCalls() {
  }

  static <T> Future<T> call(Supplier<TdClient> inService, Function<TdClient, Future<T>> call) {
    TdClient first = inService.get();
    return call.apply(first).recover(err -> {
      TdClient next = inService.get();
      return next != first ? call.apply(next) : Future.failedFuture(err);
    });
  }
}
