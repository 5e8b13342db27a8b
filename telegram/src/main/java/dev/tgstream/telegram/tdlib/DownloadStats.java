package dev.tgstream.telegram.tdlib;

import java.util.concurrent.atomic.AtomicLong;

/** What the gateway's download windows did: for metrics, logs and tests (window thrash, disk hits, fallbacks). */
public final class DownloadStats {

  /** downloadFile calls that opened or moved a window. */
  public final AtomicLong windowMoves = new AtomicLong();
  /** Moves that replaced a window TDLib was still downloading (the cost arbitration keeps low). */
  public final AtomicLong windowReplacements = new AtomicLong();
  /** downloadFile calls that only lengthened the current window (same offset: nothing in flight is lost). */
  public final AtomicLong windowExtensions = new AtomicLong();
  /** Reads whose bytes were already on disk when they arrived (no window needed). */
  public final AtomicLong readsFromDisk = new AtomicLong();
  /** Reads that waited for a window. */
  public final AtomicLong readsWaited = new AtomicLong();
  /** Reads served through readFilePart because the local path could not be read. */
  public final AtomicLong readFilePartFallbacks = new AtomicLong();
  /** Reads that failed because their bytes did not arrive within the read timeout. */
  public final AtomicLong readTimeouts = new AtomicLong();
  /** Times a background read (a warm-up) gave the window up to a read somebody waits for. */
  public final AtomicLong backgroundYields = new AtomicLong();
  /** Files whose downloads were deleted to keep the disk budget. */
  public final AtomicLong evictions = new AtomicLong();

  @Override
  public String toString() {
    return "windowMoves=" + windowMoves + " replacements=" + windowReplacements + " extensions=" + windowExtensions
        + " readsFromDisk=" + readsFromDisk + " readsWaited=" + readsWaited + " readFilePartFallbacks="
        + readFilePartFallbacks + " readTimeouts=" + readTimeouts + " backgroundYields=" + backgroundYields
        + " evictions=" + evictions;
  }
}
