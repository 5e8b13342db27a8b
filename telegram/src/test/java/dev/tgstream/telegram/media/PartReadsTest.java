package dev.tgstream.telegram.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver fetches only aligned whole parts, in parallel rounds, and stops at its budget. */
class PartReadsTest {

  @Test
  void fetchesAlignedPartsAndStopsAtTheBudget() throws Exception {
    List<long[]> reads = new ArrayList<>();
    PartReads.Source source = (offset, length) -> {
      reads.add(new long[] {offset, length});
      return Future.succeededFuture(Buffer.buffer(new byte[length]));
    };
    PartView view = new PartView(10L * 1024 * 1024, 64 * 1024);
    byte[] got = PartReads.run(view, 1024 * 1024, source, v -> v.bytes(100_000, 200_000))
        .toCompletionStage().toCompletableFuture().get();
    assertEquals(200_000, got.length);
    assertEquals(List.of(65_536L, 131_072L, 196_608L, 262_144L),
        reads.stream().map(r -> r[0]).toList(), "the four parts that cover the range, once each");
    assertTrue(reads.stream().allMatch(r -> r[1] == 65_536));
    Future<byte[]> greedy = PartReads.run(new PartView(10L * 1024 * 1024, 64 * 1024), 256 * 1024, source,
        v -> v.bytes(0, 2 * 1024 * 1024));
    assertTrue(greedy.failed() && greedy.cause() instanceof MalformedMedia, "over budget: " + greedy);
  }
}
