package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Telegram backend assembled from settings: the user session restored under the TDLib folder
 * ({@link SessionFolder}), the bots logged in ({@link TdSessions}), the {@link TdlibGateway} over them — with the
 * channel post index as its listing when only bots are logged in ({@link PostIndexing}) — and t.me links
 * ({@link PostLinks}).
 *
 * <p>Failures never fail the start, so the process never crash-loops. A login that cannot work (corrupt, revoked or
 * foreign session; every bot token refused) leaves the backend up, failing every call with the one line saying what
 * to do (logged once, shown by readiness). A login that cannot work <em>yet</em> (no network, FLOOD_WAIT on bot
 * logins) is tried again, with growing pauses, while readiness says what it waits for.
 */
public final class TdlibBackend {

  private static final Logger LOG = LoggerFactory.getLogger(TdlibBackend.class);
  /** Bot logins need the network; a restored session is READY from its binlog at once. */
  static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(60);
  static final long RETRY_FIRST_MS = 15_000;
  static final long RETRY_MAX_MS = 10 * 60_000;
  static final String INDEX_FILE = "post-index.json";

  /**
   * @param sessionString   TG_SESSION_STRING, if set
   * @param botTokens       TG_BOT_TOKEN entries
   * @param channels        CHANNEL_IDS entries
   * @param diskBudgetBytes TDLIB_CACHE_MB in bytes
   */
  public record Settings(int apiId, String apiHash, Optional<String> sessionString, List<String> botTokens,
                         List<String> channels, long diskBudgetBytes, String applicationVersion) {
    public Settings {
      botTokens = List.copyOf(botTokens);
      channels = List.copyOf(channels);
    }

    @Override
    public String toString() {
      return "Settings[apiId=" + apiId + ", bots=" + botTokens.size() + ", channels=" + channels + "]";
    }
  }

  /**
   * The started backend: the gateway (closing it closes every client and the runtime), the link opener, and
   * {@code settled}: completes (always successfully) once the first round of logins is done — the gateway then
   * serves, says why it cannot, or says what it is trying again. Until then every call fails UNAVAILABLE.
   */
  public record Started(RevocableGateway gateway, MessageLinkResolver links, Future<Void> settled) {
  }

  private final Vertx vertx;
  private final TdRuntime runtime;
  private final Path root;
  private final Settings settings;
  private final RevocableGateway guard;
  private final Set<Long> chats = ConcurrentHashMap.newKeySet();
  /** The clients of the current attempt: closed before a retry makes new ones. */
  private final List<TdClient> clients = new CopyOnWriteArrayList<>();
  private volatile PostIndexing indexing;
  /** The current attempt's metadata client, as {@link TdlibGateway#metadataClient} chooses it once built. */
  private volatile Supplier<TdClient> currentMetadata;
  private volatile MessageLinkResolver opener;
  private final long retryFirstMs;
  private volatile boolean closed;
  private int attempts;

  private TdlibBackend(Vertx vertx, TdRuntime runtime, Path root, Settings settings, long retryFirstMs) {
    this.vertx = vertx;
    this.retryFirstMs = retryFirstMs;
    this.runtime = runtime;
    this.root = root;
    this.settings = settings;
    this.guard = new RevocableGateway(this::release);
  }

  /**
   * Starts the backend on {@code runtime} (owned from now on: closing the gateway closes it) with TDLib's folders
   * under {@code root}. Answers at once: bot logins wait for the network (a minute when it is down), and the HTTP
   * port (health checks included) must not wait for them.
   */
  public static Future<Started> start(Vertx vertx, TdRuntime runtime, Path root, Settings settings) {
    return start(vertx, runtime, root, settings, RETRY_FIRST_MS);
  }

  static Future<Started> start(Vertx vertx, TdRuntime runtime, Path root, Settings settings, long retryFirstMs) {
    TdlibBackend backend = new TdlibBackend(vertx, runtime, root, settings, retryFirstMs);
    Promise<Void> settled = Promise.promise();
    backend.attempt(settled);
    return Future.succeededFuture(new Started(backend.guard, backend::open, settled.future()));
  }

  private Future<MediaFile> open(MessageLink link) {
    return guard.guard(() -> opener.open(link));
  }

