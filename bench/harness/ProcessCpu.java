package harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time a set of processes has used so far: user + system time from {@code /proc/<pid>/stat} (all threads of each
 * process; children it waited for are not included). Read before and after a measured round, the difference is what
 * serving that round cost, whatever the wall clock says on a shared machine.
 */
public final class ProcessCpu {

  /** Clock ticks per second of the stat fields (USER_HZ). */
  private static final long TICKS = clockTicks();

  private ProcessCpu() {
  }

  /** Seconds of CPU the processes have used so far; a process that has ended counts 0. */
  public static double seconds(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      ticks += ticks(pid);
    }
    return ticks / (double) TICKS;
  }

  private static long ticks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // f[0] is field 3 (state), so utime (field 14) is f[11] and stime (field 15) f[12].
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100; // Linux's USER_HZ on every common architecture
    }
  }
}
