package dev.tgstream.telegram.tdlib;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The download windows of one client, one per TDLib file id (file ids belong to one client), and the routing of that
 * client's updateFile events to them. A window is kept while it holds something (bytes on disk, which the disk budget
 * tracks, or a reader): when another file's window opens, those that hold nothing (their copy deleted by the disk
 * budget, or their reads failed) are forgotten, so a long-running server keeps no state per file it ever streamed.
 * Used on the client's context only.
 */
final class FileDownloads {

  private final TdClient client;
  private final Vertx vertx;
  private final TdlibSettings settings;
  private final DownloadStats stats;
  private final DiskBudget budget;
  private final Map<Integer, DownloadWindow> windows = new HashMap<>();
  private IntConsumer onForgotten = id -> { };

  FileDownloads(TdClient client, Vertx vertx, TdlibSettings settings, DownloadStats stats, DiskBudget budget) {
    this.client = client;
    this.vertx = vertx;
    this.settings = settings;
    this.stats = stats;
    this.budget = budget;
  }

  /** Told the TDLib file id of each window forgotten (what else is kept per file can go with it). */
  void onForgotten(IntConsumer listener) {
    this.onForgotten = listener;
  }

  DownloadWindow window(TdFileRef file) {
    DownloadWindow window = windows.get(file.fileId());
    if (window == null) {
      forgetThoseHoldingNothing();
      window = new DownloadWindow(client, vertx, settings, stats, budget, file);
      windows.put(file.fileId(), window);
    }
    return window;
  }

  /** Windows kept now (for tests and metrics). */
  int size() {
    return windows.size();
  }

  /**
   * Swept when a window opens rather than when a copy is deleted: the window stays valid for whoever still holds it
   * this turn, and a read arriving during a deleteFile keeps its window (it is busy then).
   */
  private void forgetThoseHoldingNothing() {
    for (DownloadWindow w : List.copyOf(windows.values())) {
      if (w.holdsNothing()) {
        forget(w);
      }
    }
  }

  private void forget(DownloadWindow window) {
    if (windows.remove(window.fileId, window)) {
      budget.forget(window);
      onForgotten.accept(window.fileId);
    }
  }

  /** Hands an updateFile to the window of its file; files nobody streams (thumbnails …) are ignored. */
  void onUpdateFile(JsonObject update) {
    JsonObject file = update.getJsonObject("file");
    if (file == null || file.getInteger("id") == null) {
      return;
    }
    DownloadWindow window = windows.get(file.getInteger("id"));
    if (window != null) {
      window.onUpdate(file);
    }
  }
}
