package dev.tgstream.telegram.library;

import dev.tgstream.telegram.MediaFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lists the files of one channel from disk: the files lying directly in the library (its own channel), or a channel
 * folder's files at any depth up to {@link LibraryPaths#MAX_DEPTH_IN_CHANNEL}. Hidden entries, sidecars that belong
 * to another file, and symlinks that lead outside the library are left out; a symlink back to an enclosing folder is
 * not followed again. Blocks: run on a worker.
 */
final class ChannelScanner {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelScanner.class);
  /** A runaway folder (or link farm) must not exhaust memory; this is far beyond a browsable channel. */
  static final int MAX_FILES_PER_CHANNEL = 100_000;

  private final LibraryRoot root;
  private final MediaFileDescriber describer;

  ChannelScanner(LibraryRoot root, MediaFileDescriber describer) {
    this.root = root;
    this.describer = describer;
  }

  /** What lies directly in the library: the sub-folders that are channels, and whether loose files exist. */
  record TopLevel(List<String> channelFolders, boolean hasLooseFiles) {
  }

  TopLevel topLevel() throws IOException {
    List<String> folders = new ArrayList<>();
    boolean looseFiles = false;
    for (Entry entry : entries(root.path(), "")) {
      if (entry.attributes.isDirectory()) {
        folders.add(LibraryPaths.fileName(entry.relativePath));
      } else if (entry.attributes.isRegularFile()) {
        looseFiles = true;
      }
    }
    return new TopLevel(folders, looseFiles);
  }

  List<MediaFile> scanLooseFiles() throws IOException {
    List<MediaFile> out = new ArrayList<>();
    scanFolder(root.path(), "", 1, false, Set.of(), out);
    return out;
  }

  List<MediaFile> scanChannelFolder(Path realFolder, String folderName) throws IOException {
    List<MediaFile> out = new ArrayList<>();
    scanFolder(realFolder, folderName, 1, true, Set.of(realFolder), out);
    return out;
  }

  /** @param depth how deep this folder's entries lie below the channel folder (1 = directly in it) */
  private void scanFolder(Path realDir, String relativeDir, int depth, boolean recurse, Set<Path> ancestors,
      List<MediaFile> out) throws IOException {
    List<Entry> files = new ArrayList<>();
    List<Entry> folders = new ArrayList<>();
    for (Entry entry : entries(realDir, relativeDir)) {
      if (entry.attributes.isRegularFile()) {
        files.add(entry);
      } else if (entry.attributes.isDirectory() && recurse && depth < LibraryPaths.MAX_DEPTH_IN_CHANNEL
          && !ancestors.contains(entry.real)) {
        folders.add(entry);
      }
    }
    Sidecars sidecars = new Sidecars(files.stream().map(f -> LibraryPaths.fileName(f.relativePath)).toList());
    for (Entry file : files) {
      if (out.size() >= MAX_FILES_PER_CHANNEL) {
        LOG.warn("Channel folder {} has more than {} files; listing the first ones only", relativeDir,
            MAX_FILES_PER_CHANNEL);
        return;
      }
      if (!sidecars.belongsToAnother(LibraryPaths.fileName(file.relativePath))) {
        out.add(describer.describe(new LibraryRoot.ResolvedFile(file.relativePath, file.real, file.attributes),
            sidecars));
      }
    }
    for (Entry folder : folders) {
      Set<Path> path = new HashSet<>(ancestors);
      path.add(folder.real);
      try {
        scanFolder(folder.real, folder.relativePath, depth + 1, true, path, out);
      } catch (IOException e) {
        LOG.warn("Cannot list {}: {}", folder.real, e.toString());
      }
    }
  }

  private record Entry(String relativePath, Path real, BasicFileAttributes attributes) {
  }

  /** The visible entries of a real folder, symlinks replaced by their (confined) targets. */
  private List<Entry> entries(Path realDir, String relativeDir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(realDir)) {
      for (Path path : stream) {
        String name = path.getFileName().toString();
        if (!LibraryPaths.isVisibleName(name) || LibraryPaths.segments(LibraryPaths.child(relativeDir, name))
            .isEmpty()) {
          continue;
        }
        try {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          Path real = path;
          if (attributes.isSymbolicLink()) {
            Optional<Path> target = root.realEntry(path);
            if (target.isEmpty()) {
              continue;
            }
            real = target.get();
            attributes = Files.readAttributes(real, BasicFileAttributes.class);
          }
          entries.add(new Entry(LibraryPaths.child(relativeDir, name), real, attributes));
        } catch (IOException e) {
          // Vanished between listing and stat, or unreadable: not listable either way.
        }
      }
    }
    return entries;
  }
}
