package dev.tgstream.stream.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Process meters beside Vert.x's JVM binders, and the fix-ups that make the whole registry pass
 * {@code promtool check metrics}:
 * <ul>
 *   <li>{@code process_resident_memory_bytes}, {@code process_virtual_memory_bytes} from {@code /proc/self/status}
 *       (Linux). The JVM's meters see the heap and NIO buffers only; on a 512 MB host what counts is the resident set,
 *       which also holds metaspace, thread stacks, Netty's direct arenas and native libraries (TDLib).</li>
 *   <li>{@code process_files_open_files}, {@code process_files_max_files}.</li>
 *   <li>Micrometer's {@code jvm_compilation_time_ms_total} and {@code process_cpu_time_ns_total} name abbreviated,
 *       non-base units, and {@code system_cpu_count} looks like a summary's {@code _count}: promtool rejects all three.
 *       {@link #LINT_FILTER} drops the first two (they are replaced by {@code jvm_compilation_time_seconds_total} and
 *       Prometheus' usual {@code process_cpu_seconds_total}) and renames the third {@code system_cpus}.</li>
 *   <li>Micrometer's {@code netty_eventexecutor_tasks_pending} (each event loop's backlog) has no help text; the filter
 *       gives it one, and drops the Netty allocator meters, which measure an allocator Vert.x 5 does not use.</li>
 * </ul>
 */
final class ProcessMetrics implements MeterBinder {

  private static final Path STATUS = Path.of("/proc/self/status");

  /** Meter names (Micrometer form) whose Prometheus names promtool rejects, by the base unit they carry. */
  private static final Set<String> ABBREVIATED_UNITS = Set.of("jvm.compilation.time/ms", "process.cpu.time/ns");

  /** To be registered before any meter, so that it applies to Vert.x's JVM binders too. */
  static final MeterFilter LINT_FILTER = new MeterFilter() {
    @Override
    public io.micrometer.core.instrument.config.MeterFilterReply accept(Meter.Id id) {
      // netty.allocator.*: they measure PooledByteBufAllocator.DEFAULT, which Vert.x 5 does not allocate from (its
      // transport has an allocator of its own): always 0, they would only mislead. Direct memory shows in
      // jvm_buffer_memory_used_bytes{id="direct"}.
      return ABBREVIATED_UNITS.contains(id.getName() + "/" + id.getBaseUnit())
          || id.getName().startsWith("netty.allocator.")
          ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
          : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
      if (id.getName().equals("system.cpu.count")) {
        return id.withName("system.cpus");
      }
      String help = NETTY_HELP.get(id.getName());
      if (help != null && id.getDescription() == null) {
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
      }
      return id;
    }
  };

  /** Micrometer's Netty binders register without help texts, which promtool requires. */
  private static final Map<String, String> NETTY_HELP = Map.of(
      "netty.eventexecutor.tasks.pending", "Tasks waiting on a Netty event loop: a Vert.x event loop's backlog");

  @Override
  public void bindTo(MeterRegistry registry) {
    new FileDescriptorMetrics().bindTo(registry);
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean hotspot && hotspot.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu", hotspot, b -> b.getProcessCpuTime() / 1e9)
          .description("CPU time used by the process")
          .baseUnit("seconds")
          .register(registry);
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
      FunctionCounter.builder("jvm.compilation.time", jit, b -> b.getTotalCompilationTime() / 1e3)
          .description("Time spent in JIT compilation")
          .baseUnit("seconds")
          .register(registry);
    }
    if (Files.isReadable(STATUS)) {
      Gauge.builder("process.resident.memory", () -> kibField("VmRSS:") * 1024.0)
          .description("Resident set size of the process: heap, direct and native memory that is in RAM")
          .baseUnit(BaseUnits.BYTES)
          .register(registry);
      Gauge.builder("process.virtual.memory", () -> kibField("VmSize:") * 1024.0)
          .description("Virtual memory size of the process")
          .baseUnit(BaseUnits.BYTES)
          .register(registry);
    }
  }

  /** A {@code Name:   123 kB} line of /proc/self/status in KiB, or NaN (a gauge's "no value"). */
  static double kibField(String name) {
    try {
      // procfs lives in memory: reading it on the scraping event loop does not wait on a disk.
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(name)) {
          return Double.parseDouble(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No value this scrape.
    }
    return Double.NaN;
  }
}
