package dev.tgstream.telegram.media;

import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The cues of one text subtitle track of a Matroska/WebM file, read through part reads. When the Cues index the
 * track (ffmpeg and mkvmerge index subtitle blocks), only the indexed blocks are read: a few bytes each, fetched in
 * parallel. Otherwise the clusters are walked from the first one, reading element headers and skipping the payload
 * of other tracks' blocks, within a read budget; the walk keeps its place, so a part fetched mid-walk does not make
 * it start over.
 */
public final class MatroskaSubtitles {

  /** Parts for the walk: bigger than the probes', as a walk reads on and on. */
  static final int SCAN_PART_SIZE = 256 * 1024;
  static final int INDEXED_PART_SIZE = 4096;
  private static final long INDEXED_BUDGET_BYTES = 64L * 1024 * 1024;
  /** A walk without cues stops here; bigger unindexed files get no embedded subtitles rather than a long read. */
  public static final long SCAN_BUDGET_BYTES = 512L * 1024 * 1024;
  private static final long CUE_POINT = 0xBB;
  private static final long CUE_TIME = 0xB3;
  private static final long CUE_TRACK_POSITIONS = 0xB7;
  private static final long CUE_TRACK = 0xF7;
  private static final long CUE_CLUSTER_POSITION = 0xF1;
  private static final long CUE_RELATIVE_POSITION = 0xF0;
  private static final long TIMECODE = 0xE7;
  private static final long SIMPLE_BLOCK = 0xA3;
  private static final long BLOCK_GROUP = 0xA0;
  private static final long BLOCK = 0xA1;
  private static final long BLOCK_DURATION = 0x9B;
  private static final int MAX_CUES = 50_000;
  private static final int MAX_BLOCK_BYTES = 64 * 1024;
  /** What a cue without a duration (a SimpleBlock) shows for, unless the next cue starts sooner. */
  private static final long DEFAULT_CUE_MS = 3000;

  private MatroskaSubtitles() {
  }

  /** The file's tracks (and where its cues and clusters lie). */
  public static Future<MatroskaHeaders> headers(long size, PartReads.Source source) {
    return PartReads.run(new PartView(size, MediaProbe.PART_SIZE), MediaProbe.BUDGET_BYTES, source,
        MatroskaHeaders::parse);
  }

  /** The cues of {@code track}, in time order, as WebVTT cue text. */
  public static Future<List<TextCue>> cues(long size, PartReads.Source source, MatroskaHeaders headers,
      MatroskaTrack track) {
    // Indexed blocks are a few hundred bytes spread over the whole file: the smallest part Telegram serves (4 KiB)
    // keeps a film's thousand cues to a few MiB of reads.
    PartView small = new PartView(size, INDEXED_PART_SIZE);
    Future<List<long[]>> indexed = headers.cuesPosition() < 0 ? Future.succeededFuture(List.of())
        : PartReads.run(small, INDEXED_BUDGET_BYTES, source, v -> cuePositions(v, headers, track.number()))
            .otherwise(List.of());
    return indexed.compose(positions -> {
      if (positions.isEmpty()) {
        if (headers.firstClusterPosition() < 0) {
          return Future.succeededFuture(List.<Block>of());
        }
        Walk walk = new Walk(headers, track.number());
        return PartReads.run(new PartView(size, SCAN_PART_SIZE), SCAN_BUDGET_BYTES, source, walk::advance);
      }
      return PartReads.prefetch(small, source, partsAround(small, positions))
          .compose(v -> PartReads.run(small, INDEXED_BUDGET_BYTES, source,
              view -> indexedBlocks(view, headers, track.number(), positions)));
    }).map(blocks -> toCues(blocks, headers.timecodeScale(), track));
  }

  /** A block of the track: its absolute time in ticks, its duration in ticks (-1 unknown) and its payload. */
  record Block(long time, long duration, byte[] payload) {
  }

