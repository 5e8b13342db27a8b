package harness;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line: {@code --jar PATH, --options conf/jvm-512m.options, --dockerfile Dockerfile,
 * --results bench/RESULTS.md, --work DIR, --runs N, --nginx PATH, --plain-jvm} (diagnostics: the JVM's default
 * flags), {@code --soak-minutes N, --soak-clients N} (the soak: 10 minutes, 200 clients), {@code --only a,b} (a subset of the scenarios; RESULTS.md is only written when the whole default suite ran).
 */
public final class Options {

  public Path jar = Path.of("app/target/tgstream.jar");
  public Path optionsFile = Path.of("conf/jvm-512m.options");
  public Path dockerfile = Path.of("Dockerfile");
  public Path results = Path.of("bench/RESULTS.md");
  public Path work = Path.of(System.getProperty("java.io.tmpdir"), "tgstream-bench");
  public int runs = 5;
  public String nginxBinary;
  /** Diagnostics: run tgstream with the JVM's defaults instead of the shipped 512 MB flags (RESULTS.md untouched). */
  public boolean plainJvm;
  /** The soak's length in minutes and its number of clients (--soak-minutes, --soak-clients). */
  public int soakMinutes = 10;
  public int soakClients = 200;
  /** The scenarios named by --only, or null for the default suite. */
  public Set<String> only;

  public static Options parse(String[] args, List<String> known) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null && !a.equals("--plain-jvm")) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      switch (a) {
        case "--jar" -> { o.jar = Path.of(v); i++; }
        case "--options" -> { o.optionsFile = Path.of(v); i++; }
        case "--dockerfile" -> { o.dockerfile = Path.of(v); i++; }
        case "--results" -> { o.results = Path.of(v); i++; }
        case "--work" -> { o.work = Path.of(v); i++; }
        case "--runs" -> { o.runs = Integer.parseInt(v); i++; }
        case "--nginx" -> { o.nginxBinary = v; i++; }
        case "--soak-minutes" -> { o.soakMinutes = Integer.parseInt(v); i++; }
        case "--soak-clients" -> { o.soakClients = Integer.parseInt(v); i++; }
        case "--plain-jvm" -> o.plainJvm = true;
        case "--only" -> { o.only = new LinkedHashSet<>(Arrays.asList(v.split(","))); i++; }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (o.runs < 1 || o.runs > 25) {
      throw new IllegalArgumentException("--runs must be 1..25");
    }
    if (o.soakMinutes < 1 || o.soakMinutes > 120 || o.soakClients < 1 || o.soakClients > 2000) {
      throw new IllegalArgumentException("--soak-minutes must be 1..120 and --soak-clients 1..2000");
    }
    if (o.only != null && !known.containsAll(o.only)) {
      throw new IllegalArgumentException("--only takes " + String.join(",", known) + "; got " + String.join(",", o.only));
    }
    return o;
  }
}
