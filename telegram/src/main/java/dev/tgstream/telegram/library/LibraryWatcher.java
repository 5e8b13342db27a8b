package dev.tgstream.telegram.library;

import dev.tgstream.telegram.SourceChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Announces changes of the library folder within milliseconds (a {@link WatchService}: inotify on Linux), so that a
 * deleted file answers 404, a replaced one is described (and so cached) under its new content id, and a new one is
 * listed, at once rather than after a TTL. Watches the library and every folder below it down to the deepest level a
 * channel lists (folders created later too; symlinked folders are not followed, those rely on the TTLs).
 *
 * <p>What a change names: the file's id, and for a possible sidecar (an image or a caption) every file of its folder,
 * whose thumbnail or caption it may be; a folder that comes or goes, or lost events, mean everything. Listeners run
 * on the watcher's own daemon thread, in registration order.
 */
final class LibraryWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LibraryWatcher.class);
  /** inotify watches are a per-user kernel resource; a library needing more falls back to the TTLs beyond it. */
  static final int MAX_WATCHED_FOLDERS = 4096;

  private final Path root;
  private final WatchService service;
  /** Watched folder → its path relative to the library ("" for the library itself). */
  private final Map<WatchKey, String> folders = new ConcurrentHashMap<>();
  private final List<Consumer<SourceChange>> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private boolean warnedFull;

  private LibraryWatcher(Path root, WatchService service) {
    this.root = root;
    this.service = service;
    this.thread = new Thread(this::run, "tgstream-library-watcher");
    this.thread.setDaemon(true);
  }

  /** Watches {@code realRoot} and its folders. Blocks while registering them: call on a worker. */
  static LibraryWatcher start(Path realRoot) throws IOException {
    LibraryWatcher watcher = new LibraryWatcher(realRoot, realRoot.getFileSystem().newWatchService());
    watcher.watchTree(realRoot, "");
    watcher.thread.start();
    return watcher;
  }

  void listen(Consumer<SourceChange> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    try {
      service.close(); // wakes the thread blocked in take()
    } catch (IOException e) {
      LOG.debug("closing the library watcher: {}", e.toString());
    }
  }

  /** Watches {@code dir} and the folders below it that a channel can list. */
  private void watchTree(Path dir, String relative) {
    int depth = relative.isEmpty() ? 0 : relative.split("/").length;
    if (depth > LibraryPaths.MAX_DEPTH_IN_CHANNEL) {
      return;
    }
    if (folders.size() >= MAX_WATCHED_FOLDERS) {
      warnFull(dir);
      return;
    }
    try {
      WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      folders.put(key, relative);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (LibraryPaths.isVisibleName(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            watchTree(entry, LibraryPaths.child(relative, name));
          }
        }
      }
    } catch (IOException e) {
      // Vanished meanwhile, unreadable, or the kernel's watch limit: that folder relies on the TTLs.
      LOG.debug("cannot watch {}: {}", dir, e.toString());
      if (e.getMessage() != null && e.getMessage().contains("limit")) {
        warnFull(dir);
      }
    }
  }

  private void warnFull(Path dir) {
    if (!warnedFull) {
      warnedFull = true;
      LOG.warn("Watching at most {} library folders (from {} on, changes show after a few seconds instead)",
          folders.size(), dir);
    }
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      }
      String folder = folders.get(key);
      List<WatchEvent<?>> events = key.pollEvents();
      if (!key.reset()) {
        folders.remove(key); // the folder is gone; its parent's watch reports that as an entry deleted
      }
      if (folder == null) {
        continue;
      }
      try {
        announce(changeOf(folder, events));
      } catch (RuntimeException e) {
        LOG.warn("library change in {} not announced: {}", folder, e.toString());
      }
    }
  }

  private SourceChange changeOf(String folder, List<WatchEvent<?>> events) {
    List<String> ids = new ArrayList<>();
    for (WatchEvent<?> event : events) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        return SourceChange.everything();
      }
      String name = event.context().toString();
      if (!LibraryPaths.isVisibleName(name)) {
        continue; // hidden files (a copy tool's temporary file) are never listed or served
      }
      String relative = LibraryPaths.child(folder, name);
      Path path = root.resolve(relative);
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || folders.containsValue(relative)) {
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
          watchTree(path, relative);
        }
        return SourceChange.everything(); // a folder (a channel, or part of one) came or went
      }
      ids.add(LibraryIds.fileId(relative));
      if (Sidecars.isImage(name) || "txt".equals(MimeTypes.extension(name))) {
        ids.addAll(filesIn(folder));
      }
    }
    return SourceChange.files(ids);
  }

  /** Ids of the files in a library folder (the files a sidecar there may belong to). */
  private List<String> filesIn(String folder) {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.isEmpty() ? root : root.resolve(folder))) {
      for (Path entry : entries) {
        ids.add(LibraryIds.fileId(LibraryPaths.child(folder, entry.getFileName().toString())));
      }
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}", folder, e.toString());
    }
    return ids;
  }

  private void announce(SourceChange change) {
    if (!change.all() && change.fileIds().isEmpty()) {
      return;
    }
    for (Consumer<SourceChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("a library change listener failed: {}", e.toString());
      }
    }
  }
}
