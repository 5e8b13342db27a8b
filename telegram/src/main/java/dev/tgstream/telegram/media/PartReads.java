package dev.tgstream.telegram.media;

import io.vertx.core.Future;
import dev.tgstream.telegram.PartBuffers;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a synchronous parser over a file that is read in aligned parts: the parser throws {@link NeedBytes} for what
 * it lacks, the driver fetches those parts (through {@code TelegramGateway.readPart} or a local equivalent) and runs
 * the parser again. Parsers read kilobytes, so a re-run costs little, and the same parser serves every backend.
 * A budget caps the bytes one run may fetch, so a hostile file cannot make a probe read gigabytes.
 */
public final class PartReads {

  /** An asynchronous part reader, e.g. {@code (offset, length) -> gateway.readPart(fileId, offset, length)}. */
  @FunctionalInterface
  public interface Source {
    Future<Buffer> read(long offset, int length);
  }

  /** A blocking part reader for code already on a worker thread (the library's describer). */
  @FunctionalInterface
  public interface BlockingSource {
    byte[] read(long offset, int length) throws IOException;
  }

  /** Parts fetched at once for one {@link NeedBytes}: parallel enough, bounded per round. */
  private static final int MAX_PARTS_PER_ROUND = 16;

  private PartReads() {
  }

  /** Runs {@code parser} over {@code view}, fetching through {@code source}; fails when the budget runs out. */
  public static <T> Future<T> run(PartView view, long budgetBytes, Source source, Function<PartView, T> parser) {
    return new Run<>(view, budgetBytes, source, parser).next();
  }

  /** Fetches these aligned parts (those not held yet) into {@code view}, a bounded number at a time. */
  public static Future<Void> prefetch(PartView view, Source source, List<Long> offsets) {
    List<Long> missing = offsets.stream().filter(o -> o >= 0 && o < view.size() && !view.has(o)).toList();
    return prefetchFrom(view, source, missing, 0);
  }

  private static Future<Void> prefetchFrom(PartView view, Source source, List<Long> offsets, int from) {
    if (from >= offsets.size()) {
      return Future.succeededFuture();
    }
    List<Long> batch = offsets.subList(from, Math.min(offsets.size(), from + MAX_PARTS_PER_ROUND));
    List<Future<Buffer>> reads = batch.stream().map(o -> source.read(o, view.partSize())).toList();
    return Future.all(reads).onFailure(e -> PartBuffers.releaseAll(reads)).compose(all -> {
      for (int i = 0; i < batch.size(); i++) {
        view.put(batch.get(i), PartBuffers.copyAndRelease(reads.get(i).result()));
      }
      return prefetchFrom(view, source, offsets, from + MAX_PARTS_PER_ROUND);
    });
  }

  /** The blocking twin of {@link #run}: same parsers, same budget, for a caller already on a worker. */
  public static <T> T runBlocking(PartView view, long budgetBytes, BlockingSource source,
      Function<PartView, T> parser) throws IOException {
    long fetched = 0;
    while (true) {
      try {
        return parser.apply(view);
      } catch (NeedBytes need) {
        for (long offset : partsFor(view, need)) {
          int length = partLength(view, offset);
          fetched += length;
          if (fetched > budgetBytes) {
            throw new MalformedMedia("read budget of " + budgetBytes + " bytes exhausted");
          }
          byte[] bytes = source.read(offset, length);
          if (bytes.length == 0) {
            throw new MalformedMedia("empty part at " + offset);
          }
          view.put(offset, bytes);
        }
      }
    }
  }

  private static final class Run<T> {
    private final PartView view;
    private final long budget;
    private final Source source;
    private final Function<PartView, T> parser;
    private long fetched;

    Run(PartView view, long budget, Source source, Function<PartView, T> parser) {
      this.view = view;
      this.budget = budget;
      this.source = source;
      this.parser = parser;
    }

    Future<T> next() {
      NeedBytes need;
      try {
        return Future.succeededFuture(parser.apply(view));
      } catch (NeedBytes e) {
        need = e;
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      List<Long> offsets;
      try {
        offsets = partsFor(view, need);
      } catch (MalformedMedia e) {
        return Future.failedFuture(e);
      }
      List<Future<Buffer>> reads = new ArrayList<>();
      for (long offset : offsets) {
        int length = partLength(view, offset);
        fetched += length;
        if (fetched > budget) {
          return Future.failedFuture(new MalformedMedia("read budget of " + budget + " bytes exhausted"));
        }
        reads.add(source.read(offset, length));
      }
      return Future.all(reads).onFailure(e -> PartBuffers.releaseAll(reads)).compose(all -> {
        for (int i = 0; i < offsets.size(); i++) {
          Buffer part = reads.get(i).result();
          if (part.length() == 0) {
            PartBuffers.releaseAll(reads.subList(i, reads.size()));
            return Future.failedFuture(new MalformedMedia("empty part at " + offsets.get(i)));
          }
          view.put(offsets.get(i), PartBuffers.copyAndRelease(part));
        }
        return next();
      });
    }
  }

  /** The offsets of the missing parts that cover what {@code need} asks for, at most a round's worth. */
  private static List<Long> partsFor(PartView view, NeedBytes need) {
    int partSize = view.partSize();
    long first = need.offset() / partSize;
    long last = (need.offset() + Math.max(1, need.length()) - 1) / partSize;
    List<Long> offsets = new ArrayList<>();
    for (long p = first; p <= last && offsets.size() < MAX_PARTS_PER_ROUND; p++) {
      long offset = p * partSize;
      if (offset < view.size() && !view.has(offset)) {
        offsets.add(offset);
      }
    }
    if (offsets.isEmpty()) {
      // A part we hold is shorter than the view claims: the file shrank, or a backend answered short.
      throw new MalformedMedia("cannot fetch " + need.getMessage());
    }
    return offsets;
  }

  /** Always a whole aligned part: readPart returns less only where the file ends. */
  private static int partLength(PartView view, long offset) {
    return view.partSize();
  }
}
