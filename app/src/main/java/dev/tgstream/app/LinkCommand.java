package dev.tgstream.app;

import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.stream.link.SecretStore;
import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.tdlib.MessageLink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code link <channel> <file> [--ttl seconds] [--download]}, or {@code link <https://t.me/… post link>}: prints a
 * signed stream URL, signed with the same secret (STREAM_SECRET or the one in DATA_DIR) as the server. Exit 2 with one
 * line for an unknown channel or file, a path that leads outside the library, or a link that is no post link.
 */
final class LinkCommand {

  static final long DEFAULT_TTL_SECONDS = 12 * 3600L;

  private LinkCommand() {
  }

  static int run(AppConfig config, String[] args, PrintStream out, PrintStream err) {
    String channelArg = null;
    String fileArg = null;
    long ttl = DEFAULT_TTL_SECONDS;
    Disposition disposition = Disposition.INLINE;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--download" -> disposition = Disposition.ATTACHMENT;
        case "--ttl" -> {
          if (i + 1 >= args.length) {
            return fail(err, "--ttl needs a number of seconds");
          }
          try {
            ttl = Long.parseLong(args[++i]);
          } catch (NumberFormatException e) {
            return fail(err, "--ttl must be a whole number of seconds (got '" + args[i] + "')");
          }
          if (ttl < 1 || ttl > LocalStreamerService.MAX_TTL_SECONDS) {
            return fail(err, "--ttl must be between 1 and " + LocalStreamerService.MAX_TTL_SECONDS + " seconds");
          }
        }
        default -> {
          if (channelArg == null) {
            channelArg = args[i];
          } else if (fileArg == null) {
            fileArg = args[i];
          } else {
            return fail(err, "unexpected argument '" + args[i] + "'; usage: link <channel> <file> [--ttl s] [--download]");
          }
        }
      }
    }
    if (channelArg != null && fileArg == null && MessageLink.looksLikeLink(channelArg)) {
      return runForPostLink(config, channelArg, ttl, disposition, out, err);
    }
    if (channelArg == null || fileArg == null) {
      return fail(err, "usage: link <channel> <file> [--ttl seconds] [--download], or link <https://t.me/… post link>");
    }
    String relative = fileArg.replace('\\', '/');
    if (relative.startsWith("/") || List.of(relative.split("/")).contains("..")) {
      return fail(err, "'" + fileArg + "' leads outside the library; give a file name or a path inside the channel");
    }
    String channelName = channelArg;
    String fileName = fileArg;
    return signAndPrint(config, ttl, disposition, out, err, "could not read the library: ", backend -> {
      TelegramGateway gateway = backend.gateway();
      Optional<Channel> channel = findChannel(await(gateway.channels()), channelName);
      if (channel.isEmpty()) {
        throw new Refused("no channel '" + channelName + "' in " + (config.telegram().isPresent() ? "CHANNEL_IDS"
            : config.libraryDir()));
      }
      List<MediaFile> matches = findFiles(gateway, channel.get().id(), relative);
      if (matches.isEmpty()) {
        throw new Refused("no file '" + fileName + "' in channel '" + channel.get().title() + "'");
      }
      if (matches.size() > 1) {
        throw new Refused(matches.size() + " files are named '" + matches.get(0).name() + "' in channel '"
            + channel.get().title() + "'; give the file's id instead (from the file's details in the app)");
      }
      return matches.get(0);
    });
  }

  /**
   * Loads the secret, opens the backend (waiting for TDLib's logins: the server's port does not wait for them, a
   * one-shot command does), finds the file, prints its signed URL and closes the backend again.
   */
  private static int signAndPrint(AppConfig config, long ttl, Disposition disposition, PrintStream out,
                                  PrintStream err, String backendFailure, FileFinder finder) {
    byte[] secret;
    try {
      secret = SecretStore.load(config.streamSecret().orElse(null), config.dataDir());
    } catch (IOException e) {
      return fail(err, "cannot read or create the stream secret in DATA_DIR " + config.dataDir() + ": " + e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    Backends.Backend backend = null;
    try {
      backend = await(Backends.openBackend(vertx, config));
      await(backend.settled());
      MediaFile file = finder.find(backend);
      String token = new LinkSigner(secret, Clock.systemUTC()).sign(file.id(), ttl, disposition);
      out.println(config.linkBase() + LocalStreamerService.streamPath(token, file.name()));
      return 0;
    } catch (Refused e) {
      return fail(err, e.getMessage());
    } catch (CompletionException e) {
      return fail(err, backendFailure + e.getCause().getMessage());
    } catch (IllegalArgumentException e) {
      return fail(err, "cannot sign a link for this file: " + e.getMessage());
    } finally {
      closeQuietly(backend, err);
      vertx.close();
    }
  }

  /** Finds the one file to sign, or throws {@link Refused} saying why there is none. */
  private interface FileFinder {
    MediaFile find(Backends.Backend backend);
  }

  /** No file to sign: the message is the command's one line. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** TDLib writes its binlog on close: a command closes the backend before it exits. */
  private static void closeQuietly(Backends.Backend backend, PrintStream err) {
    if (backend != null) {
      try {
        await(backend.gateway().close());
      } catch (CompletionException e) {
        err.println("tgstream link: the backend did not close cleanly: " + e.getCause().getMessage());
      }
    }
  }

  /** A t.me post link: the TDLib backend opens the post (bots can fetch a post by id even when they cannot list). */
  private static int runForPostLink(AppConfig config, String text, long ttl, Disposition disposition, PrintStream out,
                                    PrintStream err) {
    MessageLink link;
    try {
      link = MessageLink.parse(text);
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage());
    }
    if (config.telegram().isEmpty()) {
      return fail(err, "a t.me link needs the Telegram backend: set TG_API_ID, TG_API_HASH, CHANNEL_IDS and "
          + "TG_SESSION_STRING or TG_BOT_TOKEN (LIBRARY_DIR files are named by channel and file instead)");
    }
    return signAndPrint(config, ttl, disposition, out, err, "cannot open " + link.url() + ": ", backend -> {
      if (backend.links().isEmpty()) {
        throw new Refused("this backend cannot open t.me links");
      }
      return await(backend.links().get().open(link));
    });
  }

  private static Optional<Channel> findChannel(List<Channel> channels, String wanted) {
    return channels.stream().filter(c -> c.id().equals(wanted)).findFirst()
        .or(() -> channels.stream().filter(c -> c.title().equals(wanted)).findFirst())
        .or(() -> channels.stream().filter(c -> c.title().equalsIgnoreCase(wanted)).findFirst());
  }

  /**
   * Files whose id or name matches (the name is the last segment of the given path): ids are opaque, so names are what
   * people type. More than one match is refused rather than guessed.
   */
  private static List<MediaFile> findFiles(TelegramGateway gateway, String channelId, String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    List<MediaFile> all = new ArrayList<>();
    String cursor = null;
    do {
      FilePage page = await(gateway.files(channelId, new FileQuery(null, null, FileSort.NAME, cursor, FileQuery.MAX_LIMIT)));
      all.addAll(page.items());
      cursor = page.next();
    } while (cursor != null);
    List<MediaFile> byId = all.stream().filter(f -> f.id().equals(relative)).toList();
    return byId.isEmpty() ? all.stream().filter(f -> f.name().equals(name)).toList() : byId;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new CompletionException(cause);
    }
  }

  private static int fail(PrintStream err, String message) {
    err.println("tgstream link: " + message);
    return Main.EXIT_USAGE;
  }
}
