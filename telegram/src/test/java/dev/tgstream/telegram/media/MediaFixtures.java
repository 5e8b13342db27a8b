package dev.tgstream.telegram.media;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Media made by ffmpeg for the tests, ffprobe's view of it, and a part reader that enforces Telegram's rules. */
public final class MediaFixtures {

  private MediaFixtures() {
  }

  /** Runs ffmpeg with these arguments (after the usual quiet flags); fails (does not skip) without it. */
  public static Path ffmpeg(Path out, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(List.of(args));
    command.add(out.toString());
    run(command, "ffmpeg could not make " + out.getFileName());
    return out;
  }

  /** Runs ffmpeg writing to a pipe (a non-seekable output: no index, no duration written back) into {@code out}. */
  public static Path ffmpegPiped(Path out, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(List.of(args));
    command.add("pipe:1");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail("ffmpeg could not make " + out.getFileName());
    }
    return out;
  }

  /** What ffprobe says: {duration (format), width, height (first video stream)}, each null when absent. */
  public static MediaInfo ffprobe(Path file) throws IOException, InterruptedException {
    String json = run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type,width,height",
        "-of", "json", file.toString()), "ffprobe failed on " + file.getFileName());
    JsonObject root = new JsonObject(json);
    String duration = root.getJsonObject("format", new JsonObject()).getString("duration");
    Integer width = null;
    Integer height = null;
    for (Object s : root.getJsonArray("streams", new JsonArray())) {
      JsonObject stream = (JsonObject) s;
      if ("video".equals(stream.getString("codec_type")) && width == null) {
        width = stream.getInteger("width");
        height = stream.getInteger("height");
      }
    }
    return new MediaInfo(duration == null ? null : Double.parseDouble(duration), width, height);
  }

  private static String run(List<String> command, String what) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail(command.get(0) + " is not on PATH; run scripts/test-tools.sh to install the test tools ("
          + e.getMessage() + ")");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      return fail(what + "; run scripts/test-tools.sh. Output: " + output);
    }
    return output;
  }

  /** Probes a local file through a part reader that checks every read obeys the gateway's alignment rules. */
  public static MediaInfo probe(String mime, Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = 0;
    }
    return MediaProbe.probeBlocking(mime, size, (offset, length) -> readAligned(file, offset, length));
  }

  /** One part, as TelegramGateway.readPart would give it; asserts the alignment the port demands. */
  public static byte[] readAligned(Path file, long offset, int length) throws IOException {
    assertEquals(0, offset % 4096, "offset " + offset + " is 4 KiB aligned");
    assertEquals(0, length % 4096, "length " + length + " is a multiple of 4 KiB");
    assertTrue(length <= 1024 * 1024, "length " + length + " is at most 1 MiB");
    assertEquals(offset / (1024 * 1024), (offset + length - 1) / (1024 * 1024), "part crosses a 1 MiB boundary");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(length, channel.size() - offset)));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
        // a single read may return less than is there
      }
      byte[] out = new byte[buffer.position()];
      buffer.flip().get(out);
      return out;
    }
  }
}
