package dev.tgstream.ui.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** ffmpeg and ffprobe for the tests' fixtures; fails (does not skip) without them. */
final class Ffmpeg {

  private Ffmpeg() {
  }

  static Path make(Path out, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(List.of(args));
    command.add(out.toString());
    run(command);
    return out;
  }

  /** One value of ffprobe's first video stream, e.g. "width". */
  static String videoEntry(Path file, String entry) throws IOException, InterruptedException {
    return run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=" + entry,
        "-of", "default=noprint_wrappers=1:nokey=1", file.toString())).strip();
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail(command.get(0) + " is not on PATH; run scripts/test-tools.sh (" + e.getMessage() + ")");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      return fail(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
