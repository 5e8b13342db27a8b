package dev.tgstream.telegram.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The front matter of a Matroska/WebM file: Info (TimecodeScale, Duration), Tracks, and where the Cues and the first
 * Cluster lie. Walks the Segment's top-level elements up to the first Cluster (muxers put Info and Tracks before
 * it), and follows the SeekHead for what lies behind the media data (the Cues, usually; Info too, sometimes).
 * Reads a few kilobytes of a normal file.
 */
public record MatroskaHeaders(long segmentStart, long segmentEnd, long timecodeScale, Double durationTicks,
                              List<MatroskaTrack> tracks, long cuesPosition, long firstClusterPosition) {

  static final long EBML = 0x1A45DFA3L;
  static final long SEGMENT = 0x18538067L;
  static final long SEEK_HEAD = 0x114D9B74L;
  static final long SEEK = 0x4DBB;
  static final long SEEK_ID = 0x53AB;
  static final long SEEK_POSITION = 0x53AC;
  static final long INFO = 0x1549A966L;
  static final long TIMECODE_SCALE = 0x2AD7B1;
  static final long DURATION = 0x4489;
  static final long TRACKS = 0x1654AE6BL;
  static final long TRACK_ENTRY = 0xAE;
  static final long CUES = 0x1C53BB6BL;
  static final long CLUSTER = 0x1F43B675L;
  static final long DOC_TYPE = 0x4282;

  /** Info and Tracks are small; anything bigger is not a file we should trust. */
  private static final long MAX_HEADER_ELEMENT = 1024 * 1024;
  private static final int MAX_TOP_LEVEL = 256;
  private static final int MAX_CHILDREN = 4096;

  /** Duration in seconds, or null when the file does not say (live recordings). */
  public Double durationSeconds() {
    if (durationTicks == null || !(durationTicks > 0) || !Double.isFinite(durationTicks)) {
      return null;
    }
    return durationTicks * timecodeScale / 1e9;
  }

  /** The first video track, or null. */
  public MatroskaTrack video() {
    return tracks.stream().filter(t -> t.type() == MatroskaTrack.VIDEO).findFirst().orElse(null);
  }

  public static MatroskaHeaders parse(PartView view) {
    Ebml.Element header = Ebml.element(view, 0);
    if (header.id() != EBML || !header.sizeKnown()) {
      throw new MalformedMedia("not EBML");
    }
    String docType = "matroska";
    long at = header.dataStart();
    for (int i = 0; at < header.end() && i < 64; i++) {
      Ebml.Element e = Ebml.element(view, at);
      Ebml.within(e, header.end());
      if (e.id() == DOC_TYPE) {
        docType = Ebml.string(view, e, 64);
      }
      at = e.end();
    }
    if (!docType.equals("matroska") && !docType.equals("webm")) {
      throw new MalformedMedia("doc type " + docType);
    }
    Ebml.Element segment = Ebml.element(view, header.end());
    if (segment.id() != SEGMENT) {
      throw new MalformedMedia("no Segment after the EBML header");
    }
    long segmentStart = segment.dataStart();
    long segmentEnd = segment.sizeKnown() ? Math.min(segment.end(), view.size()) : view.size();

    long[] info = null;
    List<MatroskaTrack> tracks = null;
    long cues = -1;
    long firstCluster = -1;
    long seekInfo = -1;
    long seekTracks = -1;
    long seekCues = -1;
    at = segmentStart;
    for (int i = 0; at < segmentEnd && i < MAX_TOP_LEVEL; i++) {
      if (segmentEnd - at < 2) {
        break;
      }
      Ebml.Element e = Ebml.element(view, at);
      if (e.id() == CLUSTER) {
        firstCluster = at;
        break;
      }
      if (!e.sizeKnown()) {
        break;
      }
      if (e.id() == SEEK_HEAD && e.size() <= MAX_HEADER_ELEMENT) {
        for (long[] seek : seeks(view, e)) {
          long position = segmentStart + seek[1];
          if (seek[0] == INFO) {
            seekInfo = position;
          } else if (seek[0] == TRACKS) {
            seekTracks = position;
          } else if (seek[0] == CUES) {
            seekCues = position;
          } else if (seek[0] == CLUSTER && firstCluster < 0) {
            firstCluster = position;
          }
        }
      } else if (e.id() == INFO && info == null) {
        info = info(view, e);
      } else if (e.id() == TRACKS && tracks == null) {
        tracks = tracks(view, e);
      } else if (e.id() == CUES) {
        cues = at;
      }
      at = e.end();
    }
    if (info == null && seekInfo >= 0) {
      info = info(view, expect(view, seekInfo, INFO));
    }
    if (tracks == null && seekTracks >= 0) {
      tracks = tracks(view, expect(view, seekTracks, TRACKS));
    }
    if (cues < 0 && seekCues >= 0 && seekCues < segmentEnd) {
      cues = seekCues;
    }
    long scale = info == null || info[0] <= 0 ? 1_000_000 : info[0];
    Double duration = info == null || info[1] == -1 ? null : Double.longBitsToDouble(info[1]);
    return new MatroskaHeaders(segmentStart, segmentEnd, scale, duration, tracks == null ? List.of() : tracks, cues,
        firstCluster);
  }

  private static Ebml.Element expect(PartView view, long at, long id) {
    Ebml.Element e = Ebml.element(view, at);
    if (e.id() != id || !e.sizeKnown() || e.size() > MAX_HEADER_ELEMENT) {
      throw new MalformedMedia("SeekHead points at no element " + Long.toHexString(id));
    }
    return e;
  }

  /** {id, position relative to the segment's data} of each Seek. */
  private static List<long[]> seeks(PartView view, Ebml.Element seekHead) {
    List<long[]> out = new ArrayList<>();
    for (Ebml.Element seek : children(view, seekHead)) {
      if (seek.id() != SEEK) {
        continue;
      }
      long id = -1;
      long position = -1;
      for (Ebml.Element c : children(view, seek)) {
        if (c.id() == SEEK_ID && c.size() <= 4) {
          id = Ebml.uint(view, c);
        } else if (c.id() == SEEK_POSITION) {
          position = Ebml.uint(view, c);
        }
      }
      if (id >= 0 && position >= 0) {
        out.add(new long[] {id, position});
      }
    }
    return out;
  }

  /** {TimecodeScale or 0, Duration's double bits or -1}. */
  private static long[] info(PartView view, Ebml.Element info) {
    long scale = 0;
    long duration = -1;
    for (Ebml.Element c : children(view, info)) {
      if (c.id() == TIMECODE_SCALE) {
        scale = Ebml.uint(view, c);
      } else if (c.id() == DURATION) {
        duration = Double.doubleToLongBits(Ebml.floatValue(view, c));
      }
    }
    return new long[] {scale, duration};
  }

  private static List<MatroskaTrack> tracks(PartView view, Ebml.Element tracks) {
    List<MatroskaTrack> out = new ArrayList<>();
    for (Ebml.Element entry : children(view, tracks)) {
      if (entry.id() == TRACK_ENTRY) {
        out.add(track(view, entry));
      }
    }
    return out;
  }

  private static MatroskaTrack track(PartView view, Ebml.Element entry) {
    long number = 0;
    int type = 0;
    String codec = null;
    String language = null;
    String languageIetf = null;
    String name = null;
    boolean isDefault = true;
    boolean forced = false;
    Ebml.Element codecPrivate = null;
    Integer width = null;
    Integer height = null;
    for (Ebml.Element c : children(view, entry)) {
      switch ((int) c.id()) {
        case 0xD7 -> number = Ebml.uint(view, c);
        case 0x83 -> type = (int) Ebml.uint(view, c);
        case 0x86 -> codec = Ebml.string(view, c, 256);
        case 0x22B59C -> language = Ebml.string(view, c, 64);
        case 0x22B59D -> languageIetf = Ebml.string(view, c, 64);
        case 0x536E -> name = Ebml.string(view, c, 1024);
        case 0x88 -> isDefault = Ebml.uint(view, c) != 0;
        case 0x55AA -> forced = Ebml.uint(view, c) != 0;
        case 0x63A2 -> codecPrivate = c;
        case 0xE0 -> {
          for (Ebml.Element v : children(view, c)) {
            if (v.id() == 0xB0) {
              width = (int) Ebml.uint(view, v);
            } else if (v.id() == 0xBA) {
              height = (int) Ebml.uint(view, v);
            }
          }
        }
        default -> {
        }
      }
    }
    // Only a text track's private data (the ASS header) is of use to us; video codec data is not read at all.
    byte[] privateBytes = type == MatroskaTrack.SUBTITLE && codecPrivate != null && codecPrivate.size() <= 256 * 1024
        ? view.bytes(codecPrivate.dataStart(), (int) codecPrivate.size()) : null;
    return new MatroskaTrack(number, type, codec, languageIetf != null && !languageIetf.isEmpty() ? languageIetf
        : language, name, isDefault, forced, privateBytes, width, height);
  }

  /** The children of a master element of known size; a child that overruns it is corruption. */
  static List<Ebml.Element> children(PartView view, Ebml.Element parent) {
    if (!parent.sizeKnown()) {
      throw new MalformedMedia("master element of unknown size at " + parent.position());
    }
    List<Ebml.Element> out = new ArrayList<>();
    long at = parent.dataStart();
    long end = parent.end();
    while (at < end && out.size() < MAX_CHILDREN) {
      Ebml.Element e = Ebml.element(view, at);
      Ebml.within(e, end);
      out.add(e);
      at = e.end();
    }
    return out;
  }
}
