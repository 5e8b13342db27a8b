package dev.tgstream.telegram.media;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes of one file as far as they have been fetched, in aligned parts of {@link #partSize()} bytes. Parsers
 * read through it as if the whole file were there; a read that touches a part not fetched yet throws
 * {@link NeedBytes}, a read past the end {@link MalformedMedia}. Not thread-safe: one parse at a time.
 */
public final class PartView {

  private final long size;
  private final int partSize;
  private final Map<Long, byte[]> parts = new HashMap<>();

  /** @param partSize a power of two between 4 KiB and 1 MiB, so parts obey Telegram's alignment rules */
  public PartView(long size, int partSize) {
    if (Integer.bitCount(partSize) != 1 || partSize < 4096 || partSize > 1024 * 1024) {
      throw new IllegalArgumentException("part size must be a power of two in [4 KiB, 1 MiB]: " + partSize);
    }
    this.size = size;
    this.partSize = partSize;
  }

  /** A view of bytes already in memory (tests, small files). */
  public static PartView of(byte[] data) {
    PartView view = new PartView(data.length, 4096);
    for (long at = 0; at < data.length; at += view.partSize) {
      int n = (int) Math.min(view.partSize, data.length - at);
      byte[] part = new byte[n];
      System.arraycopy(data, (int) at, part, 0, n);
      view.parts.put(at / view.partSize, part);
    }
    return view;
  }

  public long size() {
    return size;
  }

  public int partSize() {
    return partSize;
  }

  /** Stores the part starting at {@code offset} (a multiple of the part size). */
  void put(long offset, byte[] bytes) {
    parts.put(offset / partSize, bytes);
  }

  boolean has(long offset) {
    return parts.containsKey(offset / partSize);
  }

  /** Drops the parts that end at or before {@code offset}: a forward walk keeps memory bounded this way. */
  public void forgetBefore(long offset) {
    parts.keySet().removeIf(p -> (p + 1) * partSize <= offset);
  }

  /** Drops every fetched part (long scans keep memory bounded this way). */
  public void forget() {
    parts.clear();
  }

  int partsHeld() {
    return parts.size();
  }

  /** Throws {@link NeedBytes} unless {@code [offset, offset + length)} is inside the file and fetched. */
  public void require(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new MalformedMedia("read past the end: " + offset + "+" + length + " of " + size);
    }
    if (length == 0) {
      return;
    }
    long first = offset / partSize;
    long last = (offset + length - 1) / partSize;
    for (long p = first; p <= last; p++) {
      if (!parts.containsKey(p)) {
        long from = Math.max(offset, p * partSize);
        throw new NeedBytes(from, offset + length - from);
      }
    }
  }

  public int u8(long at) {
    require(at, 1);
    return parts.get(at / partSize)[(int) (at % partSize)] & 0xff;
  }

  public byte[] bytes(long at, int length) {
    require(at, length);
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      long pos = at + done;
      byte[] part = parts.get(pos / partSize);
      int within = (int) (pos % partSize);
      int n = Math.min(length - done, part.length - within);
      if (n <= 0) {
        throw new MalformedMedia("short part at " + pos);
      }
      System.arraycopy(part, within, out, done, n);
      done += n;
    }
    return out;
  }

  /** An unsigned big-endian integer of 1 to 8 bytes. */
  public long uintBE(long at, int length) {
    require(at, length);
    long v = 0;
    for (int i = 0; i < length; i++) {
      v = (v << 8) | u8(at + i);
    }
    return v;
  }

  /** An unsigned little-endian integer of 1 to 8 bytes. */
  public long uintLE(long at, int length) {
    require(at, length);
    long v = 0;
    for (int i = length - 1; i >= 0; i--) {
      v = (v << 8) | u8(at + i);
    }
    return v;
  }

  public boolean matches(long at, String ascii) {
    if (at < 0 || at + ascii.length() > size) {
      return false;
    }
    return new String(bytes(at, ascii.length()), StandardCharsets.ISO_8859_1).equals(ascii);
  }
}
