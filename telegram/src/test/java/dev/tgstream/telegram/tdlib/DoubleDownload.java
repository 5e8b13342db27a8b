package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One file of one client of the TDLib test double, downloaded by TDLib's rules: ONE window per file (offset, limit;
 * limit 0 = to the end, then wrapping round to the start), bytes written into a sparse partial file under
 * {@code temp/}, which moves to its final folder when the whole file is there. Downloaded bytes stay until
 * {@code deleteFile}. Only the double's thread touches it.
 */
final class DoubleDownload {

  /** Granularity of the downloaded-bytes map. */
  static final int BLOCK = 4096;

  final int fileId;
  final DoubleContent content;
  private final Path tempPath;
  private final Path finalPath;
  private final BitSet blocks = new BitSet();
  private final int blockCount;
  private String path = "";
  private boolean completed;
  private boolean active;
  private long windowOffset;
  private long windowLimit;
  /** When the first bytes of the current window arrive (the round trip of a new window). */
  long startAtNanos;
  /** Pending synchronous downloadFile calls: their @extra values, answered when the window ends. */
  final List<Object> synchronousWaiters = new ArrayList<>();
  long synchronousOffset = -1;
  long synchronousLimit = -1;

  DoubleDownload(int fileId, DoubleContent content, Path filesDirectory) {
    this.fileId = fileId;
    this.content = content;
    String name = content.index() + "_" + content.source().getFileName();
    this.tempPath = filesDirectory.resolve("temp").resolve(name);
    this.finalPath = filesDirectory.resolve("documents").resolve(name);
    this.blockCount = (int) ((content.size() + BLOCK - 1) / BLOCK);
  }

  boolean completed() {
    return completed;
  }

  boolean active() {
    return active;
  }

  long windowOffset() {
    return windowOffset;
  }

  long windowLimit() {
    return windowLimit;
  }

  String path() {
    return path;
  }

  /** Sets the window; returns whether it differs from the window that was active. */
  boolean setWindow(long offset, long limit, long startAtNanos) {
    boolean replaced = active && (offset != windowOffset || limit != windowLimit);
    long oldFrontier = active ? frontier() : -1;
    windowOffset = offset;
    windowLimit = limit;
    active = !completed && frontier() >= 0;
    // Continuing exactly where the old window was downloading costs no new round trip.
    if (!active || frontier() != oldFrontier) {
      this.startAtNanos = startAtNanos;
    }
    return replaced;
  }

  void stop() {
    active = false;
  }

  /** The next byte (block-aligned) the window still needs, or -1 when the window is complete. */
  long frontier() {
    if (completed || content.size() == 0) {
      return -1;
    }
    int first = (int) Math.min(blockCount, windowOffset / BLOCK);
    int end = windowLimit == 0 ? blockCount : (int) Math.min(blockCount, (windowOffset + windowLimit + BLOCK - 1) / BLOCK);
    int missing = blocks.nextClearBit(first);
    if (missing < end) {
      return (long) missing * BLOCK;
    }
    if (windowLimit == 0) {
      // limit 0 wraps round: TDLib eventually downloads the whole file.
      int wrapped = blocks.nextClearBit(0);
      return wrapped < blockCount ? (long) wrapped * BLOCK : -1;
    }
    return -1;
  }

  /**
   * Downloads up to {@code budget} bytes of the window from its frontier. Returns the bytes written; marks the window
   * inactive when it is complete and moves the file when all of it is there.
   */
  long advance(long budget) {
    long written = 0;
    try {
      while (budget > 0 && active) {
        long from = frontier();
        if (from < 0) {
          active = false;
          break;
        }
        int firstBlock = (int) (from / BLOCK);
        int runEnd = blocks.nextSetBit(firstBlock);
        if (runEnd < 0 || runEnd > blockCount) {
          runEnd = blockCount;
        }
        int windowEnd = windowLimit == 0 || from < windowOffset ? blockCount
            : (int) Math.min(blockCount, (windowOffset + windowLimit + BLOCK - 1) / BLOCK);
        runEnd = Math.min(runEnd, windowEnd);
        int want = (int) Math.max(1, Math.min(runEnd - firstBlock, budget / BLOCK));
        long to = Math.min(content.size(), (long) (firstBlock + want) * BLOCK);
        copy(from, to);
        blocks.set(firstBlock, firstBlock + want);
        written += to - from;
        budget -= to - from;
      }
      if (blocks.nextClearBit(0) >= blockCount && !completed) {
        completed = true;
        active = false;
        Files.createDirectories(finalPath.getParent());
        Files.move(tempPath, finalPath, StandardCopyOption.REPLACE_EXISTING);
        path = finalPath.toString();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  private void copy(long from, long to) throws IOException {
    if (path.isEmpty()) {
      Files.createDirectories(tempPath.getParent());
      path = tempPath.toString();
    }
    byte[] bytes = new byte[(int) (to - from)];
    try (RandomAccessFile in = new RandomAccessFile(content.source().toFile(), "r");
         RandomAccessFile out = new RandomAccessFile(path, "rw")) {
      in.seek(from);
      in.readFully(bytes);
      out.seek(from);
      out.write(bytes);
    }
  }

  /** Contiguous downloaded bytes from {@code offset} (what getFileDownloadedPrefixSize answers). */
  long prefixFrom(long offset) {
    if (completed) {
      return Math.max(0, content.size() - offset);
    }
    if (offset >= content.size()) {
      return 0;
    }
    int first = (int) (offset / BLOCK);
    if (!blocks.get(first)) {
      return 0;
    }
    int end = blocks.nextClearBit(first);
    long endByte = Math.min(content.size(), (long) end * BLOCK);
    return endByte - offset;
  }

  long downloadedSize() {
    return completed ? content.size() : Math.min(content.size(), (long) blocks.cardinality() * BLOCK);
  }

  /** Reads downloaded bytes back from the local file (readFilePart). */
  byte[] read(long offset, int count) {
    try (RandomAccessFile in = new RandomAccessFile(path, "r")) {
      byte[] bytes = new byte[count];
      in.seek(offset);
      in.readFully(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** deleteFile: the local copy goes, the window stops. */
  void delete() {
    try {
      if (!path.isEmpty()) {
        Files.deleteIfExists(Path.of(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    path = "";
    blocks.clear();
    completed = false;
    active = false;
  }

  JsonObject json() {
    JsonObject local = DoubleShapes.localFile(path, active, completed, windowOffset, prefixFrom(windowOffset),
        downloadedSize());
    return DoubleShapes.file(fileId, content.size(), local,
        DoubleShapes.remoteFile(content.remoteId(), content.uniqueId(), content.size()));
  }
}
