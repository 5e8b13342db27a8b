package dev.tgstream.telegram.library;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.media.MediaInfo;
import dev.tgstream.telegram.media.MediaProbe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Turns a library file into a {@link MediaFile}: name, size, type by extension, mtime as date, caption and
 * thumbnail from sidecars, duration and picture size from a {@link MediaProbe}, and a unique id that changes whenever the
 * file does. Used by both the channel scan and the direct lookup, so both describe a file the same way. Blocks.
 */
final class MediaFileDescriber {

  static final int MAX_CAPTION_BYTES = 4 * 1024;
  /** Thumbnails are loaded whole into memory; a bigger image is not offered as one. */
  static final long MAX_THUMBNAIL_BYTES = 16L * 1024 * 1024;

  private final LibraryRoot root;
  private final String rootChannelId;
  private final ProbeCache probes = new ProbeCache(20_000);

  MediaFileDescriber(LibraryRoot root, String rootChannelId) {
    this.root = root;
    this.rootChannelId = rootChannelId;
  }

  /** The channel a relative path belongs to: its first folder, or the library's own channel for loose files. */
  String channelOf(String relativePath) {
    int slash = relativePath.indexOf('/');
    return slash < 0 ? rootChannelId : LibraryIds.folderChannelId(relativePath.substring(0, slash));
  }

  MediaFile describe(LibraryRoot.ResolvedFile file, Sidecars sidecars) {
    String relativePath = file.relativePath();
    String name = LibraryPaths.fileName(relativePath);
    long size = file.attributes().size();
    long mtimeMillis = file.attributes().lastModifiedTime().toMillis();
    String mime = MimeTypes.of(name);
    String uniqueId = uniqueId(relativePath, size, file.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS),
        file.attributes().fileKey());
    // Through aligned part reads, the same way (and with the same parsers) as any other backend's files.
    MediaInfo probe = MediaProbe.parserFor(mime).isEmpty() ? MediaInfo.NONE
        : probes.probe(uniqueId, () -> MediaProbe.probeBlocking(mime, size,
            (offset, length) -> PartBuffers.copyAndRelease(LibraryGateway.read(file, offset, length))));
    return new MediaFile(
        LibraryIds.fileId(relativePath),
        channelOf(relativePath),
        name,
        size,
        mime,
        MediaType.fromMime(mime),
        Instant.ofEpochMilli(mtimeMillis),
        caption(relativePath, sidecars),
        probe.duration(),
        probe.width(),
        probe.height(),
        uniqueId,
        thumbnail(relativePath, sidecars).isPresent());
  }

  /** The file's thumbnail image, when it has a usable one (inside the library, a regular file, not too big). */
  Optional<LibraryRoot.ResolvedFile> thumbnail(String relativePath, Sidecars sidecars) {
    return sidecars.thumbnailOf(LibraryPaths.fileName(relativePath))
        .flatMap(name -> sibling(relativePath, name))
        .filter(image -> image.attributes().size() <= MAX_THUMBNAIL_BYTES);
  }

  /** The first {@link #MAX_CAPTION_BYTES} of the caption sidecar as text, or null. */
  private String caption(String relativePath, Sidecars sidecars) {
    Optional<LibraryRoot.ResolvedFile> sidecar = sidecars.captionOf(LibraryPaths.fileName(relativePath))
        .flatMap(name -> sibling(relativePath, name));
    if (sidecar.isEmpty()) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate(MAX_CAPTION_BYTES);
    try (FileChannel channel = FileChannel.open(sidecar.get().real(), StandardOpenOption.READ)) {
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading: a single read may return less than is there
      }
    } catch (IOException e) {
      return null;
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    if (buffer.position() == MAX_CAPTION_BYTES) {
      // The cut may have split a character; drop the replacement character it decodes to.
      text = text.replaceAll("\uFFFD+$", "");
    }
    text = text.replace("\uFEFF", "").strip();
    return text.isEmpty() ? null : text;
  }

  private Optional<LibraryRoot.ResolvedFile> sibling(String relativePath, String siblingName) {
    try {
      return root.file(LibraryPaths.child(LibraryPaths.parent(relativePath), siblingName));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * 20 hex characters of SHA-256 over path, size, mtime (at the file system's full precision) and the file's identity
   * on disk (device and inode on Linux): stable across restarts, new when the file changes. The part cache is keyed by
   * it, so a file replaced under the same name (by a move: a new inode, even with the same size and mtime; or rewritten
   * in place: a new mtime) is never served from parts cached for its old content.
   */
  static String uniqueId(String relativePath, long size, long mtimeNanos, Object fileKey) {
    String key = relativePath + "\n" + size + "\n" + mtimeNanos + "\n" + (fileKey == null ? "" : fileKey);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
