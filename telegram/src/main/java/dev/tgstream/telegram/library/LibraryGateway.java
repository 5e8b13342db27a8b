package dev.tgstream.telegram.library;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.OpenFiles;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.SubtitleFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The embedded default backend: a local folder served as channels. Each sub-folder of the library is a channel (its
 * files taken recursively), and files lying directly in the library form one more channel named after the folder.
 * See {@link Sidecars} for thumbnails and captions, {@link LibraryIds} for the id formats, {@link LibraryRoot} for
 * path confinement.
 *
 * <p>All disk work runs on a dedicated worker pool, unordered, so many part reads proceed in parallel and the event
 * loop never blocks.
 */
public final class LibraryGateway implements TelegramGateway {

  private static final Logger LOG = LoggerFactory.getLogger(LibraryGateway.class);
  /**
   * How long a channel's scan is reused: paging stays cheap. The {@link LibraryWatcher} drops scans as soon as the
   * folder changes; the TTL only bounds staleness where it cannot watch.
   */
  static final long SCAN_TTL_MILLIS = 2_000;
  /** The biggest single read; callers read parts of at most 1 MiB, this only guards against absurd requests. */
  static final int MAX_READ_BYTES = 64 * 1024 * 1024;
  private static final int WORKER_THREADS = 16;

  private final WorkerExecutor workers;
  private final LibraryRoot root;
  private final String rootChannelId;
  private final MediaFileDescriber describer;
  private final ChannelScanner scanner;
  private final ScanCache scans;
  private final LibraryRegions regions;
  private final OpenFiles openFiles = new OpenFiles(System::nanoTime);
  private final Vertx vertx;
  private final long sweepTimer;
  /** Null when the platform cannot watch the folder: then only the TTLs bound staleness. */
  private final LibraryWatcher watcher;

  private LibraryGateway(Vertx vertx, WorkerExecutor workers, Path realRoot, LibraryWatcher watcher) {
    this.vertx = vertx;
    this.workers = workers;
    this.root = new LibraryRoot(realRoot);
    this.rootChannelId = LibraryIds.rootChannelId(root.name());
    this.describer = new MediaFileDescriber(root, rootChannelId);
    this.scanner = new ChannelScanner(root, describer);
    this.scans = new ScanCache(SCAN_TTL_MILLIS, System::currentTimeMillis);
    this.regions = new LibraryRegions(root);
    this.watcher = watcher;
    if (watcher != null) {
      // First listener: any later one (a metadata cache) that lists again sees the change.
      watcher.listen(change -> scans.clear());
      watcher.listen(openFiles::forget);
    }
    this.sweepTimer = vertx.setPeriodic(OpenFiles.VALID_NANOS / 1_000_000, id -> openFiles.sweep());
  }

