package dev.tgstream.ui.media;

import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import dev.tgstream.telegram.media.CoverArt;
import dev.tgstream.telegram.media.MediaProbe;
import dev.tgstream.ui.io.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pictures of the grid and the details page. The backend's own thumbnail (a sidecar image, Telegram's thumb)
 * comes first; without one, audio shows its embedded cover and video a frame from about 10 % in, grabbed by ffmpeg
 * through a short-lived signed stream URL (so it works for every backend and in every role). Made pictures are kept
 * in a {@link ThumbnailCache}; files that have none are remembered (in memory) so they are not tried again and
 * their cards keep the type icon. Thread-safe: the UI's event loops share one instance; a picture being made is
 * shared by every loop that asks for it meanwhile, and each gets the outcome on its own context.
 */
public final class Thumbnails {

  /** Where in a video the frame is taken: past opening titles and black frames, still early. */
  static final double FRAME_AT = 0.10;
  /** The link ffmpeg reads through only needs to outlive one grab. */
  private static final long GRAB_LINK_TTL_SECONDS = 600;
  private static final int MAX_REMEMBERED_MISSES = 20_000;
  /** The token and name at the end of a streamer's {@code …/stream/{token}/{name}} link. */
  private static final Pattern STREAM_TAIL = Pattern.compile("(?:https?://[^/]+)?(?:/[^?#]*)?/stream/([^/?#]+/[^?#]*)");

  private final TelegramGateway gateway;
  private final StreamerService streamer;
  private final FrameGrabber grabber;
  private final ThumbnailCache cache;
  private final Supplier<String> localBase;
  private final Map<String, Boolean> misses = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MAX_REMEMBERED_MISSES;
    }
  };
  private final Map<String, Future<Optional<Thumbnail>>> making = new HashMap<>();

  /**
   * @param localBase the base URL of this UI's server as this process reaches it (e.g. {@code http://127.0.0.1:8080})
   */
  public Thumbnails(TelegramGateway gateway, StreamerService streamer, FrameGrabber grabber, ThumbnailCache cache,
                    Supplier<String> localBase) {
    this.gateway = gateway;
    this.streamer = streamer;
    this.grabber = grabber;
    this.cache = cache;
    this.localBase = localBase;
  }

  /** The picture URL for a card, or null when there is none and none can be made (the card shows its icon). */
  public String urlFor(MediaFile f) {
    String url = "/api/files/" + f.id() + "/thumbnail";
    if (f.hasThumbnail()) {
      return url;
    }
    String key = key(f);
    synchronized (this) {
      if (misses.containsKey(key)) {
        return null;
      }
    }
    if (cache.contains(key)) {
      return url;
    }
    // A container we probe that yielded no duration is damaged or not media at all: no frame or cover in it either.
    boolean looksLikeMedia = f.duration() != null || MediaProbe.parserFor(f.mime()).isEmpty();
    if (f.type() == MediaType.VIDEO && grabber.knownAvailable() && looksLikeMedia) {
      return url;
    }
    return f.type() == MediaType.AUDIO && CoverArt.mayHaveCover(f.mime()) && looksLikeMedia ? url : null;
  }

  /** The picture of a file; fails NOT_FOUND when it has none. */
  public Future<Thumbnail> thumbnail(String fileId) {
    return CallerContext.of(gateway.thumbnail(fileId).recover(err ->
        GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? gateway.file(fileId).compose(this::made) : Future.failedFuture(err)));
  }

  private Future<Thumbnail> made(MediaFile f) {
    String key = key(f);
    Future<Optional<Thumbnail>> pending;
    Promise<Optional<Thumbnail>> mine = null;
    synchronized (this) {
      if (misses.containsKey(key)) {
        return Future.failedFuture(GatewayException.notFound("no thumbnail"));
      }
      // Cards of one page ask at once; concurrent requests for one file share one making.
      pending = making.get(key);
      if (pending == null) {
        mine = Promise.promise();
        pending = mine.future();
        making.put(key, pending);
      }
    }
    if (mine != null) {
      // Started outside the lock: the making calls the cache, the gateway and ffmpeg, none of them under ours.
      Promise<Optional<Thumbnail>> started = mine;
      Future<Optional<Thumbnail>> shared = pending;
      cache.get(key).compose(hit -> hit.isPresent() ? Future.succeededFuture(hit) : make(f, key))
          .onComplete(done -> {
            synchronized (this) {
              making.remove(key, shared);
            }
            started.handle(done);
          });
    }
    return pending.compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(GatewayException.notFound("no thumbnail"))));
  }

  private Future<Optional<Thumbnail>> make(MediaFile f, String key) {
    if (f.type() == MediaType.AUDIO) {
      return CoverArt.find(gateway, f).compose(picture -> {
        if (picture.isEmpty()) {
          miss(key);
          return Future.succeededFuture(Optional.empty());
        }
        return cache.put(key, picture.get().bytes(), picture.get().mime()).otherwiseEmpty()
            .map(v -> Optional.of(new Thumbnail(Buffer.buffer(picture.get().bytes()), picture.get().mime())));
      });
    }
    if (f.type() != MediaType.VIDEO) {
      return Future.succeededFuture(Optional.empty());
    }
    return grabber.available().compose(ok -> {
      if (!ok) {
        // Not a miss of this file: with ffmpeg installed (and a restart) it gets its picture.
        return Future.succeededFuture(Optional.<Thumbnail>empty());
      }
      double at = f.duration() == null ? 0 : f.duration() * FRAME_AT;
      return streamer.link(f.id(), Disposition.INLINE, GRAB_LINK_TTL_SECONDS)
          .compose(link -> grabber.grab(reachable(link), at))
          .compose(jpeg -> {
            if (jpeg.isEmpty()) {
              miss(key);
              return Future.succeededFuture(Optional.<Thumbnail>empty());
            }
            return cache.put(key, jpeg.get(), "image/jpeg").otherwiseEmpty()
                .map(v -> Optional.of(new Thumbnail(Buffer.buffer(jpeg.get()), "image/jpeg")));
          });
    });
  }

  /**
   * The link on this UI's own {@code /raw-stream}, which every role serves (a split UI redirects to the remote
   * streamer while it is up and streams locally while it is not), so a grab works whoever holds the bytes.
   */
  String reachable(String link) {
    Matcher m = STREAM_TAIL.matcher(link);
    return m.matches() ? localBase.get() + "/raw-stream/" + m.group(1)
        : link.startsWith("http://") || link.startsWith("https://") ? link
        : localBase.get() + (link.startsWith("/") ? link : "/" + link);
  }

  private synchronized void miss(String key) {
    misses.put(key, Boolean.TRUE);
  }

  /** The cache key: the content's identity (unique id and size), hashed to a safe file name. */
  static String key(MediaFile f) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((f.uniqueId() + ":" + f.size()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