  /** {cluster position, relative position or -1} of the track's cue points, absolute in the file. */
  static List<long[]> cuePositions(PartView view, MatroskaHeaders headers, long track) {
    Ebml.Element cues = Ebml.element(view, headers.cuesPosition());
    if (cues.id() != MatroskaHeaders.CUES || !cues.sizeKnown()) {
      return List.of();
    }
    List<long[]> out = new ArrayList<>();
    long at = cues.dataStart();
    while (at < cues.end() && out.size() < MAX_CUES) {
      Ebml.Element point = Ebml.element(view, at);
      Ebml.within(point, cues.end());
      if (point.id() == CUE_POINT) {
        for (Ebml.Element c : MatroskaHeaders.children(view, point)) {
          if (c.id() != CUE_TRACK_POSITIONS) {
            continue;
          }
          long cueTrack = -1;
          long cluster = -1;
          long relative = -1;
          for (Ebml.Element p : MatroskaHeaders.children(view, c)) {
            if (p.id() == CUE_TRACK) {
              cueTrack = Ebml.uint(view, p);
            } else if (p.id() == CUE_CLUSTER_POSITION) {
              cluster = Ebml.uint(view, p);
            } else if (p.id() == CUE_RELATIVE_POSITION) {
              relative = Ebml.uint(view, p);
            }
          }
          if (cueTrack == track && cluster >= 0) {
            out.add(new long[] {headers.segmentStart() + cluster, relative});
          }
        }
      }
      at = point.end();
    }
    return out;
  }

  /** The parts holding each indexed cluster's header and block: fetched together, in parallel. */
  private static List<Long> partsAround(PartView view, List<long[]> positions) {
    TreeSet<Long> parts = new TreeSet<>();
    for (long[] p : positions) {
      parts.add(p[0] / view.partSize() * view.partSize());
      if (p[1] >= 0) {
        long block = p[0] + 12 + p[1];
        parts.add(block / view.partSize() * view.partSize());
      }
    }
    return new ArrayList<>(parts);
  }