  private void attempt(Promise<Void> settled) {
    attempts++;
    login().compose(this::assemble).onComplete(ar -> {
      if (ar.succeeded() || closed) {
        settled.tryComplete();
        return;
      }
      Throwable err = ar.cause();
      if (err instanceof SessionRejectedException || err instanceof SessionPackException) {
        guard.revoke(err.getMessage());
        closeClients().onComplete(x -> settled.tryComplete());
        return;
      }
      long delay = Math.min(RETRY_MAX_MS, retryFirstMs << Math.min(10, attempts - 1));
      if (err instanceof GatewayException g && g.kind() == GatewayException.Kind.FLOOD_WAIT) {
        delay = Math.max(delay, g.retryAfterSeconds() * 1000L);
      }
      String reason = "Telegram is not reachable yet (" + err.getMessage() + "); trying again in " + (delay / 1000)
          + " s";
      LOG.warn("{}", reason);
      guard.starting(reason);
      long wait = delay;
      closeClients().onComplete(x -> {
        settled.tryComplete();
        if (!closed) {
          vertx.setTimer(wait, t -> attempt(settled));
        }
      });
    });
  }

  /** The logins: the user session (when set) and every bot; a refused bot is skipped while others work. */
  private Future<Optional<TdClient>> login() {
    Future<Optional<TdClient>> user = settings.sessionString().isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : vertx.executeBlocking(() -> SessionFolder.prepare(root, settings.sessionString().get()), false)
            .compose(prepared -> {
              prepared.removed().forEach(old -> LOG.info("Removed the TDLib folder of an older session: {}", old));
              Path db = prepared.databaseDirectory();
              return TdSessions.user(runtime, TdParameters.of(db, db.resolve("files"), settings.apiId(),
                  settings.apiHash(), settings.applicationVersion(), true), LOGIN_TIMEOUT);
            })
            .map(Optional::of);
    return user.compose(u -> {
      u.ifPresent(clients::add);
      return bots().transform(ar -> {
        if (ar.succeeded()) {
          return Future.succeededFuture(u);
        }
        // With a user session the bots are extra streaming capacity: it serves without them.
        if (u.isPresent()) {
          LOG.error("Streaming goes through the user session only: {}", ar.cause().getMessage());
          return Future.succeededFuture(u);
        }
        return Future.failedFuture(ar.cause());
      });
    });
  }

  /** Logs every bot in. Fails only when none could: rejected when all were refused, else transient. */
  private Future<Void> bots() {
    List<Future<TdClient>> logins = new ArrayList<>();
    List<String> tokens = settings.botTokens();
    for (int i = 0; i < tokens.size(); i++) {
      String which = "TG_BOT_TOKEN entry " + (i + 1) + " of " + tokens.size();
      Path db = root.resolve("bot-" + fingerprint(tokens.get(i)));
      logins.add(TdSessions.bot(runtime, TdParameters.of(db, db.resolve("files"), settings.apiId(),
          settings.apiHash(), settings.applicationVersion(), true), tokens.get(i), which, LOGIN_TIMEOUT));
    }
    return Future.join(logins).transform(ar -> {
      Throwable transientFailure = null;
      int ok = 0;
      for (Future<TdClient> login : logins) {
        if (login.succeeded()) {
          clients.add(login.result());
          ok++;
        } else {
          LOG.error("{}", login.cause().getMessage());
          if (!(login.cause() instanceof SessionRejectedException) && transientFailure == null) {
            transientFailure = login.cause();
          }
        }
      }
      if (ok > 0 || tokens.isEmpty()) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(transientFailure != null ? transientFailure
          : new SessionRejectedException("no Telegram login works: every entry of TG_BOT_TOKEN was refused (see "
              + "above); fix TG_BOT_TOKEN or set TG_SESSION_STRING"));
    });
  }

