package harness;

/**
 * One benchmark scenario: a small class that starts servers (or nginx) through the {@link Harness}, drives a load with
 * its clients, and adds its rows to the report. Selected by {@link #name()} with {@code --only}.
 */
public interface Scenario {

  /** The name {@code --only} selects it by. */
  String name();

  /** Whether a plain {@code bash bench/run.sh} runs it (long or special scenarios run only when named). */
  default boolean inDefaultSuite() {
    return true;
  }

  /** Runs {@code harness.runs()} cold starts and adds the scenario's rows to {@code harness.report()}. */
  void run(Harness harness) throws Exception;
}
