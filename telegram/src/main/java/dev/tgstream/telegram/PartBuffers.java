package dev.tgstream.telegram;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The off-heap memory of part reads, released deterministically instead of by the garbage collector.
 *
 * <p>The process runs with a capped direct memory and {@code -XX:+ExitOnOutOfMemoryError}: a part buffer left for
 * the collector's cleaners is freed only when a collection happens to run, so parts churned faster than that would
 * exhaust the cap. Here a gateway {@link #take}s memory for a read and {@link #wrap}s the filled memory into a
 * reference-counted {@link Buffer}; when its last reference is {@link #release}d the memory goes back to a small free
 * list (one per power-of-two size class) or, past that list's bound, is freed on the spot.
 *
 * <p>Ownership: {@code readPart} hands its caller one reference. Whoever keeps the buffer beyond the call that got it
 * {@link #retain}s it and releases it when done; a view ({@link Buffer#slice}) shares its part's count and must not be
 * used after the part's last release (Netty then refuses to read it: the count is checked on every access). Buffers
 * not made here (heap buffers, test doubles) are ignored by retain and release. A part buffer nobody releases is still
 * freed by its cleaner when collected, but stays counted in {@link #outstanding()}: the count is the leak detector.
 */
public final class PartBuffers {

  /** The smallest size class: Telegram's alignment. */
  private static final int MIN_CLASS = TelegramGateway.ALIGNMENT;
  /** The largest pooled class: a whole part; anything larger is allocated and freed exactly. */
  private static final int MAX_CLASS = TelegramGateway.MAX_PART;
  private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_CLASS / MIN_CLASS) + 1;
  /**
   * Free memory kept for reuse, at most: it saves the allocation, zeroing and page faults of a megabyte per part, and
   * never grows the process beyond the peak of memory in use; an eighth of the direct memory cap, at most 16 MiB.
   */
  private static final long MAX_FREE_BYTES = Math.min(16L * 1024 * 1024, PlatformDependent.maxDirectMemory() / 8);

  private static final Object LOCK = new Object();
  @SuppressWarnings("unchecked")
  private static final ArrayDeque<ByteBuffer>[] FREE = new ArrayDeque[CLASSES];
  private static long freeBytes;
  private static long outstanding;
  private static long outstandingBytes;
  private static long allocated;

  static {
    for (int i = 0; i < CLASSES; i++) {
      FREE[i] = new ArrayDeque<>();
    }
  }

  private PartBuffers() {
  }

  /**
   * Direct memory for a read of {@code length} bytes: position 0, limit {@code length}. Hand it back with
   * {@link #wrap} once filled, or with {@link #giveBack} when the read fails.
   */
  public static ByteBuffer take(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    int sizeClass = classOf(length);
    ByteBuffer memory = null;
    synchronized (LOCK) {
      outstanding++;
      if (sizeClass >= 0) {
        memory = FREE[sizeClass].pollLast();
        if (memory != null) {
          freeBytes -= memory.capacity();
        }
      }
      if (memory == null) {
        allocated++;
      }
      outstandingBytes += capacityOf(sizeClass, length);
    }
    if (memory == null) {
      try {
        memory = ByteBuffer.allocateDirect(capacityOf(sizeClass, length));
      } catch (OutOfMemoryError e) {
        synchronized (LOCK) {
          outstanding--;
          outstandingBytes -= capacityOf(sizeClass, length);
        }
        throw e;
      }
    }
    memory.clear().limit(length);
    return memory;
  }

  /** The bytes [0, limit) of memory from {@link #take} (flipped after filling) as a buffer holding one reference. */
  public static Buffer wrap(ByteBuffer filled) {
    return BufferInternal.buffer(new PartByteBuf(filled));
  }

  /** Returns memory from {@link #take} that will not be wrapped (its read failed). */
  public static void giveBack(ByteBuffer memory) {
    recycle(memory);
  }

  /** Adds a reference to the part behind {@code buffer} (or a view of it); nothing for other buffers. */
  public static Buffer retain(Buffer buffer) {
    ByteBuf part = partOf(buffer);
    if (part != null) {
      part.retain();
    }
    return buffer;
  }

  /** Drops a reference to the part behind {@code buffer}: the last one frees its memory. Nothing for other buffers. */
  public static void release(Buffer buffer) {
    ByteBuf part = partOf(buffer);
    if (part != null) {
      part.release();
    }
  }

  /** A heap copy of the bytes, after which the caller's reference is released: for readers that parse and forget. */
  public static byte[] copyAndRelease(Buffer buffer) {
    try {
      return buffer.getBytes();
    } finally {
      release(buffer);
    }
  }

  /**
   * Releases the successful results of {@code reads} once all have answered: for a batch of reads that failed as a
   * whole (the parts that did arrive would otherwise wait for the collector).
   */
  public static void releaseAll(List<? extends Future<Buffer>> reads) {
    for (Future<Buffer> read : reads) {
      read.onSuccess(PartBuffers::release);
    }
  }

  /** The references the part behind {@code buffer} has; -1 when it is not a part buffer. For tests. */
  public static int refCount(Buffer buffer) {
    try {
      ByteBuf part = partOf(buffer);
      return part == null ? -1 : part.refCnt();
    } catch (IllegalReferenceCountException e) {
      return 0; // released: Netty refuses even to make the view partOf walks through
    }
  }

  /** Part buffers taken and not yet released (or given back). */
  public static long outstanding() {
    synchronized (LOCK) {
      return outstanding;
    }
  }

  /** The capacity of the outstanding buffers' memory, in bytes. */
  public static long outstandingBytes() {
    synchronized (LOCK) {
      return outstandingBytes;
    }
  }

  /** Released memory kept for reuse, in bytes (bounded by {@link #MAX_FREE_BYTES}). */
  public static long freeBytes() {
    synchronized (LOCK) {
      return freeBytes;
    }
  }

  /** Direct allocations made in total (takes the free lists could not serve). */
  public static long allocations() {
    synchronized (LOCK) {
      return allocated;
    }
  }

  private static ByteBuf partOf(Buffer buffer) {
    if (!(buffer instanceof BufferInternal internal)) {
      return null;
    }
    // getByteBuf() is an unreleasable view of a view: walk down to the buffer that owns the memory.
    ByteBuf b = internal.getByteBuf();
    for (int depth = 0; b != null && depth < 4; depth++) {
      if (b instanceof PartByteBuf) {
        return b;
      }
      ByteBuf inner = b.unwrap();
      if (inner == b) {
        break;
      }
      b = inner;
    }
    return null;
  }

  /** The free list index for a read of {@code length}, or -1 when it is larger than a part (not pooled). */
  private static int classOf(int length) {
    if (length > MAX_CLASS) {
      return -1;
    }
    int capacity = Math.max(MIN_CLASS, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
    return Integer.numberOfTrailingZeros(capacity / MIN_CLASS);
  }

  private static int capacityOf(int sizeClass, int length) {
    return sizeClass < 0 ? length : MIN_CLASS << sizeClass;
  }

  private static void recycle(ByteBuffer memory) {
    int capacity = memory.capacity();
    int sizeClass = Integer.bitCount(capacity) == 1 && capacity >= MIN_CLASS && capacity <= MAX_CLASS
        ? Integer.numberOfTrailingZeros(capacity / MIN_CLASS) : -1;
    boolean kept = false;
    synchronized (LOCK) {
      outstanding--;
      outstandingBytes -= capacity;
      if (sizeClass >= 0 && freeBytes + capacity <= MAX_FREE_BYTES) {
        FREE[sizeClass].addLast(memory);
        freeBytes += capacity;
        kept = true;
      }
    }
    if (!kept) {
      // Freed now, not when a collection finds it: this is what keeps the capped direct memory from running out.
      PlatformDependent.freeDirectBuffer(memory);
    }
  }

  /**
   * A part's memory as a Netty buffer: reference-counted, views share its count, and the last release recycles the
   * memory (Netty itself never frees it: it is wrapped, not allocated, by this buffer).
   */
  private static final class PartByteBuf extends UnpooledDirectByteBuf {

    private final ByteBuffer memory;

    PartByteBuf(ByteBuffer filled) {
      super(UnpooledByteBufAllocator.DEFAULT, filled, filled.remaining());
      this.memory = filled;
    }

    @Override
    protected void deallocate() {
      super.deallocate();
      recycle(memory);
    }
  }
}