  private static List<Block> indexedBlocks(PartView view, MatroskaHeaders headers, long track,
      List<long[]> positions) {
    List<Block> out = new ArrayList<>();
    long lastCluster = -1;
    for (long[] p : positions) {
      Ebml.Element cluster = Ebml.element(view, p[0]);
      if (cluster.id() != MatroskaHeaders.CLUSTER) {
        continue;
      }
      if (p[1] < 0) {
        // No relative position: read this cluster's blocks (once, however many cues point into it).
        if (p[0] != lastCluster) {
          out.addAll(clusterBlocks(view, cluster, track));
        }
        lastCluster = p[0];
        continue;
      }
      long clusterTime = clusterTimecode(view, cluster);
      Block b = block(view, Ebml.element(view, cluster.dataStart() + p[1]), clusterTime, track);
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  private static long clusterTimecode(PartView view, Ebml.Element cluster) {
    long at = cluster.dataStart();
    for (int i = 0; i < 8; i++) {
      Ebml.Element e = Ebml.element(view, at);
      if (e.id() == TIMECODE) {
        return Ebml.uint(view, e);
      }
      if (!e.sizeKnown()) {
        break;
      }
      at = e.end();
    }
    throw new MalformedMedia("cluster without a timecode at " + cluster.position());
  }

  private static List<Block> clusterBlocks(PartView view, Ebml.Element cluster, long track) {
    List<Block> out = new ArrayList<>();
    long time = 0;
    long end = cluster.sizeKnown() ? cluster.end() : view.size();
    long at = cluster.dataStart();
    while (at < end) {
      Ebml.Element e = Ebml.element(view, at);
      if (e.id() == MatroskaHeaders.CLUSTER || !e.sizeKnown()) {
        break;
      }
      if (e.id() == TIMECODE) {
        time = Ebml.uint(view, e);
      } else {
        Block b = block(view, e, time, track);
        if (b != null) {
          out.add(b);
        }
      }
      at = e.end();
    }
    return out;
  }

  /** The block of {@code track} in a SimpleBlock or BlockGroup element, or null (another track, other element). */
  static Block block(PartView view, Ebml.Element e, long clusterTime, long track) {
    Ebml.Element block;
    long duration = -1;
    if (e.id() == SIMPLE_BLOCK) {
      block = e;
    } else if (e.id() == BLOCK_GROUP) {
      block = null;
      for (Ebml.Element c : MatroskaHeaders.children(view, e)) {
        if (c.id() == BLOCK) {
          block = c;
        } else if (c.id() == BLOCK_DURATION) {
          duration = Ebml.uint(view, c);
        }
      }
      if (block == null) {
        return null;
      }
    } else {
      return null;
    }
    long[] number = Ebml.vint(view, block.dataStart());
    if (number[0] != track) {
      return null;
    }
    long header = block.dataStart() + number[1];
    short relative = (short) view.uintBE(header, 2);
    int flags = view.u8(header + 2);
    if ((flags & 0x06) != 0) {
      return null; // laced: text tracks are never laced
    }
    long payloadAt = header + 3;
    long length = block.end() - payloadAt;
    if (length < 0 || length > MAX_BLOCK_BYTES) {
      return null;
    }
    return new Block(clusterTime + relative, duration, view.bytes(payloadAt, (int) length));
  }

  /** A walk over the clusters that keeps its place between part fetches. */
  static final class Walk {
    private final long track;
    private final long segmentEnd;
    private final List<Block> found = new ArrayList<>();
    private long at;
    private long clusterEnd = -1;
    private long clusterTime;

    Walk(MatroskaHeaders headers, long track) {
      this.track = track;
      this.segmentEnd = headers.segmentEnd();
      this.at = headers.firstClusterPosition();
    }

    List<Block> advance(PartView view) {
      while (at < segmentEnd - 1 && found.size() < MAX_CUES) {
        if (clusterEnd >= 0 && at >= clusterEnd) {
          clusterEnd = -1; // left the cluster
        }
        view.forgetBefore(at);
        Ebml.Element e = Ebml.element(view, at);
        if (e.id() == MatroskaHeaders.CLUSTER) {
          // Enter the cluster: its children follow (one of unknown size runs up to the next top-level element).
          clusterEnd = e.sizeKnown() ? e.end() : Long.MAX_VALUE;
          clusterTime = 0;
          at = e.dataStart();
          continue;
        }
        if (clusterEnd == Long.MAX_VALUE && isTopLevel(e.id())) {
          clusterEnd = -1;
        }
        if (!e.sizeKnown()) {
          break;
        }
        if (clusterEnd >= 0) {
          if (e.id() == TIMECODE) {
            clusterTime = Ebml.uint(view, e);
          } else if (e.id() == SIMPLE_BLOCK || e.id() == BLOCK_GROUP) {
            Block b = blockHeaderFirst(view, e);
            if (b != null) {
              found.add(b);
            }
          }
        }
        // Top-level elements between clusters (Cues, Tags…) and other tracks' blocks are skipped unread.
        at = e.end();
      }
      return found;
    }

    /** Reads the track number first, so other tracks' payloads (the video) are skipped unread. */
    private Block blockHeaderFirst(PartView view, Ebml.Element e) {
      if (e.id() == SIMPLE_BLOCK) {
        long[] number = Ebml.vint(view, e.dataStart());
        if (number[0] != track) {
          return null;
        }
      }
      return block(view, e, clusterTime, track);
    }

    private static boolean isTopLevel(long id) {
      return id == MatroskaHeaders.CUES || id == MatroskaHeaders.SEEK_HEAD || id == MatroskaHeaders.INFO
          || id == MatroskaHeaders.TRACKS || id == 0x1254C367L || id == 0x1941A469L || id == 0x1043A770L;
    }
  }

  private static List<TextCue> toCues(List<Block> blocks, long timecodeScale, MatroskaTrack track) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(Block::time));
    List<TextCue> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      Block b = sorted.get(i);
      long start = ticksToMs(b.time(), timecodeScale);
      long end;
      if (b.duration() >= 0) {
        end = ticksToMs(b.time() + b.duration(), timecodeScale);
      } else {
        end = start + DEFAULT_CUE_MS;
        if (i + 1 < sorted.size()) {
          end = Math.min(end, ticksToMs(sorted.get(i + 1).time(), timecodeScale));
        }
      }
      String text = CueText.fromMatroska(track.codecId(), new String(b.payload(), StandardCharsets.UTF_8));
      if (!text.isBlank() && end > start) {
        out.add(new TextCue(start, end, text));
      }
    }
    return out;
  }

  /** Ticks of the TimecodeScale (nanoseconds each ×scale) to whole milliseconds, rounded. */
  static long ticksToMs(long ticks, long timecodeScale) {
    return Math.round(ticks * (double) timecodeScale / 1_000_000.0);
  }
}
