package dev.tgstream.ui.media;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.SubtitleFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.media.Languages;
import dev.tgstream.telegram.media.MatroskaHeaders;
import dev.tgstream.telegram.media.MatroskaSubtitles;
import dev.tgstream.telegram.media.MatroskaTrack;
import dev.tgstream.telegram.media.PartReads;
import dev.tgstream.telegram.media.SidecarSubtitleName;
import dev.tgstream.telegram.media.SubRip;
import dev.tgstream.telegram.media.SubtitleText;
import dev.tgstream.telegram.media.WebVtt;
import dev.tgstream.ui.io.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A video's subtitles: sidecar files the backend pairs with it, and the text tracks inside a Matroska/WebM file,
 * each served as WebVTT. Everything is read through the gateway's part reads, so Telegram files get the same.
 * Track lists and converted WebVTT are remembered (bounded) by the content's identity, so reopening a page or
 * seeking does not read the file again. Thread-safe: the UI's event loops share one instance; a track list or text
 * being read is shared by every loop that asks meanwhile, and each gets the outcome on its own context.
 */
public final class Subtitles {

  /** Sidecar subtitle files are text: bigger ones are not subtitles. */
  static final long MAX_SIDECAR_BYTES = 8L * 1024 * 1024;
  private static final long MAX_CACHED_VTT_CHARS = 16L * 1024 * 1024;
  private static final int MAX_CACHED_HEADERS = 512;
  private static final String SIDECAR = "s";
  private static final String EMBEDDED = "t";

