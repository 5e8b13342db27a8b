package dev.tgstream.telegram.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads duration and picture size from an MP4 / QuickTime file's box tree without decoding anything: walks the
 * top-level boxes with positional reads (skipping mdat, wherever moov is), then reads moov's mvhd (duration over
 * timescale) and the first video track's tkhd (width and height in 16.16 fixed point). Reads at most a few MiB; any
 * oddity is a {@link MalformedMedia}, which probes turn into "no metadata".
 */
public final class Mp4Metadata {

  /** The largest moov we read; real ones are kilobytes to a few MiB for hours of video. */
  static final int MAX_MOOV_BYTES = 4 * 1024 * 1024;
  private static final int MAX_TOP_LEVEL_BOXES = 512;
  private static final int MAX_CHILD_BOXES = 4096;

  private Mp4Metadata() {
  }

  /** For hand-built box trees in tests: the whole file in memory, any oddity → {@link MediaInfo#NONE}. */
  static MediaInfo probe(byte[] data) {
    try {
      return parse(PartView.of(data));
    } catch (RuntimeException e) {
      return MediaInfo.NONE;
    }
  }

  public static MediaInfo parse(PartView view) {
    try {
      return findMoov(view).map(Mp4Metadata::parseMoov).orElse(MediaInfo.NONE);
    } catch (NeedBytes e) {
      throw e;
    } catch (RuntimeException e) {
      // Truncated boxes surface as BufferUnderflow / IndexOutOfBounds: all mean "not a file we understand".
      throw new MalformedMedia("bad box tree: " + e);
    }
  }

  /** The moov box's body, if the file has one of a size we accept. */
  static Optional<ByteBuffer> findMoov(PartView source) {
    long size = source.size();
    long position = 0;
    for (int i = 0; i < MAX_TOP_LEVEL_BOXES && size - position >= 8; i++) {
      ByteBuffer header = read(source, position, (int) Math.min(16, size - position));
      long boxSize = Integer.toUnsignedLong(header.getInt(0));
      String type = fourcc(header, 4);
      if (type == null) {
        return Optional.empty();
      }
      int headerSize = 8;
      if (boxSize == 1) {
        if (header.limit() < 16) {
          return Optional.empty();
        }
        boxSize = header.getLong(8);
        headerSize = 16;
      } else if (boxSize == 0) {
        boxSize = size - position;
      }
      if (boxSize < headerSize || boxSize > size - position) {
        return Optional.empty();
      }
      if (type.equals("moov")) {
        long bodySize = boxSize - headerSize;
        return bodySize > MAX_MOOV_BYTES ? Optional.empty()
            : Optional.of(read(source, position + headerSize, (int) bodySize));
      }
      position += boxSize;
    }
    return Optional.empty();
  }

  private static MediaInfo parseMoov(ByteBuffer moov) {
    Double duration = null;
    Integer width = null;
    Integer height = null;
    int[] anySize = null;
    for (Box box : children(moov)) {
      if (box.type.equals("mvhd") && duration == null) {
        duration = movieDuration(box.body);
      } else if (box.type.equals("trak") && width == null) {
        Track track = track(box.body);
        if (track.size != null && "vide".equals(track.handler)) {
          width = track.size[0];
          height = track.size[1];
        } else if (track.size != null && track.handler == null && anySize == null) {
          anySize = track.size;
        }
      }
    }
    if (width == null && anySize != null) {
      width = anySize[0];
      height = anySize[1];
    }
    return new MediaInfo(duration, width, height);
  }

  /** mvhd: version 1 has 64-bit times and duration, version 0 32-bit ones. */
  private static Double movieDuration(ByteBuffer mvhd) {
    int version = mvhd.get(0) & 0xff;
    long timescale;
    long duration;
    if (version == 1) {
      timescale = Integer.toUnsignedLong(mvhd.getInt(20));
      duration = mvhd.getLong(24);
    } else {
      timescale = Integer.toUnsignedLong(mvhd.getInt(12));
      duration = Integer.toUnsignedLong(mvhd.getInt(16));
      if (duration == 0xFFFFFFFFL) {
        return null;
      }
    }
    // 0 is what fragmented files and live recordings write; all ones means "unknown".
    if (timescale == 0 || duration <= 0) {
      return null;
    }
    return (double) duration / timescale;
  }

  private record Track(int[] size, String handler) {
  }

  private static Track track(ByteBuffer trak) {
    int[] size = null;
    String handler = null;
    for (Box box : children(trak)) {
      if (box.type.equals("tkhd")) {
        size = trackSize(box.body);
      } else if (box.type.equals("mdia")) {
        for (Box media : children(box.body)) {
          if (media.type.equals("hdlr") && media.body.limit() >= 12) {
            handler = fourcc(media.body, 8);
          }
        }
      }
    }
    return new Track(size, handler);
  }

  /** tkhd: after the times, track id and duration come 52 bytes (layer, volume, matrix…), then 16.16 width, height. */
  private static int[] trackSize(ByteBuffer tkhd) {
    int version = tkhd.get(0) & 0xff;
    int at = version == 1 ? 88 : 76;
    int width = tkhd.getInt(at) >>> 16;
    int height = tkhd.getInt(at + 4) >>> 16;
    return width > 0 && height > 0 ? new int[] {width, height} : null;
  }

  record Box(String type, ByteBuffer body) {
  }

  /** The boxes inside a container's body; stops quietly at the first malformed one. */
  static List<Box> children(ByteBuffer container) {
    List<Box> boxes = new ArrayList<>();
    int position = 0;
    int end = container.limit();
    while (end - position >= 8 && boxes.size() < MAX_CHILD_BOXES) {
      long size = Integer.toUnsignedLong(container.getInt(position));
      String type = fourcc(container, position + 4);
      if (type == null) {
        break;
      }
      int headerSize = 8;
      if (size == 1) {
        if (end - position < 16) {
          break;
        }
        size = container.getLong(position + 8);
        headerSize = 16;
      } else if (size == 0) {
        size = end - position;
      }
      if (size < headerSize || size > end - position) {
        break;
      }
      ByteBuffer body = container.slice(position + headerSize, (int) size - headerSize);
      boxes.add(new Box(type, body));
      position += (int) size;
    }
    return boxes;
  }

  /** Four printable ASCII characters (or ©) at {@code at}, or null: anything else means we are not looking at a box. */
  private static String fourcc(ByteBuffer buffer, int at) {
    byte[] code = new byte[4];
    for (int i = 0; i < 4; i++) {
      byte b = buffer.get(at + i);
      // 0xA9 (©) starts QuickTime's metadata item names (©nam, ©too), which sit beside covr.
      if ((b < 0x20 || b > 0x7e) && (b & 0xff) != 0xA9) {
        return null;
      }
      code[i] = b;
    }
    return new String(code, StandardCharsets.US_ASCII);
  }

  private static ByteBuffer read(PartView source, long position, int length) {
    return ByteBuffer.wrap(source.bytes(position, length));
  }
}
