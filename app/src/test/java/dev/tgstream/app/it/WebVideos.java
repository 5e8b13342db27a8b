package dev.tgstream.app.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Browser-friendly test videos: H.264 + AAC MP4s with the moov atom at the START ({@code -movflags +faststart}), a
 * keyframe every second, made by ffmpeg once and cached next to the other fixtures (under {@code app/target/it-fixtures},
 * with a sha256 sidecar written last, so an interrupted generation is redone). {@link Fixtures#video()} makes the
 * opposite kind (moov at the end) for the external-player tests.
 */
final class WebVideos {

  /** A generated video: the file and the duration ffprobe measures in it. */
  record Video(Fixtures.Fixture file, double durationSeconds) {
  }

  private static final Object LOCK = new Object();

  private WebVideos() {
  }

  /**
   * A {@code seconds} long 320x240, 25 fps video. With {@code constantKbps > 0} the picture carries moving noise and
   * the encoder is held to that bitrate (min = max), so bytes grow linearly with time: the byte offset of a point in
   * time is predictable (what a seek test needs). Otherwise a plain, small test pattern.
   */
  static Video video(String name, int seconds, int constantKbps) {
    synchronized (LOCK) {
      Path dir = Fixtures.dir();
      Path file = dir.resolve(name);
      Path sum = dir.resolve(name + ".sha256");
      try {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(sum)) {
          String ffmpeg = Tools.require("ffmpeg");
          Path tmp = dir.resolve(name + ".tmp.mp4");
          String source = "testsrc2=duration=" + seconds + ":size=320x240:rate=25"
              + (constantKbps > 0 ? ",noise=alls=40:allf=t" : "");
          List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
              "-f", "lavfi", "-i", source,
              "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
              "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
              // a keyframe every second exactly: a seek lands at most 1 s before its target
              "-g", "25", "-keyint_min", "25", "-sc_threshold", "0"));
          if (constantKbps > 0) {
            String rate = constantKbps + "k";
            cmd.addAll(List.of("-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", (constantKbps / 2) + "k"));
          }
          cmd.addAll(List.of("-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart", tmp.toString()));
          Tools.Result r = Tools.run(Duration.ofMinutes(3), cmd);
          assertEquals(0, r.exit(), () -> "ffmpeg could not generate " + name + "\n" + r.describe());
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          Files.writeString(sum, Tools.sha256(file) + "\n");
        }
        Fixtures.Fixture f = new Fixtures.Fixture(file, Files.size(file), Files.readString(sum).strip());
        long moov = Fixtures.topLevelBox(file, "moov");
        long mdat = Fixtures.topLevelBox(file, "mdat");
        if (moov < 0 || mdat < 0 || moov > mdat) {
          fail(name + " must have its moov atom before the media data (faststart): moov at " + moov + ", mdat at " + mdat);
        }
        return new Video(f, probeDuration(file.toString()));
      } catch (IOException e) {
        throw new IllegalStateException("cannot generate " + file, e);
      }
    }
  }

  /** {@code ffprobe -v error -show_entries format=duration -of csv=p=0 <input>}: the container duration in seconds. */
  static double probeDuration(String input) {
    Tools.Result r = probe(input);
    assertEquals(0, r.exit(), () -> "ffprobe could not read " + input + "\n" + r.describe());
    return parseDuration(r);
  }

  static Tools.Result probe(String input) {
    String ffprobe = Tools.require("ffprobe");
    return Tools.run(Duration.ofMinutes(1),
        List.of(ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", input));
  }

  static double parseDuration(Tools.Result r) {
    String out = r.out().strip();
    try {
      return Double.parseDouble(out.lines().reduce((a, b) -> b).orElse("").strip());
    } catch (NumberFormatException e) {
      return fail("ffprobe printed no duration: '" + out + "'\n" + r.describe());
    }
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }
}