  private final TelegramGateway gateway;
  private final Map<String, Future<MatroskaHeaders>> headers = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Future<MatroskaHeaders>> eldest) {
      return size() > MAX_CACHED_HEADERS;
    }
  };
  private final LinkedHashMap<String, Future<String>> vtts = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<String, Long> vttChars = new HashMap<>();
  private long cachedChars;

  public Subtitles(TelegramGateway gateway) {
    this.gateway = gateway;
  }

  /** The file's subtitle tracks: sidecars first (by name), then embedded tracks in file order. */
  public Future<List<SubtitleTrack>> list(MediaFile f) {
    Future<List<SubtitleFile>> sidecars = gateway.subtitleFiles(f.id()).otherwise(List.of());
    Future<List<MatroskaTrack>> embedded = isMatroska(f)
        ? headers(f).map(h -> h.tracks().stream().filter(MatroskaTrack::isTextSubtitle).toList())
            .otherwise(List.of())
        : Future.succeededFuture(List.of());
    return CallerContext.of(Future.all(sidecars, embedded).map(all -> {
      List<SubtitleTrack> out = new ArrayList<>();
      for (SubtitleFile s : sidecars.result()) {
        SidecarSubtitleName name = SidecarSubtitleName.parse(f.name(), s.name());
        out.add(new SubtitleTrack(SIDECAR + s.fileId(), name.language(), name.label(), name.forced()));
      }
      for (MatroskaTrack t : embedded.result()) {
        out.add(new SubtitleTrack(EMBEDDED + t.number(), Languages.tag(t.language()), label(t),
            t.isDefault() || t.forced()));
      }
      return onlyFirstDefault(out);
    }));
  }

  /** One track as WebVTT; fails NOT_FOUND for a track the file does not have. */
  public Future<String> vtt(MediaFile f, String trackId) {
    String key = f.uniqueId() + ":" + f.size() + ":" + trackId;
    Future<String> known;
    Promise<String> mine = null;
    synchronized (this) {
      known = vtts.get(key);
      if (known == null || known.failed()) {
        mine = Promise.promise();
        known = mine.future();
        vtts.put(key, known);
      }
    }
    if (mine != null) {
      // Started outside the lock: reading the file calls the gateway, which must not run under ours.
      Future<String> shared = known;
      shared.onComplete(done -> remember(key, shared));
      started(() -> make(f, trackId)).onComplete(mine);
    }
    return CallerContext.of(known);
  }

  // A task that throws instead of failing its future must not leave a future that never completes in a cache.
  private static <T> Future<T> started(java.util.function.Supplier<Future<T>> task) {
    try {
      return task.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<String> make(MediaFile f, String trackId) {
    if (trackId.startsWith(SIDECAR)) {
      String sidecarId = trackId.substring(SIDECAR.length());
      // Only a file paired with this video is read: the id names a file, and must not open any other.
      return gateway.subtitleFiles(f.id())
          .compose(list -> list.stream().filter(s -> s.fileId().equals(sidecarId)).findFirst()
              .map(this::sidecarVtt)
              .orElseGet(() -> Future.failedFuture(GatewayException.notFound("no such subtitles"))));
    }
    if (trackId.startsWith(EMBEDDED) && isMatroska(f)) {
      long number;
      try {
        number = Long.parseLong(trackId.substring(EMBEDDED.length()));
      } catch (NumberFormatException e) {
        return Future.failedFuture(GatewayException.notFound("no such subtitles"));
      }
      return headers(f).compose(h -> {
        Optional<MatroskaTrack> track = h.tracks().stream()
            .filter(t -> t.number() == number && t.isTextSubtitle()).findFirst();
        if (track.isEmpty()) {
          return Future.failedFuture(GatewayException.notFound("no such subtitles"));
        }
        return MatroskaSubtitles.cues(f.size(), source(f.id()), h, track.get()).map(WebVtt::write);
      });
    }
    return Future.failedFuture(GatewayException.notFound("no such subtitles"));
  }

  private Future<String> sidecarVtt(SubtitleFile s) {
    if (s.size() <= 0 || s.size() > MAX_SIDECAR_BYTES) {
      return Future.failedFuture(GatewayException.notFound("subtitle file empty or too big"));
    }
    List<Future<Buffer>> parts = new ArrayList<>();
    for (long offset = 0; offset < s.size(); offset += dev.tgstream.telegram.TelegramGateway.MAX_PART) {
      parts.add(gateway.readPart(s.fileId(), offset, dev.tgstream.telegram.TelegramGateway.MAX_PART));
    }
    return Future.all(parts).onFailure(e -> PartBuffers.releaseAll(parts)).map(all -> {
      Buffer whole = Buffer.buffer();
      parts.forEach(p -> whole.appendBytes(PartBuffers.copyAndRelease(p.result())));
      String text = SubtitleText.decode(whole.getBytes());
      return s.name().toLowerCase(Locale.ROOT).endsWith(".vtt") ? WebVtt.tidy(text) : WebVtt.write(SubRip.parse(text));
    });
  }

  private Future<MatroskaHeaders> headers(MediaFile f) {
    String key = f.uniqueId() + ":" + f.size();
    Future<MatroskaHeaders> known;
    Promise<MatroskaHeaders> mine = null;
    synchronized (this) {
      known = headers.get(key);
      if (known == null || known.failed()) {
        mine = Promise.promise();
        known = mine.future();
        headers.put(key, known);
      }
    }
    if (mine != null) {
      started(() -> MatroskaSubtitles.headers(f.size(), source(f.id()))).onComplete(mine);
    }
    return known;
  }

  private PartReads.Source source(String fileId) {
    return (offset, length) -> gateway.readPart(fileId, offset, length);
  }

  /** Keeps converted WebVTT within its bound, least recently used out first. */
  private synchronized void remember(String key, Future<String> done) {
    if (done.failed() || vtts.get(key) != done) {
      return;
    }
    long chars = done.result().length();
    vttChars.put(key, chars);
    cachedChars += chars;
    var it = vtts.entrySet().iterator();
    while (cachedChars > MAX_CACHED_VTT_CHARS && it.hasNext()) {
      var eldest = it.next();
      if (eldest.getKey().equals(key)) {
        continue;
      }
      Long size = vttChars.remove(eldest.getKey());
      if (size != null) {
        cachedChars -= size;
        it.remove();
      }
    }
  }

  private static boolean isMatroska(MediaFile f) {
    String mime = f.mime() == null ? "" : f.mime().toLowerCase(Locale.ROOT);
    return mime.equals("video/webm") || mime.equals("video/x-matroska") || mime.equals("audio/webm")
        || mime.equals("audio/x-matroska");
  }

  private static String label(MatroskaTrack t) {
    String language = Languages.tag(t.language());
    String name = t.name() == null || t.name().isBlank() ? null : t.name().strip();
    String label = name != null ? name : language != null ? Languages.displayName(language) : "Track " + t.number();
    return t.forced() && !label.toLowerCase(Locale.ROOT).contains("forced") ? label + " (forced)" : label;
  }

  /** Browsers show one default track; a file with several marked gets its first. */
  private static List<SubtitleTrack> onlyFirstDefault(List<SubtitleTrack> tracks) {
    List<SubtitleTrack> out = new ArrayList<>();
    boolean seen = false;
    for (SubtitleTrack t : tracks) {
      out.add(t.isDefault() && seen ? new SubtitleTrack(t.id(), t.language(), t.label(), false) : t);
      seen |= t.isDefault();
    }
    return out;
  }
}
