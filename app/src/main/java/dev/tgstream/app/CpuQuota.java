package dev.tgstream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The CPU share this process's cgroup grants (a container's {@code --cpus}, a Render free instance's 0.1 CPU), from
 * cgroup v2's {@code cpu.max} or v1's {@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us}. The JVM rounds such a
 * quota up to one processor, so it cannot tell a tenth of a CPU from a whole one; the start-up warm-up needs to.
 * Empty when there is no quota or nothing readable: an unlimited host.
 */
final class CpuQuota {

  /** Where the process's own cgroup is mounted inside a container (cgroup namespaces make it the root). */
  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  private CpuQuota() {
  }

  /** The quota in CPUs (0.1 for a tenth of one), read under {@code cgroupRoot}. */
  static OptionalDouble of(Path cgroupRoot) {
    OptionalDouble v2 = read(cgroupRoot.resolve("cpu.max")).map(CpuQuota::parseV2).orElse(OptionalDouble.empty());
    if (v2.isPresent()) {
      return v2;
    }
    for (String controller : List.of("cpu", "cpu,cpuacct", "cpuacct,cpu")) {
      Path dir = cgroupRoot.resolve(controller);
      Optional<String> quota = read(dir.resolve("cpu.cfs_quota_us"));
      Optional<String> period = read(dir.resolve("cpu.cfs_period_us"));
      if (quota.isPresent() && period.isPresent()) {
        return parseV1(quota.get(), period.get());
      }
    }
    return OptionalDouble.empty();
  }

  /** cgroup v2 {@code cpu.max}: "{@code <quota> <period>}" in microseconds, or "{@code max <period>}" for none. */
  static OptionalDouble parseV2(String cpuMax) {
    String[] fields = cpuMax.strip().split("\\s+");
    if (fields.length != 2 || fields[0].equals("max")) {
      return OptionalDouble.empty();
    }
    return ratio(fields[0], fields[1]);
  }

  /** cgroup v1: {@code cpu.cfs_quota_us} (-1 for none) over {@code cpu.cfs_period_us}. */
  static OptionalDouble parseV1(String quota, String period) {
    return ratio(quota.strip(), period.strip());
  }

  private static OptionalDouble ratio(String quota, String period) {
    try {
      long q = Long.parseLong(quota);
      long p = Long.parseLong(period);
      return q > 0 && p > 0 ? OptionalDouble.of((double) q / p) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
