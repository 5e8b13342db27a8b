package dev.tgstream.stream.engine;

import dev.tgstream.telegram.TelegramGateway;

/**
 * Where parts and head pieces lie in a file. Telegram serves a file in reads whose offset and limit are multiples of
 * 4 KiB, whose limit divides 1 MiB and which never cross a 1 MiB boundary; everything the engine fetches is shaped
 * here so that no read can break those rules.
 */
final class PartGeometry {

  /** A whole part: the largest read Telegram allows, and the unit of the cache. */
  static final int PART_SIZE = TelegramGateway.MAX_PART;

  private PartGeometry() {
  }

  /** The index of the part holding byte {@code offset}. */
  static long partIndex(long offset) {
    return offset / PART_SIZE;
  }

  /** The index of the file's last part; a file of size 0 has none (returns -1). */
  static long lastPartIndex(long fileSize) {
    return fileSize == 0 ? -1 : (fileSize - 1) / PART_SIZE;
  }

  /** The whole part {@code index} of a file: offset index·1 MiB, limit 1 MiB (the gateway returns less at the end). */
  static PieceKey part(String fileId, long index) {
    return part(fileId, "", index);
  }

  static PieceKey part(String fileId, String content, long index) {
    return new PieceKey(fileId, content, index * PART_SIZE, PART_SIZE);
  }

  /**
   * The small piece holding {@code start}: aligned to its own size, which is a power of two dividing 1 MiB, so it can
   * never cross a part boundary.
   */
  static PieceKey headPiece(String fileId, long start, int pieceBytes) {
    return headPiece(fileId, "", start, pieceBytes);
  }

  static PieceKey headPiece(String fileId, String content, long start, int pieceBytes) {
    return new PieceKey(fileId, content, Math.floorDiv(start, pieceBytes) * pieceBytes, pieceBytes);
  }

  /**
   * The smallest legal read holding bytes [from, to) of one part: a power-of-two block (4 KiB..1 MiB) aligned to its own
   * size. It is the whole part when the bytes straddle the part's middle.
   */
  static PieceKey smallestBlock(String fileId, long from, long to) {
    return smallestBlock(fileId, "", from, to);
  }

  static PieceKey smallestBlock(String fileId, String content, long from, long to) {
    for (int size = TelegramGateway.ALIGNMENT; size < PART_SIZE; size <<= 1) {
      long offset = Math.floorDiv(from, size) * size;
      if (offset + size >= to) {
        return new PieceKey(fileId, content, offset, size);
      }
    }
    return part(fileId, content, partIndex(from));
  }

  /** Whether {@code bytes} is a read size Telegram accepts: a power of two from 4 KiB to 1 MiB. */
  static boolean isValidPieceSize(int bytes) {
    return bytes >= TelegramGateway.ALIGNMENT && bytes <= PART_SIZE && Integer.bitCount(bytes) == 1;
  }
}
