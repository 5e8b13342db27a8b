package dev.tgstream.telegram.simulated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationConfigTest {

  @Test
  void blankMeansDefaults() {
    assertEquals(SimulationConfig.DEFAULTS, SimulationConfig.parse(""));
    assertEquals(SimulationConfig.DEFAULTS, SimulationConfig.parse(null));
    SimulationConfig d = SimulationConfig.DEFAULTS;
    assertEquals(150, d.latencyMs());
    assertEquals(1024, d.partKib());
    assertEquals(2048, d.connKibps());
    assertEquals(8, d.maxParallel());
    assertEquals(0, d.floodEvery());
    assertEquals(1, d.floodWaitS());
    assertEquals(0.0, d.failRate());
    assertNull(d.seed());
  }

  @Test
  void parsesEveryKey() {
    SimulationConfig c = SimulationConfig.parse(
        " latency_ms=20, part_kib=256,conn_kibps=0,max_parallel=3,flood_every=5,flood_wait_s=7,fail_rate=0.25,seed=42,");
    assertEquals(new SimulationConfig(20, 256, 0, 3, 5, 7, 0.25, 42L), c);
    assertEquals(256 * 1024, c.partBytes());
  }

  @Test
  void partialValueKeepsOtherDefaults() {
    SimulationConfig c = SimulationConfig.parse("latency_ms=0");
    assertEquals(0, c.latencyMs());
    assertEquals(1024, c.partKib());
    assertEquals(8, c.maxParallel());
  }

  @Test
  void toStringRoundTrips() {
    SimulationConfig c = new SimulationConfig(5, 64, 100, 2, 9, 3, 0.125, 7L);
    assertEquals(c, SimulationConfig.parse(c.toString()));
    assertEquals(SimulationConfig.DEFAULTS, SimulationConfig.parse(SimulationConfig.DEFAULTS.toString()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "latency=5; latency; unknown key",
      "latency_ms; latency_ms; no '='",
      "latency_ms=abc; latency_ms; non-negative integer",
      "latency_ms=-1; latency_ms; non-negative integer",
      "latency_ms=1.5; latency_ms; non-negative integer",
      "conn_kibps=-5; conn_kibps; non-negative integer",
      "flood_every=-1; flood_every; non-negative integer",
      "flood_wait_s=x; flood_wait_s; non-negative integer",
      "fail_rate=1; fail_rate; [0, 1)",
      "fail_rate=1.5; fail_rate; [0, 1)",
      "fail_rate=-0.1; fail_rate; [0, 1)",
      "fail_rate=NaN; fail_rate; [0, 1)",
      "fail_rate=half; fail_rate; [0, 1)",
      "part_kib=3; part_kib; power of two between 4 and 1024",
      "part_kib=2; part_kib; power of two between 4 and 1024",
      "part_kib=2048; part_kib; power of two between 4 and 1024",
      "part_kib=96; part_kib; power of two between 4 and 1024",
      "max_parallel=0; max_parallel; at least 1",
      "max_parallel=99999999999; max_parallel; at most",
      "seed=-3; seed; non-negative integer",
      "latency_ms=1,latency_ms=2; latency_ms; twice",
  })
  void rejectsBadValuesWithOneClearLine(String value, String key, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulationConfig.parse(value));
    String message = e.getMessage();
    assertTrue(message.startsWith("SIMULATE_TELEGRAM: "), message);
    assertTrue(message.contains(key), message);
    assertTrue(message.contains(expected), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void acceptsEveryPowerOfTwoPartSize() {
    for (int kib = 4; kib <= 1024; kib *= 2) {
      assertEquals(kib, SimulationConfig.parse("part_kib=" + kib).partKib());
    }
  }
}
