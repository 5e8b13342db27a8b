package harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Processes, ports, files and the bench's log: the plumbing every part of the harness shares. */
public final class Sys {

  public static final int MIB = 1 << 20;

  /** Every child process, killed by a shutdown hook if the bench ends early (an error, Ctrl-C). */
  private static final List<Process> CHILDREN = Collections.synchronizedList(new ArrayList<>());

  private Sys() {
  }

  /** Kills every tracked child (and its descendants) when the JVM exits, however it exits. */
  public static void killChildrenOnExit() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (CHILDREN) {
        for (Process p : CHILDREN) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      }
    }, "kill-children"));
  }

  public static Process track(Process p) {
    CHILDREN.add(p);
    return p;
  }

  /** A {@code key:} line of {@code /proc/<pid>/status} in kB (VmRSS, VmHWM); 0 once the process ended. */
  public static long readStatusKb(long pid, String key) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (l.startsWith(key + ":")) {
          return Long.parseLong(l.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // the process ended
    }
    return 0;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static String javaExe() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static String findExecutable(String name, List<String> fallbacks) {
    String path = System.getenv("PATH");
    List<String> candidates = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isEmpty()) {
          candidates.add(d + "/" + name);
        }
      }
    }
    candidates.addAll(fallbacks);
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return c;
      }
    }
    die(name + " not found: install nginx-light (bash scripts/test-tools.sh nginx-light; bench/run.sh does it)");
    return null;
  }

  /** Writes {@code size} seeded random bytes to {@code file}, unless it already has that size. */
  public static void generate(Path file, long size, long seed) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) == size) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Random rng = new Random(seed);
    byte[] block = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(tmp)) {
      for (long left = size; left > 0; left -= block.length) {
        rng.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  public static void log(String s) {
    System.out.println("[bench] " + s);
  }

  public static void die(String s) {
    System.err.println("bench: " + s);
    System.exit(1);
  }
}
