package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.OpenFiles;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * TDLib downloads that lie complete on disk, offered as {@link LocalRegion}s ({@code TdlibGateway#localRegion}): a
 * file streamed whole once can then go from TDLib's copy to the socket by sendfile instead of part by part through
 * the download window.
 *
 * <p>Only clients that have served every byte of the file are asked ({@link PooledClient#probablyHolds}, in memory),
 * so files nobody downloaded whole cost no TDLib request. Such a client's message must still be the described content
 * (same unique id and size), and TDLib itself must answer (getFile) that the download is complete, at a path whose
 * file has that size. The file is opened right then: if the disk budget deletes the download afterwards, the open file
 * keeps its bytes readable until the send closes it.
 */
final class CompletedDownloads {

  private final ClientPool pool;
  private final TdlibSettings settings;
  /** The gateway's getMessage lookup through one client. */
  private final BiFunction<TdClient, String, Future<MappedMessage>> lookup;
  private final OpenFiles openFiles;

  CompletedDownloads(ClientPool pool, TdlibSettings settings,
      BiFunction<TdClient, String, Future<MappedMessage>> lookup, OpenFiles openFiles) {
    this.pool = pool;
    this.settings = settings;
    this.lookup = lookup;
    this.openFiles = openFiles;
  }

  /** The complete download of {@code described} in the first client holding one; empty when none does. */
  Future<Optional<LocalRegion>> region(MediaFile described) {
    if (described.size() <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    List<PooledClient> holders = pool.clients().stream()
        .filter(c -> c.probablyHolds(described.id(), 0, described.size()))
        .toList();
    Future<Optional<LocalRegion>> found = Future.succeededFuture(Optional.empty());
    for (PooledClient client : holders) {
      found = found.compose(region -> region.isPresent() ? Future.succeededFuture(region)
          // Any doubt (a failed lookup, a timeout) means no region: part reads then go the usual way.
          : on(client, described).otherwise(Optional.empty()));
    }
    return found;
  }

  /** On the client's context, where its message cache lives. */
  private Future<Optional<LocalRegion>> on(PooledClient client, MediaFile described) {
    Promise<Optional<LocalRegion>> result = Promise.promise();
    client.client.context().runOnContext(v -> client.message(described.id(),
            () -> lookup.apply(client.client, described.id()))
        .compose(m -> m.file().uniqueId().equals(described.uniqueId()) && m.media().size() == described.size()
            ? completedPath(client, m.media()) : Future.succeededFuture(Optional.<String>empty()))
        .compose(path -> path.isEmpty() ? Future.succeededFuture(Optional.<LocalRegion>empty())
            : client.client.context().executeBlocking(() -> open(path.get(), described), false))
        .onComplete(result));
    return result.future();
  }

  /** TDLib's path of the file when its download is complete and of the expected size. */
  private Future<Optional<String>> completedPath(PooledClient client, TdFileRef file) {
    return client.client.send(new JsonObject().put("@type", "getFile").put("file_id", file.fileId()),
        settings.requestTimeout()).map(answer -> {
          JsonObject local = answer.getJsonObject("local", new JsonObject());
          String path = local.getString("path", "");
          boolean complete = local.getBoolean("is_downloading_completed", false);
          return complete && !path.isEmpty() && answer.getLong("size", -1L) == file.size()
              ? Optional.of(path) : Optional.empty();
        });
  }

  private Optional<LocalRegion> open(String path, MediaFile described) throws IOException {
    long size = described.size();
    FileChannel channel;
    try {
      channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return Optional.empty(); // deleted (the disk budget) since TDLib answered
    }
    if (channel.size() != size) {
      channel.close();
      return Optional.empty();
    }
    return Optional.of(openFiles.keep(described, channel));
  }
}