  /** The gateway over the logged-in clients, the index when only bots, the link opener; then serves. */
  private Future<Void> assemble(Optional<TdClient> user) {
    List<TdClient> bots = clients.stream().filter(c -> user.map(u -> u != c).orElse(true)).toList();
    // Set once built; a bot that logs out before then is retired by revokeIfEndedBeforeWatched.
    AtomicReference<TdlibGateway> built = new AtomicReference<>();
    // Metadata (links, the index's backfill) through the gateway's choice once it exists: off a revoked bot.
    Supplier<TdClient> metadata = () -> {
      TdlibGateway gateway = built.get();
      return gateway != null ? gateway.metadataClient() : user.orElseGet(() -> bots.get(0));
    };
    currentMetadata = metadata;
    // The index outlives an attempt (a retry makes new clients): its backfill asks the current attempt's client.
    Future<Optional<PostIndexing>> index = user.isPresent() || indexing != null
        ? Future.succeededFuture(Optional.ofNullable(indexing))
        : PostIndexing.open(vertx, root.resolve(INDEX_FILE), () -> currentMetadata.get(), LOGIN_TIMEOUT)
            .map(Optional::of);
    return index.compose(ix -> {
      ix.ifPresent(i -> indexing = i);
      TdlibSettings gatewaySettings = TdlibSettings.of(settings.channels())
          .withDiskBudgetBytes(settings.diskBudgetBytes());
      Set<TdClient> botsLoggedOut = ConcurrentHashMap.newKeySet();
      TdlibGateway.Builder builder = TdlibGateway.builder(vertx, gatewaySettings).bots(bots)
          .alsoUpdates((client, update) -> {
            if (user.isPresent() && client == user.get()) {
              guard.watch(update, SessionRejectedException.REVOKED);
            } else if (loggedOut(update)) {
              botLoggedOut(botsLoggedOut, client, bots, user, built.get());
            }
            ix.ifPresent(i -> i.feed().accept(client, update));
          });
      user.ifPresent(builder::user);
      ix.ifPresent(i -> builder.messageSource(i.source()));
      // A channel that failed for now at start (no network) serves once a later try resolves it: links and index too.
      builder.channelRetry(retryFirstMs, RETRY_MAX_MS).lateChannels(chatId -> {
        chats.add(chatId);
        ix.ifPresent(i -> i.start(metadata.get(), List.of(chatId)));
      });
      return builder.start().onSuccess(built::set).compose(gateway -> gateway.channels().map(channels -> {
        for (Channel c : channels) {
          TdlibIds.chatIdOf(c.id()).ifPresent(chats::add);
        }
        opener = new PostLinks(metadata, chats::contains, ix.map(PostIndexing::feed).orElse(null), LOGIN_TIMEOUT);
        ix.ifPresent(i -> i.start(metadata.get(), List.copyOf(chats)));
        LOG.info("Telegram: {} channel(s), {}{} bot(s){}", channels.size(), user.isPresent() ? "a user session, "
            : "", bots.size(), ix.isPresent() ? "; files listed from the channel post index (bots cannot list "
            + "history)" : "");
        revokeIfEndedBeforeWatched(user, bots, botsLoggedOut, gateway);
        guard.serve(gateway);
        return null;
      }));
    });
  }

  /**
   * A login Telegram ended while no update handler was installed yet (bot logins take up to a minute, and the
   * clients' handlers are installed only by the gateway's builder): its LoggingOut update was dropped, so
   * {@link RevocableGateway#watch} never saw it. The clients keep their latest state; called once the handlers are
   * installed (anything later reaches them), it takes the runtime revocation's path for what happened before.
   */
  private void revokeIfEndedBeforeWatched(Optional<TdClient> user, List<TdClient> bots, Set<TdClient> botsLoggedOut,
      TdlibGateway gateway) {
    if (closed) {
      return; // our own close (Closing → Closed) is not a revocation
    }
    if (user.isPresent() && ended(user.get())) {
      guard.revoke(SessionRejectedException.REVOKED);
    }
    for (TdClient bot : bots) {
      if (ended(bot)) {
        botLoggedOut(botsLoggedOut, bot, bots, user, gateway);
      }
    }
  }

  /**
   * A bot that is out streams no more (retired from the pool). The bots are essential only without a user session:
   * the gateway is revoked once every one of them is out; with a user session, it streams instead.
   */
  private void botLoggedOut(Set<TdClient> botsLoggedOut, TdClient bot, List<TdClient> bots, Optional<TdClient> user,
      TdlibGateway gateway) {
    if (gateway != null) {
      gateway.retire(bot);
    }
    if (botsLoggedOut.add(bot) && botsLoggedOut.size() == bots.size() && user.isEmpty()) {
      guard.revoke("every bot of TG_BOT_TOKEN was logged out by Telegram (token revoked with @BotFather?): "
          + "set new tokens");
    }
  }

  /** LoggingOut, Closing or Closed: the login is over (before assembly is done nothing of ours closes a client). */
  private static boolean ended(TdClient client) {
    String state = client.authorizationStateType();
    return TdAuthorizationStates.LOGGING_OUT.equals(state) || TdAuthorizationStates.CLOSING.equals(state)
        || TdAuthorizationStates.CLOSED.equals(state);
  }

  private Future<Void> closeClients() {
    List<Future<Void>> closing = clients.stream().map(TdClient::close).toList();
    clients.clear();
    return Future.join(closing).mapEmpty();
  }

  /** On the gateway's close: no more retries, the index saved, every client and the runtime closed. */
  private Future<Void> release() {
    closed = true;
    PostIndexing ix = indexing;
    Future<Void> index = ix == null ? Future.succeededFuture() : ix.close();
    return index.transform(ar -> runtime.close());
  }

  private static boolean loggedOut(JsonObject update) {
    if (!TdAuthorizationStates.UPDATE.equals(update.getString("@type"))) {
      return false;
    }
    String state = update.getJsonObject("authorization_state", new JsonObject()).getString("@type", "");
    return TdAuthorizationStates.LOGGING_OUT.equals(state);
  }

  /** A bot's folder is named after its token, never by it: the name must not leak the secret. */
  static String fingerprint(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
