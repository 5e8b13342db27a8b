package dev.tgstream.telegram.simulated;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.time.Instant;
import java.util.List;

/** One file held in memory, answering at once: lets the simulator's own timing be measured alone. */
final class InMemoryGateway implements TelegramGateway {

  static final String FILE_ID = "f1";
  static final String CHANNEL_ID = "c1";

  private final byte[] data;

  InMemoryGateway(byte[] data) {
    this.data = data;
  }

  @Override
  public Future<List<Channel>> channels() {
    return Future.succeededFuture(List.of(new Channel(CHANNEL_ID, "memory", 1)));
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return Future.succeededFuture(new FilePage(List.of(media()), null));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return FILE_ID.equals(fileId) ? Future.succeededFuture(media()) : Future.failedFuture(GatewayException.notFound(fileId));
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    if (offset >= data.length) {
      return Future.failedFuture(GatewayException.invalid("offset past end"));
    }
    int end = (int) Math.min(data.length, offset + length);
    return Future.succeededFuture(Buffer.buffer().appendBytes(data, (int) offset, end - (int) offset));
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return Future.failedFuture(GatewayException.notFound("thumbnail"));
  }

  private MediaFile media() {
    return new MediaFile(FILE_ID, CHANNEL_ID, "memory.bin", data.length, "application/octet-stream",
        MediaType.DOCUMENT, Instant.EPOCH, null, null, null, null, "mem", false);
  }
}
