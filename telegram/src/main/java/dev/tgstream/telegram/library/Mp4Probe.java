package dev.tgstream.telegram.library;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads duration and picture size from an MP4 / QuickTime file's box tree without decoding anything: walks the
 * top-level boxes with positional reads (skipping mdat, wherever moov is), then reads moov's mvhd (duration over
 * timescale) and the first video track's tkhd (width and height in 16.16 fixed point). Reads at most a few MiB; any
 * oddity yields {@link Result#NONE}, never an exception, because a probe must not break a listing.
 */
final class Mp4Probe {

  /** What the probe found; each value is null when unknown. */
  record Result(Double duration, Integer width, Integer height) {
    static final Result NONE = new Result(null, null, null);
  }

  /** The largest moov we read; real ones are kilobytes to a few MiB for hours of video. */
  static final int MAX_MOOV_BYTES = 4 * 1024 * 1024;
  private static final int MAX_TOP_LEVEL_BOXES = 512;
  private static final int MAX_CHILD_BOXES = 4096;

  /** A positional byte source, so files and in-memory trees go through the same parser. */
  interface Source {
    long size() throws IOException;

    /** Reads into {@code dst} from {@code position}; -1 at the end, like {@link FileChannel#read(ByteBuffer, long)}. */
    int read(ByteBuffer dst, long position) throws IOException;
  }

  private Mp4Probe() {
  }

  static Result probe(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return probe(new Source() {
        @Override
        public long size() throws IOException {
          return channel.size();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
          return channel.read(dst, position);
        }
      });
    } catch (IOException | RuntimeException e) {
      return Result.NONE;
    }
  }

  static Result probe(byte[] data) {
    return probe(new Source() {
      @Override
      public long size() {
        return data.length;
      }

      @Override
      public int read(ByteBuffer dst, long position) {
        if (position >= data.length) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), data.length - position);
        dst.put(data, (int) position, n);
        return n;
      }
    });
  }

  static Result probe(Source source) {
    try {
      return findMoov(source).map(Mp4Probe::parseMoov).orElse(Result.NONE);
    } catch (IOException | RuntimeException e) {
      // Truncated boxes surface as BufferUnderflow / IndexOutOfBounds: all mean "not a file we understand".
      return Result.NONE;
    }
  }

  private static Optional<ByteBuffer> findMoov(Source source) throws IOException {
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

  private static Result parseMoov(ByteBuffer moov) {
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
    return new Result(duration, width, height);
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

  private record Box(String type, ByteBuffer body) {
  }

  /** The boxes inside a container's body; stops quietly at the first malformed one. */
  private static List<Box> children(ByteBuffer container) {
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

  /** Four printable ASCII characters at {@code at}, or null: anything else means we are not looking at a box. */
  private static String fourcc(ByteBuffer buffer, int at) {
    byte[] code = new byte[4];
    for (int i = 0; i < 4; i++) {
      byte b = buffer.get(at + i);
      if (b < 0x20 || b > 0x7e) {
        return null;
      }
      code[i] = b;
    }
    return new String(code, StandardCharsets.US_ASCII);
  }

  private static ByteBuffer read(Source source, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (source.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("file ended inside a box");
      }
    }
    return buffer.flip();
  }
}
