package dev.tgstream.telegram.library;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens a library file for a described {@link MediaFile} (for a {@link LocalRegion}), with the checks every other path to
 * the disk keeps: the path is resolved through {@link LibraryRoot} (confined to the library, visible, a regular file),
 * and the file that was opened is still the one described — its content id (path, size, mtime, identity on disk, as
 * {@link MediaFileDescriber#uniqueId} makes it) equals the described one, read after opening, so a file replaced
 * between the describe and the open is never sent under the old description. Blocks: call on a worker.
 */
final class LibraryRegions {

  private final LibraryRoot root;

  LibraryRegions(LibraryRoot root) {
    this.root = root;
  }

  /**
   * {@code described}'s file, open for reading; empty when the file there now is not the one described (the caller
   * then reads parts, as before this existed). The caller owns the channel.
   *
   * @throws GatewayException NOT_FOUND when nothing (or nothing servable) is there any more
   */
  Optional<FileChannel> open(String relativePath, MediaFile described) throws IOException {
    LibraryRoot.ResolvedFile before = resolve(relativePath);
    FileChannel channel;
    try {
      channel = FileChannel.open(before.real(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw GatewayException.notFound("no such file");
    }
    try {
      // Attributes read after the open: if the name was moved to another file in between, they are that file's and
      // do not match, so what is open is at worst not offered.
      LibraryRoot.ResolvedFile now = resolve(relativePath);
      String uniqueId = MediaFileDescriber.uniqueId(relativePath, now.attributes().size(),
          now.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS), now.attributes().fileKey());
      if (now.real().equals(before.real()) && uniqueId.equals(described.uniqueId())
          && channel.size() == described.size()) {
        return Optional.of(channel);
      }
      LocalRegion.closeQuietly(channel);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LocalRegion.closeQuietly(channel);
      throw e;
    }
  }

  private LibraryRoot.ResolvedFile resolve(String relativePath) throws IOException {
    try {
      return root.file(relativePath).orElseThrow(() -> GatewayException.notFound("no such file"));
    } catch (NoSuchFileException e) {
      throw GatewayException.notFound("no such file");
    }
  }
}
