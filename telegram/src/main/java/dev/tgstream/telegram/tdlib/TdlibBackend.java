package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Telegram backend assembled from settings: the user session restored under the TDLib folder
 * ({@link SessionFolder}), the bots logged in ({@link TdSessions}), the {@link TdlibGateway} over them — with the
 * channel post index as its listing when only bots are logged in ({@link PostIndexing}) — and t.me links
 * ({@link PostLinks}).
 *
 * <p>A login that cannot work (corrupt, revoked or foreign session; every bot token refused) does not fail the start:
 * the backend still starts, fails every call with the one line saying what to do (logged once, shown by readiness),
 * and the process stays up instead of crash-looping. Only a broken set-up (no libtdjson) fails the start, before this.
 */
public final class TdlibBackend {

  private static final Logger LOG = LoggerFactory.getLogger(TdlibBackend.class);
  /** Bot logins need the network; a restored session is READY from its binlog at once. */
  static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(60);
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
   * {@code settled}: completes (always successfully) once the logins are done — the gateway then serves, or says
   * why it cannot. Until then every call fails UNAVAILABLE "Telegram is starting".
   */
  public record Started(RevocableGateway gateway, MessageLinkResolver links, Future<Void> settled) {
  }

  private TdlibBackend() {
  }

  /**
   * Starts the backend on {@code runtime} (owned from now on: closing the gateway closes it) with TDLib's folders
   * under {@code root}. Answers at once: bot logins wait for the network (a minute when it is down), and the HTTP
   * port (health checks included) must not wait for them.
   */
  public static Future<Started> start(Vertx vertx, TdRuntime runtime, Path root, Settings settings) {
    List<TdClient> clients = new ArrayList<>();
    PostIndexing[] indexing = new PostIndexing[1];
    RevocableGateway guard = new RevocableGateway(() -> {
      Future<Void> index = indexing[0] == null ? Future.succeededFuture() : indexing[0].close();
      return index.transform(ar -> runtime.close());
    });
    Set<Long> chats = ConcurrentHashMap.newKeySet();
    MessageLinkResolver[] opener = new MessageLinkResolver[1];
    MessageLinkResolver links = link -> guard.guard(() -> opener[0] == null
        ? Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, "Telegram is starting"))
        : opener[0].open(link));
    Promise<Void> settled = Promise.promise();
    Started started = new Started(guard, links, settled.future());

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
    user.compose(u -> {
      u.ifPresent(clients::add);
      return bots(runtime, root, settings).map(bots -> {
        clients.addAll(bots);
        return u;
      });
    }).compose(u -> {
      List<TdClient> bots = clients.stream().filter(c -> u.map(x -> x != c).orElse(true)).toList();
      if (u.isEmpty() && bots.isEmpty()) {
        return Future.failedFuture(new SessionRejectedException("no Telegram login works: every entry of "
            + "TG_BOT_TOKEN was refused (see above); fix TG_BOT_TOKEN or set TG_SESSION_STRING"));
      }
      Future<Optional<PostIndexing>> index = u.isPresent() || bots.isEmpty()
          ? Future.succeededFuture(Optional.empty())
          : PostIndexing.open(vertx, root.resolve(INDEX_FILE), bots.get(0), LOGIN_TIMEOUT).map(Optional::of);
      return index.compose(ix -> {
        ix.ifPresent(i -> indexing[0] = i);
        TdlibSettings gatewaySettings = TdlibSettings.of(settings.channels())
            .withDiskBudgetBytes(settings.diskBudgetBytes());
        AtomicInteger botsLoggedOut = new AtomicInteger();
        TdlibGateway.Builder builder = TdlibGateway.builder(vertx, gatewaySettings).bots(bots)
            .alsoUpdates((client, update) -> {
              if (u.isPresent() && client == u.get()) {
                guard.watch(update, SessionRejectedException.REVOKED);
              } else if (loggedOut(update) && botsLoggedOut.incrementAndGet() == bots.size() && u.isEmpty()) {
                guard.revoke("every bot of TG_BOT_TOKEN was logged out by Telegram (token revoked with @BotFather?): "
                    + "set new tokens");
              }
              ix.ifPresent(i -> i.feed().accept(client, update));
            });
        u.ifPresent(builder::user);
        ix.ifPresent(i -> builder.messageSource(i.source()));
        return builder.start().compose(gateway -> gateway.channels().map(channels -> {
          for (Channel c : channels) {
            TdlibIds.chatIdOf(c.id()).ifPresent(chats::add);
          }
          TdClient metadata = u.orElseGet(() -> bots.get(0));
          opener[0] = new PostLinks(metadata, chats::contains, ix.map(PostIndexing::feed).orElse(null),
              LOGIN_TIMEOUT);
          ix.ifPresent(i -> i.start(bots.get(0), List.copyOf(chats)));
          LOG.info("Telegram: {} channel(s), {}{} bot(s){}", channels.size(), u.isPresent() ? "a user session, " : "",
              bots.size(), ix.isPresent() ? "; files listed from the channel post index (bots cannot list history)"
                  : "");
          guard.serve(gateway);
          return started;
        }));
      });
    }).recover(err -> {
      // A login that cannot work: stay up, not ready, and say so once.
      String reason = err instanceof SessionRejectedException || err instanceof SessionPackException
          ? err.getMessage() : "Telegram backend failed to start: " + err.getMessage();
      guard.revoke(reason);
      return Future.succeededFuture(started);
    }).onComplete(ar -> settled.complete());
    return Future.succeededFuture(started);
  }

  /** Logs every bot in; a refused token is logged and skipped while others work. */
  private static Future<List<TdClient>> bots(TdRuntime runtime, Path root, Settings settings) {
    List<Future<TdClient>> logins = new ArrayList<>();
    List<String> tokens = settings.botTokens();
    for (int i = 0; i < tokens.size(); i++) {
      String which = "TG_BOT_TOKEN entry " + (i + 1) + " of " + tokens.size();
      Path db = root.resolve("bot-" + fingerprint(tokens.get(i)));
      logins.add(TdSessions.bot(runtime, TdParameters.of(db, db.resolve("files"), settings.apiId(),
          settings.apiHash(), settings.applicationVersion(), true), tokens.get(i), which, LOGIN_TIMEOUT));
    }
    return Future.join(logins).transform(ar -> {
      List<TdClient> ok = new ArrayList<>();
      for (Future<TdClient> login : logins) {
        if (login.succeeded()) {
          ok.add(login.result());
        } else {
          LOG.error("{}", login.cause().getMessage());
        }
      }
      return Future.succeededFuture(ok);
    });
  }

  private static boolean loggedOut(io.vertx.core.json.JsonObject update) {
    if (!TdAuthorizationStates.UPDATE.equals(update.getString("@type"))) {
      return false;
    }
    String state = update.getJsonObject("authorization_state", new io.vertx.core.json.JsonObject())
        .getString("@type", "");
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
