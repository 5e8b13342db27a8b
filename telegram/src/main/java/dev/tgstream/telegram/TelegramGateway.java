package dev.tgstream.telegram;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Telegram port: everything tgstream needs from a source of channels and files.
 *
 * <p>Adapters: {@code library} (a local folder, the embedded default), {@code simulated} (wraps any gateway with
 * Telegram's latency, bandwidth, parallelism cap, alignment rules and FLOOD_WAIT) and, later, {@code tdlib}.
 * Every method returns a future; failures are {@link GatewayException}s whose {@link GatewayException.Kind} callers
 * map to HTTP statuses or retries.
 *
 * <p>Completion context: a future returned by any method completes on the Vert.x context of the caller (the context
 * current when the method was called), or on an event-loop context of the gateway when called from outside any
 * context. Adapters that do work on other threads (TDLib's receive thread, worker pools) hop back before completing.
 * The shared contract test suite holds every adapter to this.
 */
public interface TelegramGateway {

  /** Telegram's upload.getFile rules: offsets and limits are multiples of 4 KiB, 1 MiB ÷ limit is whole. */
  int ALIGNMENT = 4 * 1024;
  /** A part never crosses a 1 MiB boundary and is never larger than 1 MiB. */
  int MAX_PART = 1024 * 1024;

  /** The channels this gateway exposes, in a stable order. */
  Future<List<Channel>> channels();

  /** One page of a channel's files; fails NOT_FOUND for an unknown channel, INVALID_REQUEST for a bad cursor. */
  Future<FilePage> files(String channelId, FileQuery query);

  /** One file's metadata; fails NOT_FOUND for an unknown or malformed id. */
  Future<MediaFile> file(String fileId);

  /**
   * Reads {@code length} bytes at {@code offset}. The result is shorter only where the file ends; a read at or past
   * the end fails INVALID_REQUEST. A file that vanished or shrank fails FILE_CHANGED.
   */
  Future<Buffer> readPart(String fileId, long offset, int length);

  /**
   * Which files {@link #localRegion} can offer: {@link LocalCopies#NONE} by default, and for every wrapper that adds
   * costs to reads (the simulator), so that those costs apply to every byte. Wrappers that add none (caches of
   * metadata, guards) answer what they wrap answers. It may change over a gateway's life (a guard not yet serving).
   */
  default LocalCopies localCopies() {
    return LocalCopies.NONE;
  }

  /**
   * The whole content of {@code file} as it lies on local disk, open, for a response to send without copying it (see
   * {@link LocalRegion}): offered only when the gateway holds a complete local copy that is, checked as it opens it,
   * exactly the content {@code file} describes ({@link MediaFile#uniqueId()} and {@link MediaFile#size()}; for the
   * library also still the same regular file inside the library folder). The library offers its file; TDLib its
   * download once it is complete; wrappers that add costs to reads offer nothing.
   *
   * <p>Completes empty when there is no such copy (the default; also when the file on disk is no longer the one
   * described): the caller then reads parts as usual, which report changes the usual way. Fails NOT_FOUND when the
   * file no longer exists at all (deleted since it was described). The caller owns a region it receives and must close
   * it. Completes on the caller's context like every method here.
   */
  default Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    return Future.succeededFuture(Optional.empty());
  }

  /** Whether somebody waits for a read now, or it only brings bytes closer in case they are wanted (a warm-up). */
  enum ReadUrgency { WAITED, BACKGROUND }

  /**
   * As {@link #readPart(String, long, int)}, saying whether somebody waits for it. A source that can download only a
   * little of a file at a time (TDLib's single window per file) serves reads somebody waits for first and resumes
   * BACKGROUND ones after; {@link #hurry} upgrades a BACKGROUND read that somebody came to wait for. The default
   * ignores the urgency (a source that serves every read alike needs nothing else).
   */
  default Future<Buffer> readPart(String fileId, long offset, int length, ReadUrgency urgency) {
    return readPart(fileId, offset, length);
  }

  /**
   * Somebody now waits for a BACKGROUND {@link #readPart(String, long, int, ReadUrgency)} of exactly these bytes that
   * has not answered yet: serve it as WAITED from now on. Nothing by default; a read already answered is unaffected.
   */
  default void hurry(String fileId, long offset, int length) {
  }

  /** The file's thumbnail; fails NOT_FOUND when it has none. */
  Future<Thumbnail> thumbnail(String fileId);

  /**
   * Registers {@code listener} to be told when files change at the source, so that caches in front of this gateway
   * (e.g. {@link MetadataCache}) forget them at once. Listeners are called in registration order on a thread of the
   * gateway (not an event loop): they must be quick and thread-safe. Wrappers forward the registration to what they
   * wrap. The default announces nothing (callers then rely on their TTLs).
   */
  default void onChange(Consumer<SourceChange> listener) {
  }

  /**
   * Subtitle files that go with a video (the library's {@code movie.en.srt} beside {@code movie.mp4}), readable by
   * {@link #readPart} under their own ids; none by default. Fails NOT_FOUND for an unknown file.
   */
  default Future<List<SubtitleFile>> subtitleFiles(String fileId) {
    return Future.succeededFuture(List.of());
  }

  /** Releases clients, file handles and threads. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
