package dev.tgstream.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cgroup CPU quota as the kernel writes it, v2 and v1, and every way of having none. */
class CpuQuotaTest {

  @TempDir
  Path root;

  @Test
  void cgroupV2CpuMaxIsQuotaOverPeriodAndMaxIsNone() {
    assertEquals(OptionalDouble.of(0.1), CpuQuota.parseV2("10000 100000\n"));
    assertEquals(OptionalDouble.of(2.0), CpuQuota.parseV2("200000 100000"));
    assertEquals(OptionalDouble.empty(), CpuQuota.parseV2("max 100000\n"));
    assertEquals(OptionalDouble.empty(), CpuQuota.parseV2(""));
    assertEquals(OptionalDouble.empty(), CpuQuota.parseV2("ten 100000"));
    assertEquals(OptionalDouble.empty(), CpuQuota.parseV2("10000 0"));
  }

  @Test
  void cgroupV1QuotaOfMinusOneIsNone() {
    assertEquals(OptionalDouble.of(0.5), CpuQuota.parseV1("50000\n", "100000\n"));
    assertEquals(OptionalDouble.empty(), CpuQuota.parseV1("-1\n", "100000\n"));
    assertEquals(OptionalDouble.empty(), CpuQuota.parseV1("", "100000"));
  }

  @Test
  void theFilesAreFoundWhereV2AndV1MountThem() throws IOException {
    assertEquals(OptionalDouble.empty(), CpuQuota.of(root), "no cgroup files: an unlimited host");

    Path v1 = Files.createDirectories(root.resolve("v1/cpu,cpuacct"));
    Files.writeString(v1.resolve("cpu.cfs_quota_us"), "10000\n");
    Files.writeString(v1.resolve("cpu.cfs_period_us"), "100000\n");
    assertEquals(OptionalDouble.of(0.1), CpuQuota.of(root.resolve("v1")));

    Path podman = Files.createDirectories(root.resolve("podman/cpu"));
    Files.writeString(podman.resolve("cpu.cfs_quota_us"), "-1\n");
    Files.writeString(podman.resolve("cpu.cfs_period_us"), "100000\n");
    assertEquals(OptionalDouble.empty(), CpuQuota.of(root.resolve("podman")));

    Path v2 = Files.createDirectories(root.resolve("v2"));
    Files.writeString(v2.resolve("cpu.max"), "10000 100000\n");
    assertEquals(OptionalDouble.of(0.1), CpuQuota.of(v2));
  }
}
