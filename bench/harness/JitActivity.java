package harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * How many methods a JVM's JIT has compiled so far, read with the JDK's {@code jstat -compiler <pid>}: what tells a
 * warmed-up server from one still compiling its request path. Between rounds of the same load, a count that has stopped
 * growing is the steady state a long-running server is in.
 */
public final class JitActivity {

  private JitActivity() {
  }

  /** The JIT's compile count of {@code pid}; empty when jstat is missing or cannot read the process. */
  public static OptionalLong compiled(long pid) {
    Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
    if (!Files.isExecutable(jstat)) {
      return OptionalLong.empty();
    }
    try {
      Process p = new ProcessBuilder(jstat.toString(), "-compiler", Long.toString(pid)).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return OptionalLong.empty();
      }
      // "Compiled Failed Invalid Time FailedType FailedMethod" and one line of values.
      String[] lines = out.split("\n");
      if (lines.length < 2 || !lines[0].strip().startsWith("Compiled")) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Long.parseLong(lines[1].strip().split("\\s+")[0]));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }
}
