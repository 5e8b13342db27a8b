package dev.tgstream.telegram;

import io.netty.util.IllegalReferenceCountException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartBuffersTest {

  private static Buffer part(byte[] bytes) {
    ByteBuffer memory = PartBuffers.take(bytes.length);
    memory.put(bytes).flip();
    return PartBuffers.wrap(memory);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void aWrappedPartHoldsExactlyItsBytesAndOneReference() {
    long before = PartBuffers.outstanding();
    byte[] data = bytes(5000, 1);
    Buffer part = part(data);
    assertEquals(Buffer.buffer(data), part);
    assertEquals(5000, part.length());
    assertEquals(1, PartBuffers.refCount(part));
    assertEquals(before + 1, PartBuffers.outstanding());
    PartBuffers.release(part);
    assertEquals(before, PartBuffers.outstanding());
  }

  @Test
  void viewsShareTheCountAndAreRefusedAfterTheLastRelease() {
    long before = PartBuffers.outstanding();
    Buffer part = part(bytes(8192, 2));
    Buffer view = part.slice(100, 200);
    PartBuffers.retain(view); // a view's retain is its part's
    assertEquals(2, PartBuffers.refCount(part));
    PartBuffers.release(part);
    assertEquals(bytes(8192, 2)[100], view.getByte(0));
    PartBuffers.release(view);
    assertEquals(before, PartBuffers.outstanding());
    assertThrows(IllegalReferenceCountException.class, () -> view.getByte(0));
    assertThrows(IllegalReferenceCountException.class, () -> part.getBytes());
  }

  @Test
  void releasedMemoryIsReusedNotAllocatedAgain() {
    PartBuffers.release(part(bytes(TelegramGateway.MAX_PART, 3)));
    long allocations = PartBuffers.allocations();
    for (int i = 0; i < 100; i++) {
      byte[] data = bytes(TelegramGateway.MAX_PART - i * 4096, i);
      Buffer p = part(data);
      assertEquals(Buffer.buffer(data), p);
      PartBuffers.release(p);
    }
    assertEquals(allocations, PartBuffers.allocations());
  }

  @Test
  void memoryGivenBackAfterAFailedReadIsNotOutstanding() {
    long before = PartBuffers.outstanding();
    PartBuffers.giveBack(PartBuffers.take(4096));
    assertEquals(before, PartBuffers.outstanding());
  }

  @Test
  void otherBuffersAreLeftAlone() {
    Buffer heap = Buffer.buffer(bytes(10, 4));
    PartBuffers.retain(heap);
    PartBuffers.release(heap);
    assertEquals(-1, PartBuffers.refCount(heap));
    assertEquals(Buffer.buffer(bytes(10, 4)), heap);
  }
}
