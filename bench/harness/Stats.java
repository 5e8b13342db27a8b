package harness;

import java.util.List;
import java.util.Locale;

/** Medians and the number formats of the report. */
public final class Stats {

  private Stats() {
  }

  public static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  public static String list(List<Double> xs, String fmt) {
    return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, fmt, x)).toList());
  }

  public static String secs(double s) {
    return String.format(Locale.ROOT, "%.3f s", s);
  }

  public static String mibs(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f MiB/s" : "%.2f MiB/s", v);
  }

  public static String miss(double value, double target, String unit) {
    return String.format(Locale.ROOT, "miss by %.3f %s", value - target, unit);
  }

  /** "pass", or by how much a time is over its bound. */
  public static String atMost(double seconds, double bound) {
    return seconds <= bound ? "pass" : miss(seconds, bound, "s");
  }
}
