package dev.tgstream.ui.media;

import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Made pictures on disk (DATA_DIR/thumbnails), so each is made once and survives restarts. Bounded in count and in
 * bytes: the least recently used go first. The index lives in memory (rebuilt from the folder at start, oldest by
 * modification time first); the disk is only touched on worker threads.
 */
public final class ThumbnailCache {

  private static final Logger log = LoggerFactory.getLogger(ThumbnailCache.class);
  private static final Map<String, String> EXTENSIONS = Map.of(
      "image/jpeg", "jpg", "image/png", "png", "image/webp", "webp", "image/gif", "gif");

  private record Entry(Path path, long size, String mime) {
  }

  private final Vertx vertx;
  private final Path dir;
  private final int maxFiles;
  private final long maxBytes;
  private final LinkedHashMap<String, Entry> index = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;

  private ThumbnailCache(Vertx vertx, Path dir, int maxFiles, long maxBytes) {
    this.vertx = vertx;
    this.dir = dir;
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
  }

  /** Opens (creating) the folder and indexes what is there. */
  public static Future<ThumbnailCache> open(Vertx vertx, Path dir, int maxFiles, long maxBytes) {
    ThumbnailCache cache = new ThumbnailCache(vertx, dir, maxFiles, maxBytes);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path p : stream) {
          if (Files.isRegularFile(p) && mimeOf(p) != null) {
            files.add(p);
          } else if (p.getFileName().toString().endsWith(".tmp")) {
            Files.deleteIfExists(p);
          }
        }
      }
      files.sort(Comparator.comparing(ThumbnailCache::modified));
      List<Path> evicted;
      synchronized (cache) {
        for (Path p : files) {
          String name = p.getFileName().toString();
          long size = Files.size(p);
          cache.index.put(name.substring(0, name.lastIndexOf('.')), new Entry(p, size, mimeOf(p)));
          cache.bytes += size;
        }
        evicted = cache.overflow();
      }
      for (Path p : evicted) {
        Files.deleteIfExists(p);
      }
      return cache;
    }, false);
  }

  public synchronized boolean contains(String key) {
    return index.containsKey(key);
  }

  public Future<Optional<Thumbnail>> get(String key) {
    Entry entry;
    synchronized (this) {
      entry = index.get(key);
    }
    if (entry == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> Optional.of(new Thumbnail(Buffer.buffer(Files.readAllBytes(entry.path())),
        entry.mime())), false).otherwise(err -> {
          // Deleted behind our back: forget it, it will be made again.
          synchronized (this) {
            if (index.get(key) == entry) {
              index.remove(key);
              bytes -= entry.size();
            }
          }
          return Optional.empty();
        });
  }

  /** Stores a picture (written to a temporary name, then moved, so a crash never leaves half a file). */
  public Future<Void> put(String key, byte[] picture, String mime) {
    String extension = EXTENSIONS.get(mime);
    if (extension == null || picture.length > maxBytes) {
      return Future.succeededFuture();
    }
    Path target = dir.resolve(key + "." + extension);
    return vertx.<Void>executeBlocking(() -> {
      Path temp = dir.resolve(key + "." + extension + ".tmp");
      Files.write(temp, picture);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      List<Path> evicted;
      synchronized (this) {
        Entry old = index.put(key, new Entry(target, picture.length, mime));
        if (old != null) {
          bytes -= old.size();
        }
        bytes += picture.length;
        evicted = overflow();
      }
      for (Path p : evicted) {
        if (!p.equals(target)) {
          Files.deleteIfExists(p);
        }
      }
      return null;
    }, false).onFailure(err -> log.warn("Cannot store thumbnail {}: {}", target, err.toString()));
  }

  /** Removes least recently used entries until within bounds; returns their files (deleted by the caller). */
  private List<Path> overflow() {
    List<Path> out = new ArrayList<>();
    Iterator<Map.Entry<String, Entry>> it = index.entrySet().iterator();
    while ((index.size() > maxFiles || bytes > maxBytes) && it.hasNext()) {
      Entry e = it.next().getValue();
      it.remove();
      bytes -= e.size();
      out.add(e.path());
    }
    return out;
  }

  synchronized int size() {
    return index.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  private static String mimeOf(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String extension = name.substring(dot + 1);
    return EXTENSIONS.entrySet().stream().filter(e -> e.getValue().equals(extension)).map(Map.Entry::getKey)
        .findFirst().orElse(null);
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
