package dev.tgstream.app.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the external programs the integration tests use as real clients (curl, aria2c, wget, ffmpeg, VLC). */
final class Tools {

  private Tools() {
  }

  /** The result of one external command: exit code, stdout bytes and stderr text. */
  record Result(List<String> command, int exit, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** A description for assertion messages. */
    String describe() {
      String err = stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr;
      String o = out();
      o = o.length() > 2000 ? o.substring(o.length() - 2000) : o;
      return String.join(" ", command) + "\n  exit=" + exit + "\n  stdout: " + o.strip() + "\n  stderr: " + err.strip();
    }
  }

  /** The executable on PATH, or a test failure telling how to install it (never a silent skip). */
  static String require(String executable) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, executable);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return fail(executable + " is not installed (not on PATH): run scripts/test-tools.sh (as root) to install the test tools");
  }

  static Result run(Duration timeout, List<String> command) {
    return run(timeout, command, Map.of(), null);
  }

  /**
   * Runs a command to completion (an env value of null removes that variable): stdout and stderr go to temporary files (no pipe can fill up and block), the wait is
   * bounded by {@code timeout}, after which the process tree is killed and the test fails.
   */
  static Result run(Duration timeout, List<String> command, Map<String, String> env, Path workDir) {
    List<String> cmd = new ArrayList<>(command);
    Path out = null;
    Path err = null;
    Process process = null;
    try {
      out = Files.createTempFile("it-out", ".bin");
      err = Files.createTempFile("it-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      env.forEach((k, v) -> {
        if (v == null) {
          pb.environment().remove(k);
        } else {
          pb.environment().put(k, v);
        }
      });
      process = pb.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        String partial = Files.readString(err, StandardCharsets.UTF_8);
        return fail("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", cmd) + "\n  stderr: " + tail(partial, 4000));
      }
      return new Result(List.copyOf(cmd), process.exitValue(), Files.readAllBytes(out),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return fail("could not run " + String.join(" ", cmd) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (process != null) {
        destroyTree(process);
      }
      return fail("interrupted while running " + String.join(" ", cmd));
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Kills a process and everything it started; bounded waits. */
  static void destroyTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      return fail("cannot hash " + file + ": " + e, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max);
  }

  static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Deletes a directory tree, best effort. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

}
