package dev.tgstream.stream.engine;

/**
 * One aligned gateway read: a whole 1 MiB part ({@link PartGeometry#part}), or a smaller piece inside one part (a
 * request's head piece, {@link PartGeometry#headPiece}, or the needed end of a part at a range's edge,
 * {@link PartGeometry#smallestBlock}). It identifies a fetch for coalescing, and (whole parts only) a cache entry.
 *
 * @param fileId  the file's id
 * @param content the content's identity (the file's unique id): a file replaced under the same id must not be served
 *                from parts cached for its old content
 * @param offset  first byte, a multiple of {@code limit}
 * @param limit   the read size asked of the gateway
 */
record PieceKey(String fileId, String content, long offset, int limit) {

  PieceKey(String fileId, long offset, int limit) {
    this(fileId, "", offset, limit);
  }

  boolean isWholePart() {
    return limit == PartGeometry.PART_SIZE;
  }

  /** The bytes the gateway must return for a file of {@code fileSize}: {@code limit}, or less where the file ends. */
  int expectedLength(long fileSize) {
    return (int) Math.max(0, Math.min(limit, fileSize - offset));
  }

  /** Whether this piece holds byte {@code position} of a file of {@code fileSize}. */
  boolean holds(long position, long fileSize) {
    return position >= offset && position < offset + expectedLength(fileSize);
  }

  @Override
  public String toString() {
    return fileId + "@" + offset + "+" + limit;
  }
}
