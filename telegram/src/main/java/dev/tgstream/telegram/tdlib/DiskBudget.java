package dev.tgstream.telegram.tdlib;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps TDLib's downloaded bytes on disk within a budget. TDLib's own storage optimizer runs once a day, far too
 * rarely for a streamer on a small disk, so after each served read the least recently streamed files beyond the
 * budget have their downloads deleted (deleteFile), never a file a read is waiting on. Thread-safe: windows of
 * several clients (several contexts) report here.
 */
final class DiskBudget {

  private static final Logger LOG = LoggerFactory.getLogger(DiskBudget.class);

  private final long budgetBytes;
  /** Access order: the eldest entry is the least recently streamed file. */
  private final LinkedHashMap<DownloadWindow, Long> files = new LinkedHashMap<>(16, 0.75f, true);

  DiskBudget(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** A read of {@code window} was served; evicts other files when the total passes the budget. */
  void touched(DownloadWindow window) {
    List<DownloadWindow> victims = new ArrayList<>();
    synchronized (files) {
      files.put(window, window.bytesOnDisk());
      long total = 0;
      for (long bytes : files.values()) {
        total += bytes;
      }
      for (Map.Entry<DownloadWindow, Long> e : files.entrySet()) {
        if (total <= budgetBytes) {
          break;
        }
        if (e.getKey() != window && e.getValue() > 0) {
          victims.add(e.getKey());
          total -= e.getValue();
        }
      }
      for (DownloadWindow victim : victims) {
        files.put(victim, 0L);
      }
    }
    for (DownloadWindow victim : victims) {
      // Each window belongs to its client's context; it declines when a read is waiting on it.
      victim.runOnContext(() -> victim.evict().onSuccess(deleted -> {
        if (deleted) {
          LOG.debug("Disk budget {} bytes: deleted TDLib's copy of file {}", budgetBytes, victim.fileId);
          synchronized (files) {
            // Nothing of it on disk now, unless a read served since put it back with its bytes.
            files.remove(victim, 0L);
          }
        } else {
          synchronized (files) {
            files.put(victim, victim.bytesOnDisk());
          }
        }
      }));
    }
  }

  /** The window is gone (it holds nothing): stop tracking it. */
  void forget(DownloadWindow window) {
    synchronized (files) {
      files.remove(window);
    }
  }

  /** Files tracked now (for tests). */
  int trackedFiles() {
    synchronized (files) {
      return files.size();
    }
  }

  long trackedBytes() {
    synchronized (files) {
      return files.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
