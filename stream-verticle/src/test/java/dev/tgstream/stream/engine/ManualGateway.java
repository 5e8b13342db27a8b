package dev.tgstream.stream.engine;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/** A source whose reads complete only when the test says so, to observe the order and number of reads exactly. */
final class ManualGateway implements TelegramGateway {

  record Call(long offset, int length, Promise<Buffer> promise) {
    void succeed() {
      promise.complete(Buffer.buffer(new byte[length]));
    }
  }

  private final List<Call> calls = new ArrayList<>();

  synchronized List<Long> offsets() {
    return calls.stream().map(Call::offset).toList();
  }

  synchronized Call call(int i) {
    return calls.get(i);
  }

  synchronized int count() {
    return calls.size();
  }

  @Override
  public synchronized Future<Buffer> readPart(String fileId, long offset, int length) {
    Call call = new Call(offset, length, Promise.promise());
    calls.add(call);
    return call.promise.future();
  }

  @Override
  public Future<List<Channel>> channels() {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }
}
