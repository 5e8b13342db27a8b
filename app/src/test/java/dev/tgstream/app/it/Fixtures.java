package dev.tgstream.app.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test files, generated once and cached under {@code app/target/it-fixtures} (deterministic content, so a file left by
 * an earlier run is reused after its checksum sidecar confirms it is complete).
 */
final class Fixtures {

  static final int MIB = 1 << 20;

  /** A generated file with its size and sha256. */
  record Fixture(Path path, long size, String sha256) {
    String name() {
      return path.getFileName().toString();
    }

    /** Bytes [first, last] of the file, inclusive, as a server must return them. */
    byte[] slice(long first, long last) {
      if (first < 0 || last < first || last >= size) {
        throw new IllegalArgumentException("bad slice " + first + "-" + last + " of " + size);
      }
      byte[] out = new byte[Math.toIntExact(last - first + 1)];
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.wrap(out);
        long pos = first;
        while (buf.hasRemaining()) {
          int n = ch.read(buf, pos);
          if (n < 0) {
            throw new IOException("short file " + path);
          }
          pos += n;
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return out;
    }
  }

  /** An MP4 with its moov atom at the end (no faststart) and its duration. */
  record Video(Fixture file, double durationSeconds, long moovOffset) {
  }

  private static final Object LOCK = new Object();

  private Fixtures() {
  }

  static Path dir() {
    String configured = System.getProperty("tgstream.fixtures");
    Path dir = configured != null ? Path.of(configured) : Path.of("target", "it-fixtures");
    try {
      return Files.createDirectories(dir.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir, e);
    }
  }

  /** A file of {@code mib} MiB of seeded pseudo-random bytes. */
  static Fixture random(int mib, long seed) {
    return random("random-" + mib + "m-" + seed + ".bin", (long) mib * MIB, seed);
  }

  /** A file of {@code size} bytes of seeded pseudo-random bytes, named {@code name}. */
  static Fixture random(String name, long size, long seed) {
    synchronized (LOCK) {
      Path file = dir().resolve(name);
      Path sum = dir().resolve(name + ".sha256");
      try {
        if (Files.isRegularFile(file) && Files.isRegularFile(sum) && Files.size(file) == size) {
          return new Fixture(file, size, Files.readString(sum).strip());
        }
        Path tmp = dir().resolve(name + ".tmp");
        Random rng = new Random(seed);
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(tmp)) {
          long left = size;
          while (left > 0) {
            rng.nextBytes(block);
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            left -= n;
          }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String sha = Tools.sha256(file);
        Files.writeString(sum, sha + "\n");
        return new Fixture(file, size, sha);
      } catch (IOException e) {
        throw new IllegalStateException("cannot generate " + file, e);
      }
    }
  }

  /**
   * A 20 s 320x240 H.264/AAC MP4, a keyframe every 10 frames (seeks land near their target), moov at the END so a
   * player must probe the tail with a Range request before it can play or seek. Noise and a low quantizer make it
   * about 45 MB: bigger than the read-ahead buffers of players (VLC prefetches up to 16 MiB), so a seek to 90 % must be
   * a new Range request, never a hit in data the player already holds.
   */
  static Video video() {
    synchronized (LOCK) {
      Path file = dir().resolve("clip-20s-45mb.mp4");
      Path sum = dir().resolve("clip-20s-45mb.mp4.sha256");
      try {
        if (!(Files.isRegularFile(file) && Files.isRegularFile(sum))) {
          String ffmpeg = Tools.require("ffmpeg");
          Path tmp = dir().resolve("clip-20s-45mb.tmp.mp4");
          Tools.Result r = Tools.run(Duration.ofMinutes(3), List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
              "-f", "lavfi", "-i", "testsrc2=duration=20:size=320x240:rate=25,noise=alls=40:allf=t+u",
              "-f", "lavfi", "-i", "sine=frequency=440:duration=20",
              "-c:v", "libx264", "-preset", "ultrafast", "-qp", "8", "-g", "10", "-pix_fmt", "yuv420p",
              "-c:a", "aac", "-b:a", "64k", "-shortest", tmp.toString()));
          assertEquals(0, r.exit(), () -> "ffmpeg could not generate the test video\n" + r.describe());
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          Files.writeString(sum, Tools.sha256(file) + "\n");
        }
        Fixture f = new Fixture(file, Files.size(file), Files.readString(sum).strip());
        long moov = topLevelBox(file, "moov");
        if (moov < f.size() / 2) {
          fail("the test video must have its moov atom at the end, found at " + moov + " of " + f.size());
        }
        return new Video(f, 20.0, moov);
      } catch (IOException e) {
        throw new IllegalStateException("cannot generate " + file, e);
      }
    }
  }

  /** Offset of the first top-level ISO-BMFF box of the given type, or -1. */
  static long topLevelBox(Path file, String type) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long pos = 0;
      long len = raf.length();
      byte[] header = new byte[16];
      while (pos + 8 <= len) {
        raf.seek(pos);
        raf.readFully(header, 0, 8);
        long size = ByteBuffer.wrap(header, 0, 4).getInt() & 0xFFFFFFFFL;
        String t = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
        if (size == 1) {
          raf.readFully(header, 8, 8);
          size = ByteBuffer.wrap(header, 8, 8).getLong();
        } else if (size == 0) {
          size = len - pos;
        }
        if (t.equals(type)) {
          return pos;
        }
        if (size < 8) {
          return -1;
        }
        pos += size;
      }
      return -1;
    }
  }
}
