package dev.tgstream.stream.engine;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A source whose reads complete only when the test says so, to observe the order and number of reads exactly: how
 * many are in flight before any is answered, which one a seek starts, how many round trips a range needs.
 *
 * <p>Built on bytes ({@link #ManualGateway(byte[])}) it answers with the real slice, so a test can check digests;
 * without, with zeros. Answers are part buffers ({@link PartBuffers}), like the real gateways'. It counts reads that break Telegram's alignment rules, like the simulator does.
 *
 * <p>Answering is synchronous: a test that starts its transfers and answers reads on one event-loop context sees the
 * engine's whole reaction (writes, new reads) before the answer returns, so "the reads pending now" is exact.
 */
final class ManualGateway implements TelegramGateway {

  static final String FILE_ID = "manual";

  /** One read, pending until {@link #succeed()} or {@link #fail(Throwable)}. */
  final class Call {
    private final long offset;
    private final int length;
    private final ReadUrgency urgency;
    private final Promise<Buffer> promise = Promise.promise();

    private Call(long offset, int length, ReadUrgency urgency) {
      this.offset = offset;
      this.length = length;
      this.urgency = urgency;
    }

    ReadUrgency urgency() {
      return urgency;
    }

    long offset() {
      return offset;
    }

    int length() {
      return length;
    }

    boolean isPending() {
      return !promise.future().isComplete();
    }

    /** Answers with the file's bytes (short at its end), or zeros for a gateway without bytes. */
    void succeed() {
      if (!settled()) {
        return;
      }
      if (data == null) {
        promise.complete(part(new byte[length], 0, length));
      } else if (offset >= data.length) {
        promise.fail(GatewayException.invalid("offset past end"));
      } else {
        int end = (int) Math.min(data.length, offset + length);
        promise.complete(part(data, (int) offset, end - (int) offset));
      }
    }

    void fail(Throwable cause) {
      if (settled()) {
        promise.fail(cause);
      }
    }

    private boolean settled() {
      synchronized (ManualGateway.this) {
        if (!isPending() || !pending.remove(this)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return offset + "+" + length;
    }
  }

  private final byte[] data;
  private final List<Call> calls = new ArrayList<>();
  private final List<Call> pending = new ArrayList<>();
  private final List<Long> hurried = new ArrayList<>();
  private final List<Consumer<SourceChange>> listeners = new CopyOnWriteArrayList<>();
  private int peakInFlight;
  private int invalidCalls;

  /** Answers with zeros of the asked length. */
  ManualGateway() {
    this(null);
  }

  /** Answers with slices of {@code data}, the one file {@link #file()} describes. */
  ManualGateway(byte[] data) {
    this.data = data;
  }

  /** Bytes as a part buffer, as the real gateways answer: reference-counted direct memory the engine must release. */
  static Buffer part(byte[] bytes, int offset, int length) {
    ByteBuffer memory = PartBuffers.take(length);
    memory.put(bytes, offset, length).flip();
    return PartBuffers.wrap(memory);
  }

  /** {@code size} seeded random bytes: the content of a test file. */
  static byte[] randomBytes(long size, long seed) {
    byte[] bytes = new byte[Math.toIntExact(size)];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** The file this gateway serves (only for a gateway made on bytes). */
  MediaFile file() {
    return new MediaFile(FILE_ID, "channel", "sample.bin", data.length, "application/octet-stream",
        MediaType.DOCUMENT, Instant.EPOCH, null, null, null, null, "content-1", false);
  }

  synchronized List<Long> offsets() {
    return calls.stream().map(Call::offset).toList();
  }

  synchronized Call call(int i) {
    return calls.get(i);
  }

  /** Reads asked for in total. */
  synchronized int count() {
    return calls.size();
  }

  /** Reads asked for and not answered yet, oldest first. */
  synchronized List<Call> pending() {
    return List.copyOf(pending);
  }

  synchronized int inFlight() {
    return pending.size();
  }

  /** The most reads that were ever pending at once. */
  synchronized int peakInFlight() {
    return peakInFlight;
  }

  /** Reads whose offset or limit Telegram would refuse. */
  synchronized int invalidCalls() {
    return invalidCalls;
  }

  /**
   * Answers every read pending now, oldest first, but not the reads these answers cause: one round trip of a source
   * that serves its calls in parallel. Returns how many were answered.
   */
  int answerRound() {
    List<Call> round = pending();
    for (Call c : round) {
      c.succeed();
    }
    return round.size();
  }

  /** Offsets of the background reads the engine hurried ({@link #hurry}), in order. */
  synchronized List<Long> hurried() {
    return List.copyOf(hurried);
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    return readPart(fileId, offset, length, ReadUrgency.WAITED);
  }

  @Override
  public synchronized void hurry(String fileId, long offset, int length) {
    hurried.add(offset);
  }

  @Override
  public synchronized Future<Buffer> readPart(String fileId, long offset, int length, ReadUrgency urgency) {
    Call call = new Call(offset, length, urgency);
    calls.add(call);
    pending.add(call);
    peakInFlight = Math.max(peakInFlight, pending.size());
    if (offset % ALIGNMENT != 0 || length % ALIGNMENT != 0 || length <= 0 || MAX_PART % length != 0
        || offset / MAX_PART != (offset + length - 1) / MAX_PART) {
      invalidCalls++;
    }
    return call.promise.future();
  }

  @Override
  public void onChange(Consumer<SourceChange> listener) {
    listeners.add(listener);
  }

  /** Tells the listeners that files changed, as a watching source does. */
  void announce(SourceChange change) {
    listeners.forEach(l -> l.accept(change));
  }

  @Override
  public Future<List<Channel>> channels() {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return Future.failedFuture(GatewayException.notFound("this test source answers part reads only"));
  }
}
