package dev.tgstream.telegram.tdlib;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The download windows of one client, one per TDLib file id (file ids belong to one client), and the routing of that
 * client's updateFile events to them. Used on the client's context only.
 */
final class FileDownloads {

  private final TdClient client;
  private final Vertx vertx;
  private final TdlibSettings settings;
  private final DownloadStats stats;
  private final DiskBudget budget;
  private final Map<Integer, DownloadWindow> windows = new HashMap<>();

  FileDownloads(TdClient client, Vertx vertx, TdlibSettings settings, DownloadStats stats, DiskBudget budget) {
    this.client = client;
    this.vertx = vertx;
    this.settings = settings;
    this.stats = stats;
    this.budget = budget;
  }

  DownloadWindow window(TdFileRef file) {
    return windows.computeIfAbsent(file.fileId(),
        id -> new DownloadWindow(client, vertx, settings, stats, budget, file));
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