  /** Opens (and creates, if missing) the library folder. Fails when the path exists but is not a folder. */
  public static Future<LibraryGateway> open(Vertx vertx, Path libraryDir) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("tgstream-library", WORKER_THREADS);
    return workers.<LibraryGateway>executeBlocking(() -> {
      Path absolute = libraryDir.toAbsolutePath();
      if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
        throw new IOException("LIBRARY_DIR " + absolute + " exists but is not a folder");
      }
      Files.createDirectories(absolute);
      Path real = absolute.toRealPath();
      LOG.info("Library folder: {} (put videos in sub-folders of it; each sub-folder is a channel)", real);
      return new LibraryGateway(vertx, workers, real, watch(real));
    }, false).onFailure(e -> workers.close());
  }

  private static LibraryWatcher watch(Path real) {
    try {
      return LibraryWatcher.start(real);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Cannot watch the library folder ({}): changes show after a few seconds", e.toString());
      return null;
    }
  }

  /** The library folder's real path. */
  public Path path() {
    return root.path();
  }

  @Override
  public Future<List<Channel>> channels() {
    return blocking(scanner::topLevel).compose(top -> {
      List<Channel> candidates = new ArrayList<>();
      if (top.hasLooseFiles()) {
        candidates.add(new Channel(rootChannelId, root.name().isEmpty() ? "Library" : root.name(), 0));
      }
      top.channelFolders().stream()
          .sorted(Comparator.comparing((String f) -> f.toLowerCase(Locale.ROOT)).thenComparing(f -> f))
          .forEach(folder -> candidates.add(new Channel(LibraryIds.folderChannelId(folder), folder, 0)));
      // A folder may vanish between listing and scan: count it as empty rather than fail the whole list.
      List<Future<Channel>> counted = candidates.stream()
          .map(c -> scan(c.id()).map(files -> new Channel(c.id(), c.title(), files.size()))
              .otherwise(c))
          .toList();
      return Future.all(counted).map(all -> counted.stream()
          .map(Future::result)
          // Loose files that are all sidecars leave nothing to show: no channel then.
          .filter(c -> c.count() > 0 || !c.id().equals(rootChannelId))
          .toList());
    });
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    if (query.cursor() != null) {
      // A bad cursor is the caller's mistake: say so before scanning anything.
      try {
        FileCursor.decode(channelId, query);
      } catch (GatewayException e) {
        return Future.failedFuture(e);
      }
    }
    return scan(channelId).map(files -> FileListing.page(channelId, files, query));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    Optional<String> relativePath = LibraryIds.decode(fileId);
    if (relativePath.isEmpty()) {
      return Future.failedFuture(GatewayException.notFound("no such file"));
    }
    return blocking(() -> {
      LibraryRoot.ResolvedFile file = resolve(relativePath.get(), false);
      return describer.describe(file, siblings(relativePath.get()));
    });
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    if (offset < 0) {
      return Future.failedFuture(GatewayException.invalid("offset must not be negative"));
    }
    if (length <= 0) {
      return Future.failedFuture(GatewayException.invalid("length must be positive"));
    }
    if (length > MAX_READ_BYTES) {
      return Future.failedFuture(GatewayException.invalid("length must be at most " + MAX_READ_BYTES));
    }
    Optional<String> relativePath = LibraryIds.decode(fileId);
    if (relativePath.isEmpty()) {
      return Future.failedFuture(GatewayException.notFound("no such file"));
    }
    return blocking(() -> read(resolve(relativePath.get(), true), offset, length));
  }

  /** Every file is on local disk: the bytes can go to a socket straight from it. */
  @Override
  public LocalCopies localCopies() {
    return LocalCopies.ALL;
  }

  /**
   * The file itself, when it is still the one described (see {@link LibraryRegions}): at once when it was just opened
   * for an earlier response (see {@link OpenFiles}), else opened and checked on a worker.
   */
  @Override
  public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    Optional<LocalRegion> reused = openFiles.reuse(file);
    if (reused.isPresent()) {
      return Future.succeededFuture(reused);
    }
    Optional<String> relativePath = LibraryIds.decode(file.id());
    if (relativePath.isEmpty()) {
      return Future.failedFuture(GatewayException.notFound("no such file"));
    }
    return blocking(() -> regions.open(relativePath.get(), file).map(channel -> openFiles.keep(file, channel)));
  }

  /** Files held open for sendfile now (kept for reuse, or still being sent). */
  int openFiles() {
    return openFiles.openFiles();
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    Optional<String> relativePath = LibraryIds.decode(fileId);
    if (relativePath.isEmpty()) {
      return Future.failedFuture(GatewayException.notFound("no such file"));
    }
    return blocking(() -> {
      resolve(relativePath.get(), false);
      LibraryRoot.ResolvedFile image = describer.thumbnail(relativePath.get(), siblings(relativePath.get()))
          .orElseThrow(() -> GatewayException.notFound("no thumbnail"));
      byte[] bytes = Files.readAllBytes(image.real());
      return new Thumbnail(Buffer.buffer(bytes), MimeTypes.of(image.real().getFileName().toString()));
    });
  }

  /** Called on the watcher's thread when files are added, deleted or replaced (see {@link LibraryWatcher}). */
  @Override
  public void onChange(Consumer<SourceChange> listener) {
    if (watcher != null) {
      watcher.listen(listener);
    }
  }

  @Override
  public Future<List<SubtitleFile>> subtitleFiles(String fileId) {
    Optional<String> relativePath = LibraryIds.decode(fileId);
    if (relativePath.isEmpty()) {
      return Future.failedFuture(GatewayException.notFound("no such file"));
    }
    return blocking(() -> {
      String path = relativePath.get();
      resolve(path, false);
      List<SubtitleFile> out = new ArrayList<>();
      for (String name : siblings(path).subtitlesOf(LibraryPaths.fileName(path))) {
        String subtitlePath = LibraryPaths.child(LibraryPaths.parent(path), name);
        Optional<LibraryRoot.ResolvedFile> sub = root.file(subtitlePath);
        sub.ifPresent(s -> out.add(new SubtitleFile(LibraryIds.fileId(subtitlePath), name, s.attributes().size())));
      }
      return out;
    });
  }

  @Override
  public Future<Void> close() {
    if (watcher != null) {
      watcher.close();
    }
    vertx.cancelTimer(sweepTimer);
    openFiles.clear();
    return workers.close();
  }

  private Future<List<MediaFile>> scan(String channelId) {
    return scans.get(channelId, () -> blocking(() -> {
      if (channelId.equals(rootChannelId)) {
        return scanner.scanLooseFiles();
      }
      Optional<String> folder = LibraryIds.folderOfChannel(channelId)
          .filter(name -> LibraryPaths.segments(name).map(s -> s.size() == 1).orElse(false));
      Optional<Path> real = folder.isEmpty() ? Optional.empty() : root.directory(folder.get());
      if (real.isEmpty()) {
        throw GatewayException.notFound("no such channel");
      }
      return scanner.scanChannelFolder(real.get(), folder.get());
    }));
  }

  /**
   * The confined regular file behind a decoded id.
   *
   * @param vanishedMeansChanged whether a missing file is reported FILE_CHANGED (mid-stream) rather than NOT_FOUND
   */
  private LibraryRoot.ResolvedFile resolve(String relativePath, boolean vanishedMeansChanged) throws IOException {
    try {
      return root.file(relativePath).orElseThrow(() -> GatewayException.notFound("no such file"));
    } catch (NoSuchFileException e) {
      throw vanishedMeansChanged
          ? new GatewayException(GatewayException.Kind.FILE_CHANGED, "file vanished")
          : GatewayException.notFound("no such file");
    }
  }

  private Sidecars siblings(String relativePath) throws IOException {
    return new Sidecars(root.visibleNames(LibraryPaths.parent(relativePath)));
  }

  /** One positional read of a resolved file: what readPart does, and what the describer's probes read through. */
  static Buffer read(LibraryRoot.ResolvedFile file, long offset, int length) throws IOException {
    try (FileChannel channel = FileChannel.open(file.real(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (offset >= size) {
        throw GatewayException.invalid("offset past end (offset " + offset + ", size " + size + ")");
      }
      // Off-heap: bytes go from the page cache to the socket without a heap copy, and the part cache's megabyte
      // buffers never make the small heap's collector copy or compact them. PartBuffers frees them on release.
      ByteBuffer buffer = PartBuffers.take((int) Math.min(length, size - offset));
      try {
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, offset + buffer.position()) < 0) {
            break;
          }
        }
        if (buffer.position() == 0) {
          throw new GatewayException(GatewayException.Kind.FILE_CHANGED, "file shrank while being read");
        }
      } catch (IOException | RuntimeException e) {
        PartBuffers.giveBack(buffer);
        throw e;
      }
      buffer.flip();
      return PartBuffers.wrap(buffer);
    } catch (NoSuchFileException e) {
      throw new GatewayException(GatewayException.Kind.FILE_CHANGED, "file vanished", e);
    }
  }

  /** Runs disk work on the library's workers, unordered so independent calls run in parallel. */
  private <T> Future<T> blocking(Callable<T> work) {
    return workers.<T>executeBlocking(() -> {
      try {
        return work.call();
      } catch (GatewayException e) {
        throw e;
      } catch (IOException e) {
        throw new GatewayException(GatewayException.Kind.UNAVAILABLE, "library I/O error: " + e.getMessage(), e);
      }
    }, false);
  }
}
