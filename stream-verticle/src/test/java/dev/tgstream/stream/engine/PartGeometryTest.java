package dev.tgstream.stream.engine;

import dev.tgstream.telegram.TelegramGateway;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every piece the engine can ask for is a read Telegram accepts, and holds the bytes it is asked for. */
class PartGeometryTest {

  private static void assertLegal(PieceKey key) {
    assertEquals(0, key.offset() % TelegramGateway.ALIGNMENT, key + " offset");
    assertEquals(0, key.limit() % TelegramGateway.ALIGNMENT, key + " limit");
    assertEquals(0, TelegramGateway.MAX_PART % key.limit(), key + " limit divides 1 MiB");
    assertEquals(key.offset() / MIB, (key.offset() + key.limit() - 1) / MIB, key + " crosses a 1 MiB boundary");
  }

  @Test
  void headPiecesAreAlignedToTheirSizeAndHoldTheStart() {
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      long start = random.nextLong(1L << 40);
      int size = 4096 << random.nextInt(9);
      PieceKey head = PartGeometry.headPiece("f", start, size);
      assertLegal(head);
      assertTrue(head.offset() <= start && start < head.offset() + size);
    }
  }

  @Test
  void edgeBlocksAreTheSmallestLegalReadHoldingTheBytes() {
    Random random = new Random(4);
    for (int i = 0; i < 10_000; i++) {
      long part = random.nextInt(1000);
      long from = part * MIB + random.nextInt(MIB);
      long to = from + 1 + random.nextLong(part * MIB + MIB - from);
      PieceKey block = PartGeometry.smallestBlock("f", from, to);
      assertLegal(block);
      assertTrue(block.offset() <= from && to <= block.offset() + block.limit(), block + " holds " + from + ".." + to);
      if (block.limit() > 4096) {
        long half = block.limit() / 2;
        long offset = Math.floorDiv(from, half) * half;
        assertTrue(offset + half < to, "a block half the size would do for " + from + ".." + to);
      }
    }
    assertEquals(new PieceKey("f", 5L * MIB + 512 * 1024, 512 * 1024),
        PartGeometry.smallestBlock("f", 5L * MIB + 700 * 1024, 6L * MIB));
    assertEquals(PartGeometry.part("f", 5), PartGeometry.smallestBlock("f", 5L * MIB + 300 * 1024, 6L * MIB));
  }

  @Test
  void partsEndWhereTheFileEnds() {
    long size = 3L * MIB + 10;
    assertEquals(3, PartGeometry.lastPartIndex(size));
    assertEquals(10, PartGeometry.part("f", 3).expectedLength(size));
    assertEquals(MIB, PartGeometry.part("f", 2).expectedLength(size));
    assertEquals(-1, PartGeometry.lastPartIndex(0));
    assertEquals(2, PartGeometry.lastPartIndex(3L * MIB));
  }
}
