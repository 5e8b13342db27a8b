package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.OpenFiles;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The real Telegram backend: TDLib clients (already authorized) behind the {@link TelegramGateway} port.
 *
 * <ul>
 *   <li>Channels: CHANNEL_IDS resolved at start ({@link ChannelDirectory}); an entry that failed only for now (no
 *       network, a timeout) is tried again with growing pauses and served once it resolves; ids per
 *       {@link TdlibIds}.</li>
 *   <li>Listings: a {@link MessageSource} — by default searchChatMessages of the user session; with bots only, the
 *       channel post index when one is plugged in, else {@link #files} fails with a clear message.</li>
 *   <li>Metadata and thumbnails: getMessage through the user session (or the first bot), mapped by
 *       {@link MessageMapper}.</li>
 *   <li>Bytes: each read goes to the least loaded client of the streaming pool (the bots when there are any, else the
 *       user session) that is not in FLOOD_WAIT ({@link ClientPool}); there one {@link DownloadWindow} per file
 *       arbitrates TDLib's single download window and serves the bytes from TDLib's local file. A FLOOD_WAIT marks the
 *       client and the read moves to another client at once; with none left it fails FLOOD_WAIT naming the shortest
 *       wait (the engine retries after it). A failing client sheds its read the same way; a read that times out
 *       waiting for its bytes fails instead (the engine retries it within its own limit).</li>
 *   <li>Disk: {@link DiskBudget} deletes the least recently streamed downloads beyond the budget; TDLib's storage
 *       options are set to the same bound.</li>
 * </ul>
 * Every future completes on the caller's context (see {@link TelegramGateway}). The gateway does not own its clients:
 * whoever created them (and their {@link TdRuntime}) closes them.
 *
 * <p>It installs the update handler of every client it is given (downloads need updateFile); other code that needs a
 * client's updates (the channel post index) receives every update through {@link Builder#alsoUpdates} — do not set
 * another handler on these clients afterwards, or downloads stop seeing their progress.
 *
 * <p>Making one (clients already authorized, e.g. by the session code):
 * <pre>{@code
 * TdlibSettings settings = TdlibSettings.of(List.of("-1001234567890", "@mychannel"))
 *     .withDiskBudgetBytes(1L << 30);
 * Future<TdlibGateway> gateway = TdlibGateway.builder(vertx, settings)
 *     .user(userClient)                  // optional: listings (searchChatMessages); streams when no bots
 *     .bots(botClients)                  // optional: the streaming pool
 *     .messageSource(postIndexSource)    // optional: listings for bots only
 *     .alsoUpdates((client, update) -> feed.onUpdate(client, update))
 *     .start();                          // sets storage options, resolves CHANNEL_IDS
 * }</pre>
 */
public final class TdlibGateway implements TelegramGateway {

  private static final Logger LOG = LoggerFactory.getLogger(TdlibGateway.class);
  /** Channels that failed for now at start are tried again after 15 s, then twice as long each round, up to 10 min. */
  static final long CHANNEL_RETRY_FIRST_MS = 15_000;
  static final long CHANNEL_RETRY_MAX_MS = 10 * 60_000;
  static final String BOTS_CANNOT_BROWSE = "Listing channel files needs a user session (TG_SESSION_STRING): Telegram "
      + "bots cannot read channel history. Files still open by link (t.me/c/<id>/<msg>) and stream with bots.";

  private final Vertx vertx;
  private final Context ownContext;
  private final TdlibSettings settings;
  private final TdClient metadata;
  private final ChannelDirectory directory;
  private final FileListings listings;
  private final MessageSource source;
  private final ClientPool pool;
  private final DownloadStats stats;
  private final DiskBudget budget;
  private final CompletedDownloads completed;
  /** Complete downloads just sent, for the next ranges: a Telegram file's content never changes under its id. */
  private final OpenFiles openFiles = new OpenFiles(System::nanoTime);
  private final long sweepTimer;
  /** BACKGROUND reads not answered yet, so that {@link #hurry} finds them (a few at a time: the engine's slots). */
  private final Set<ReadWait> backgroundReads = ConcurrentHashMap.newKeySet();

  private TdlibGateway(Vertx vertx, Context ownContext, TdlibSettings settings, TdClient metadata,
      ChannelDirectory directory, MessageSource source, ClientPool pool, DownloadStats stats, DiskBudget budget) {
    this.vertx = vertx;
    this.ownContext = ownContext;
    this.settings = settings;
    this.metadata = metadata;
    this.directory = directory;
    this.source = source;
    this.listings = source == null ? null : new FileListings(source, System::currentTimeMillis);
    this.pool = pool;
    this.stats = stats;
    this.budget = budget;
    this.completed = new CompletedDownloads(pool, settings, this::lookup, openFiles);
    this.sweepTimer = vertx.setPeriodic(OpenFiles.VALID_NANOS / 1_000_000, id -> openFiles.sweep());
  }

  public static Builder builder(Vertx vertx, TdlibSettings settings) {
    return new Builder(vertx, settings);
  }

  /** What the download windows did (window moves, disk hits, fallbacks, evictions). */
  public DownloadStats downloadStats() {
    return stats;
  }

  /** CHANNEL_IDS entries that could not be resolved (yet) (shown by readiness; the others serve). */
  public List<String> unresolvedChannels() {
    return directory.unresolved();
  }

  /**
   * Takes a client whose login ended (a bot token revoked) out of the streaming pool, so no read tries it first; when
   * it was the last bot, the user session (if any) streams from then on. Logged once.
   */
  void retire(TdClient client) {
    if (pool.retire(client)) {
      LOG.warn("TDLib client {} is logged out or closed: it serves no more reads ({} client(s) left to stream)", client.id(),
          pool.serving());
    }
  }

  /**
   * The client metadata calls go through (getMessage, thumbnails, links, the post index's backfill): the user session,
   * or without one the first bot still logged in. A first bot whose token was revoked hands on to the next, instead of
   * failing every describe while other bots still stream.
   */
  TdClient metadataClient() {
    if (loginEnded(metadata)) {
      retire(metadata); // its LoggingOut update may still be on its way to the backend
    }
    return pool.inService(metadata);
  }

  private static boolean loginEnded(TdClient client) {
    String state = client.authorizationStateType();
    return TdAuthorizationStates.LOGGING_OUT.equals(state) || TdAuthorizationStates.CLOSING.equals(state)
        || TdAuthorizationStates.CLOSED.equals(state);
  }

  /**
   * How many files something is kept for: download windows, disk-budget entries and served-bytes hints (summed over the
   * clients). For tests: each is bounded by the files that hold bytes on disk or are being read.
   */
  List<Integer> perFileStateKept() {
    int windows = 0;
    int served = 0;
    for (PooledClient c : pool.clients()) {
      windows += c.downloads.size();
      served += c.filesServed();
    }
    return List.of(windows, budget.trackedFiles(), served);
  }

  /** Bytes of TDLib downloads the disk budget currently accounts for. */
  public long diskBytesTracked() {
    return budget.trackedBytes();
  }

  @Override
  public Future<List<Channel>> channels() {
    Context caller = callerContext();
    List<ChannelDirectory.Resolved> resolved = directory.channels();
    List<Future<Channel>> channels = new ArrayList<>();
    for (ChannelDirectory.Resolved r : resolved) {
      channels.add(count(r.chatId()).map(n -> new Channel(TdlibIds.channelId(r.chatId()), r.title(), n)));
    }
    return onCaller(caller, Future.all(channels).map(all -> channels.stream().map(Future::result).toList()));
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    Context caller = callerContext();
    Optional<Long> chatId = TdlibIds.chatIdOf(channelId).filter(directory::contains);
    if (chatId.isEmpty()) {
      return onCaller(caller, Future.failedFuture(GatewayException.notFound("no such channel")));
    }
    if (listings == null) {
      return onCaller(caller, Future.failedFuture(
          new GatewayException(GatewayException.Kind.UNAVAILABLE, BOTS_CANNOT_BROWSE)));
    }
    return onCaller(caller, listings.page(chatId.get(), query));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    Context caller = callerContext();
    return onCaller(caller, MetadataCalls.call(this::metadataClient, client -> lookup(client, fileId))
        .map(MappedMessage::file));
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    Context caller = callerContext();
    TdClient client = metadataClient();
    return onCaller(caller, lookup(client, fileId).compose(m -> {
      Future<Thumbnail> still = m.thumbnail() == null
          ? Future.failedFuture(GatewayException.notFound("no thumbnail"))
          : downloadSmall(client, m.thumbnail()).map(bytes -> new Thumbnail(bytes, m.thumbnailMime()));
      return still.recover(e -> m.minithumbnail() != null
          ? Future.succeededFuture(new Thumbnail(Buffer.buffer(m.minithumbnail()), "image/jpeg"))
          : Future.failedFuture(GatewayException.notFound("no thumbnail")));
    }));
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    return readPart(fileId, offset, length, ReadUrgency.WAITED);
  }

  /** A BACKGROUND read gives the file's download window up to reads somebody waits for ({@link DownloadWindow}). */
  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length, ReadUrgency urgency) {
    Context caller = callerContext();
    if (offset < 0) {
      return onCaller(caller, Future.failedFuture(GatewayException.invalid("offset must not be negative")));
    }
    if (length <= 0 || length > MAX_PART) {
      return onCaller(caller, Future.failedFuture(GatewayException.invalid("length must be 1.." + MAX_PART)));
    }
    Optional<TdlibIds.MessageRef> ref = TdlibIds.decodeFileId(fileId).filter(r -> directory.contains(r.chatId()));
    if (ref.isEmpty()) {
      return onCaller(caller, Future.failedFuture(GatewayException.notFound("no such file")));
    }
    Promise<Buffer> result = Promise.promise();
    ReadWait wait = ReadWait.WAITED;
    if (urgency == ReadUrgency.BACKGROUND) {
      ReadWait background = ReadWait.background(fileId, offset, length);
      backgroundReads.add(background);
      result.future().onComplete(ar -> backgroundReads.remove(background));
      wait = background;
    }
    attempt(fileId, offset, length, wait, new HashSet<>(), false, caller, result);
    return result.future();
  }

  /** A file's download, once it is complete on disk ({@link CompletedDownloads}); until then, part reads. */
  @Override
  public LocalCopies localCopies() {
    return LocalCopies.SOME;
  }

  /**
   * At once when the same content was just sent from its complete download ({@link OpenFiles}); else asked of the
   * clients that hold it whole ({@link CompletedDownloads}).
   */
  @Override
  public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    Optional<LocalRegion> kept = openFiles.reuse(file);
    if (kept.isPresent()) {
      return Future.succeededFuture(kept);
    }
    return onCaller(callerContext(), completed.region(file));
  }

  @Override
  public void hurry(String fileId, long offset, int length) {
    for (ReadWait wait : backgroundReads) {
      if (wait.isFor(fileId, offset, length)) {
        wait.hurry();
      }
    }
  }

  /** The gateway does not own the clients: nothing to release but its state (and the channel retries). */
  @Override
  public Future<Void> close() {
    directory.stop();
    vertx.cancelTimer(sweepTimer);
    openFiles.clear();
    return Future.succeededFuture();
  }

  /**
   * One try on the next free client; FLOOD_WAIT and transient faults move the read to another client, a read that
   * timed out waiting for its bytes does not move (it fails, and the engine retries it).
   */
  private void attempt(String fileId, long offset, int length, ReadWait wait, Set<PooledClient> tried,
      boolean refreshed, Context caller, Promise<Buffer> result) {
    PooledClient client;
    try {
      client = pool.pick(tried, fileId, offset, offset + length);
    } catch (GatewayException flood) {
      settle(caller, result, Future.failedFuture(flood));
      return;
    }
    if (client == null) {
      settle(caller, result, Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE,
          "every Telegram client failed this read")));
      return;
    }
    tried.add(client);
    client.started();
    client.client.context().runOnContext(v -> readOn(client, fileId, offset, length, wait).onComplete(ar -> {
      client.finished();
      if (ar.succeeded()) {
        settle(caller, result, ar);
        return;
      }
      Throwable cause = ar.cause();
      GatewayException.Kind kind = GatewayException.kindOf(cause);
      if (loginEnded(client.client)) {
        // Its LoggingOut update may still be on its way to the backend: retire it now, the read goes elsewhere.
        retire(client.client);
        attempt(fileId, offset, length, wait, tried, refreshed, caller, result);
      } else if (kind == GatewayException.Kind.FLOOD_WAIT) {
        int seconds = ((GatewayException) cause).retryAfterSeconds();
        LOG.info("TDLib client {} in FLOOD_WAIT for {} s: reads go to other clients meanwhile", client.client.id(),
            seconds);
        pool.flooded(client, seconds);
        attempt(fileId, offset, length, wait, tried, refreshed, caller, result);
      } else if (!refreshed && isStaleFile(cause)) {
        // The file id or its reference went stale: look the message up again and retry once on the same client.
        client.forgetMessage(fileId);
        tried.remove(client);
        attempt(fileId, offset, length, wait, tried, true, caller, result);
      } else if (kind == GatewayException.Kind.UNAVAILABLE && !DownloadWindow.isReadTimeout(cause)
          && tried.size() < pool.clients().size()) {
        // Not after the read's own timeout: a second full wait elsewhere would outlast the engine's limit while both
        // windows download; failing lets the engine retry, most likely where the bytes are now arriving.
        attempt(fileId, offset, length, wait, tried, refreshed, caller, result);
      } else {
        settle(caller, result, ar);
      }
    }));
  }

  /** On the client's context: the message (this client's file id), then its download window. */
  private Future<Buffer> readOn(PooledClient client, String fileId, long offset, int length, ReadWait wait) {
    return client.message(fileId, () -> lookup(client.client, fileId)).compose(m -> {
      long size = m.media().size();
      if (offset >= size) {
        return Future.failedFuture(GatewayException.invalid("offset past end (offset " + offset + ", size " + size
            + ")"));
      }
      return client.downloads.window(m.media()).read(offset, length, wait)
          .onSuccess(bytes -> client.served(fileId, m.media().fileId(), offset, offset + bytes.length()));
    });
  }

  private static boolean isStaleFile(Throwable cause) {
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    return message.contains("FILE_REFERENCE") || message.contains("File not found")
        || message.contains("FILE_ID_INVALID");
  }

  private Future<MappedMessage> lookup(TdClient client, String fileId) {
    Optional<TdlibIds.MessageRef> ref = TdlibIds.decodeFileId(fileId).filter(r -> directory.contains(r.chatId()));
    if (ref.isEmpty()) {
      return Future.failedFuture(GatewayException.notFound("no such file"));
    }
    return client.send(new JsonObject().put("@type", "getMessage").put("chat_id", ref.get().chatId())
            .put("message_id", ref.get().messageId()), settings.requestTimeout())
        .compose(message -> MessageMapper.map(message).map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(GatewayException.notFound("the message has no file"))));
  }

  /** A small file (a thumbnail) downloaded whole and synchronously, then read from TDLib's local copy. */
  private Future<Buffer> downloadSmall(TdClient client, TdFileRef file) {
    return client.send(new JsonObject().put("@type", "downloadFile").put("file_id", file.fileId())
            .put("priority", 1).put("offset", 0)
            // Bounded even when the size is unknown: a thumbnail is far below a megabyte.
            .put("limit", file.size() > 0 ? file.size() : MAX_PART).put("synchronous", true),
            settings.requestTimeout())
        .compose(answer -> {
          JsonObject local = answer.getJsonObject("local", new JsonObject());
          if (!local.getBoolean("is_downloading_completed", false)) {
            return Future.failedFuture(GatewayException.notFound("thumbnail not downloaded"));
          }
          return LocalFileReader.readAll(client.context(), local.getString("path", ""));
        });
  }

  /** The source keeps what is costly to count (a search) and answers what is cheap (the post index) as it is now. */
  private Future<Integer> count(long chatId) {
    return source == null ? Future.succeededFuture(0) : source.count(chatId).otherwise(0);
  }

  private Context callerContext() {
    Context current = Vertx.currentContext();
    return current != null && current.owner() == vertx ? current : ownContext;
  }

  private static <T> Future<T> onCaller(Context caller, Future<T> work) {
    Promise<T> promise = Promise.promise();
    work.onComplete(ar -> settle(caller, promise, ar));
    return promise.future();
  }

  private static <T> void settle(Context caller, Promise<T> promise, AsyncResult<T> result) {
    caller.runOnContext(v -> promise.handle(result));
  }

  /**
   * How to make a gateway. At least one client is needed: a user session ({@link #user}) lists channels and streams
   * when there are no bots; bot clients ({@link #bots}) form the streaming pool.
   */
  public static final class Builder {
    private final Vertx vertx;
    private final TdlibSettings settings;
    private TdClient user;
    private final List<TdClient> bots = new ArrayList<>();
    private MessageSource source;
    private BiConsumer<TdClient, JsonObject> alsoUpdates = (c, u) -> { };
    private Consumer<Long> lateChannels = chatId -> { };
    private long channelRetryFirstMs = CHANNEL_RETRY_FIRST_MS;
    private long channelRetryMaxMs = CHANNEL_RETRY_MAX_MS;

    private Builder(Vertx vertx, TdlibSettings settings) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** An authorized user session: lists channels (searchChatMessages), and streams when no bots are given. */
    public Builder user(TdClient client) {
      this.user = client;
      return this;
    }

    /** Authorized bot clients (admins of the channels): the streaming pool. */
    public Builder bots(List<TdClient> clients) {
      this.bots.addAll(clients);
      return this;
    }

    /** Where listings come from instead of the user session's search (e.g. the channel post index). */
    public Builder messageSource(MessageSource messageSource) {
      this.source = messageSource;
      return this;
    }

    /** Receives every update of every client after the gateway has seen it. */
    public Builder alsoUpdates(BiConsumer<TdClient, JsonObject> listener) {
      this.alsoUpdates = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Hears of the chat id of each CHANNEL_IDS entry that resolves only on a later try (it failed for now at start);
     * the gateway serves it from then on.
     */
    public Builder lateChannels(Consumer<Long> listener) {
      this.lateChannels = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The pause before the first new try of channels that failed for now (doubling each round, at most max). */
    public Builder channelRetry(long firstMs, long maxMs) {
      this.channelRetryFirstMs = firstMs;
      this.channelRetryMaxMs = maxMs;
      return this;
    }

    /** Sets the storage options, resolves CHANNEL_IDS, and completes with the gateway. */
    public Future<TdlibGateway> start() {
      if (user == null && bots.isEmpty()) {
        return Future.failedFuture(new IllegalArgumentException("TdlibGateway needs a user session or bot clients"));
      }
      Context own = vertx.getOrCreateContext();
      TdClient metadata = user != null ? user : bots.get(0);
      MessageSource listingSource = source != null ? source
          : user != null ? new SearchChatMessagesSource(user, settings.requestTimeout()) : null;
      DownloadStats stats = new DownloadStats();
      DiskBudget budget = new DiskBudget(settings.diskBudgetBytes());
      List<TdClient> streaming = bots.isEmpty() ? List.of(user) : List.copyOf(bots);
      List<PooledClient> pooled = new ArrayList<>();
      for (int i = 0; i < streaming.size(); i++) {
        TdClient c = streaming.get(i);
        pooled.add(pooledClient(c, i, stats, budget));
      }
      // With bots in front, the user session streams only once every bot is retired (all tokens revoked).
      PooledClient standby = bots.isEmpty() || user == null ? null : pooledClient(user, streaming.size(), stats, budget);
      List<PooledClient> withUpdates = new ArrayList<>(pooled);
      if (standby != null) {
        withUpdates.add(standby);
      }
      BiConsumer<TdClient, JsonObject> listener = alsoUpdates;
      for (PooledClient p : withUpdates) {
        p.client.updateHandler(update -> {
          if ("updateFile".equals(update.getString("@type"))) {
            p.downloads.onUpdateFile(update);
          }
          listener.accept(p.client, update);
        });
      }
      if (!streaming.contains(metadata) && standby == null) {
        metadata.updateHandler(update -> listener.accept(metadata, update));
      }
      List<TdClient> all = new ArrayList<>(streaming);
      if (!all.contains(metadata)) {
        all.add(metadata);
      }
      List<Future<?>> options = new ArrayList<>();
      for (TdClient c : all) {
        options.add(storageOptions(c));
      }
      return Future.join(options)
          .transform(ignored -> ChannelDirectory.resolve(metadata, settings.channels(), settings.requestTimeout()))
          .map(directory -> {
            if (directory.channels().isEmpty()) {
              LOG.warn("TDLib: none of the channels in CHANNEL_IDS could be opened: {}", settings.channels());
            }
            Consumer<Long> late = lateChannels;
            directory.retryTransient(vertx, metadata, settings.requestTimeout(), channelRetryFirstMs,
                channelRetryMaxMs, r -> late.accept(r.chatId()));
            return new TdlibGateway(vertx, own, settings, metadata, directory, listingSource,
                new ClientPool(pooled, standby, System::currentTimeMillis), stats, budget);
          });
    }

    private PooledClient pooledClient(TdClient c, int index, DownloadStats stats, DiskBudget budget) {
      FileDownloads downloads = new FileDownloads(c, vertx, settings, stats, budget);
      PooledClient client = new PooledClient(c, index, downloads);
      downloads.onForgotten(client::forgetFile);
      return client;
    }

    /** TDLib's own bound too (its optimizer runs daily); storage_max_files_size is in KiB (FileGcParameters.cpp). */
    private Future<Void> storageOptions(TdClient c) {
      JsonObject optimizer = new JsonObject().put("@type", "setOption").put("name", "use_storage_optimizer")
          .put("value", new JsonObject().put("@type", "optionValueBoolean").put("value", true));
      JsonObject maxSize = new JsonObject().put("@type", "setOption").put("name", "storage_max_files_size")
          .put("value", new JsonObject().put("@type", "optionValueInteger")
              .put("value", Long.toString(Math.max(1, settings.diskBudgetBytes() / 1024))));
      return Future.join(c.send(optimizer, settings.requestTimeout()), c.send(maxSize, settings.requestTimeout()))
          .<Void>mapEmpty()
          .onFailure(e -> LOG.warn("TDLib client {}: storage options not set: {}", c.id(), e.getMessage()))
          .otherwiseEmpty();
    }
  }
}
