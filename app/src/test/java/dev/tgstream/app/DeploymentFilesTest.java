package dev.tgstream.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the deployment files (Dockerfile, render.yaml with its commented free-plan layout) and checks them against
 * the code: every variable they set is one the app reads, roles, ports and health paths exist, and the jar and conf
 * paths are the ones the build makes. (The image itself is checked by scripts/container-check.sh.)
 */
class DeploymentFilesTest {

  /** Read by the container itself, not by the app: the ENTRYPOINT's shell, and glibc. */
  private static final Map<String, String> PROCESS_KEYS = Map.of(
      "JAVA_OPTS", "expanded by the ENTRYPOINT's shell into the java command line",
      "MALLOC_ARENA_MAX", "read by glibc's malloc");
  private static final Pattern KEY_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]{2,})\"");
  private static final Pattern GETENV = Pattern.compile("getenv\\(\\s*\"([A-Z][A-Z0-9_]+)\"\\s*\\)");

  private static Path root;
  private static Dockerfile docker;
  private static Map<String, Object> renderSplit;
  private static Map<String, Object> renderFree;
  private static Set<String> appKeys;

  @BeforeAll
  static void read() throws IOException {
    root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("Dockerfile"))) {
      root = root.getParent();
    }
    assertNotNull(root, "no Dockerfile above " + Path.of("").toAbsolutePath());
    docker = Dockerfile.parse(Files.readString(root.resolve("Dockerfile")));
    String render = Files.readString(root.resolve("render.yaml"));
    renderSplit = asMap(MiniYaml.parse(render), "render.yaml");
    renderFree = asMap(MiniYaml.parse(commentedBlock(render, "BEGIN one-service layout", "END one-service layout")),
        "render.yaml's commented one-service layout");
    appKeys = keysTheAppReads();
  }

  // ---- the keys -------------------------------------------------------------------------------------------------

  /**
   * The environment keys the app reads: the key literals of ConfigLoader (the one place that reads settings), plus
   * any {@code getenv("KEY")} in the main sources of every module.
   */
  private static Set<String> keysTheAppReads() throws IOException {
    Set<String> keys = new TreeSet<>();
    Matcher m = KEY_LITERAL.matcher(Files.readString(root.resolve("app/src/main/java/dev/tgstream/app/ConfigLoader.java")));
    while (m.find()) {
      keys.add(m.group(1));
    }
    for (Path source : mainSources()) {
      Matcher g = GETENV.matcher(Files.readString(source));
      while (g.find()) {
        keys.add(g.group(1));
      }
    }
    return keys;
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String module : List.of("app", "ui-verticle", "stream-verticle", "telegram")) {
      Path dir = root.resolve(module).resolve("src/main/java");
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
        }
      }
    }
    return out;
  }

  private static boolean literalInMainSources(String key) {
    try {
      for (Path p : mainSources()) {
        if (Files.readString(p).contains("\"" + key + "\"")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theKeyScanFindsWhatConfigLoaderReads() {
    // Guards the scan itself: if these vanish, the scan is broken, not the files.
    for (String k : List.of("ROLE", "PORT", "DATA_DIR", "LIBRARY_DIR", "STREAM_SECRET", "STREAMER_URL", "UI_USERS",
        "TG_API_ID", "CHANNEL_IDS")) {
      assertTrue(appKeys.contains(k), () -> k + " not found in ConfigLoader's keys " + appKeys);
    }
  }

  @Test
  void everyDockerfileEnvIsReadByTheAppOrTheProcess() {
    for (String key : docker.env.keySet()) {
      if (PROCESS_KEYS.containsKey(key) || key.equals("TDLIB_PATH")) {
        continue;
      }
      assertTrue(appKeys.contains(key), () -> "Dockerfile sets ENV " + key + ", which the app does not read (reads: "
          + appKeys + ")");
    }
    assertTrue(docker.entrypointAndCmd().contains("$JAVA_OPTS"), "the ENTRYPOINT must expand $JAVA_OPTS");
    assertEquals("2", docker.env.get("MALLOC_ARENA_MAX"));
  }

  @Test
  void theEntrypointAddsC1OnlyUnderACpuQuotaBelowOneCpuAndNothingOtherwise(@org.junit.jupiter.api.io.TempDir Path cg)
      throws Exception {
    assertTrue(docker.entrypointAndCmd().contains("$(sh /app/conf/cpu-quota-flags.sh)"),
        "the ENTRYPOINT asks conf/cpu-quota-flags.sh for the CPU-dependent flags");
    Path v2 = Files.createDirectories(cg.resolve("v2"));
    Files.writeString(v2.resolve("cpu.max"), "10000 100000\n");
    assertEquals("-XX:TieredStopAtLevel=1", cpuQuotaFlags(v2), "Render's free 0.1 CPU (cgroup v2)");
    Files.writeString(v2.resolve("cpu.max"), "max 100000\n");
    assertEquals("", cpuQuotaFlags(v2), "no quota");
    Files.writeString(v2.resolve("cpu.max"), "200000 100000\n");
    assertEquals("", cpuQuotaFlags(v2), "two CPUs");
    Path v1 = Files.createDirectories(cg.resolve("v1/cpu,cpuacct"));
    Files.writeString(v1.resolve("cpu.cfs_quota_us"), "50000\n");
    Files.writeString(v1.resolve("cpu.cfs_period_us"), "100000\n");
    assertEquals("-XX:TieredStopAtLevel=1", cpuQuotaFlags(cg.resolve("v1")), "half a CPU (cgroup v1)");
    Files.writeString(v1.resolve("cpu.cfs_quota_us"), "-1\n");
    assertEquals("", cpuQuotaFlags(cg.resolve("v1")), "cgroup v1 without a quota");
    assertEquals("", cpuQuotaFlags(Files.createDirectories(cg.resolve("none"))), "no cgroup files at all");
  }

  /** What {@code conf/cpu-quota-flags.sh} prints for a cgroup tree, run by sh as the ENTRYPOINT runs it. */
  private static String cpuQuotaFlags(Path cgroupRoot) throws Exception {
    Process p = new ProcessBuilder("sh", root.resolve("conf/cpu-quota-flags.sh").toString(), cgroupRoot.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the script hung");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void tdlibPathIsReadByTheTelegramBinding() {
    assertEquals("/opt/tdlib/libtdjson.so", docker.env.get("TDLIB_PATH"));
    assertTrue(docker.text.contains("COPY --from=tdlib /tdlib/libtdjson.so /opt/tdlib/libtdjson.so"),
        "libtdjson must be copied to TDLIB_PATH");
    // Binding alone is not enough: once the app wires the TDLib backend, the image's library must be found through
    // TDLIB_PATH (the locator's other places, .tdlib/ beside the jar or working directory, are not in the image).
    Assumptions.assumeTrue(literalInMainSources("TDLIB_PATH") || appUsesTdlib(),
        "the app does not wire the TDLib backend yet: TDLIB_PATH is set for it");
    assertTrue(appKeys.contains("TDLIB_PATH") || literalInMainSources("TDLIB_PATH"),
        "Dockerfile sets TDLIB_PATH, but no main source reads it");
  }

  private static boolean appUsesTdlib() {
    try {
      for (Path p : mainSources()) {
        if (p.startsWith(root.resolve("app")) && Files.readString(p).contains("dev.tgstream.telegram.tdlib")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyRenderEnvVarIsReadByTheApp() {
    for (Map.Entry<String, Map<String, Object>> layout : layouts().entrySet()) {
      for (Map<String, Object> service : services(layout.getValue())) {
        for (Map<String, Object> var : envVars(service)) {
          String key = string(var, "key");
          assertTrue(appKeys.contains(key), () -> layout.getKey() + ", service " + service.get("name") + ": " + key
              + " is not read by the app (reads: " + appKeys + ")");
          assertFalse(key.equals("RENDER_EXTERNAL_URL"), "RENDER_EXTERNAL_URL is set by Render itself");
        }
      }
    }
  }

  @Test
  void secretsAreNeverWrittenInRenderYaml() {
    Set<String> secret = Set.of("STREAM_SECRET", "TG_API_HASH", "TG_SESSION_STRING", "TG_BOT_TOKEN", "UI_USERS",
        "TG_API_ID");
    for (Map<String, Object> layout : layouts().values()) {
      for (Map<String, Object> service : services(layout)) {
        for (Map<String, Object> var : envVars(service)) {
          String key = string(var, "key");
          if (secret.contains(key)) {
            assertFalse(var.containsKey("value"), () -> key + " has a literal value in render.yaml");
            assertTrue("false".equals(var.get("sync")) || "true".equals(var.get("generateValue"))
                || var.containsKey("fromService") || var.containsKey("fromGroup"),
                () -> key + " on " + service.get("name") + " must be sync: false, generated or copied");
          }
        }
      }
    }
  }

  // ---- render.yaml ----------------------------------------------------------------------------------------------

  @Test
  void theSplitIsAStreamerAndAUiSharingOneSecret() {
    Map<String, Map<String, Object>> byRole = new LinkedHashMap<>();
    for (Map<String, Object> s : services(renderSplit)) {
      byRole.put(env(s, "ROLE").map(v -> string(v, "value")).orElse("all"), s);
    }
    assertEquals(Set.of("stream", "ui"), byRole.keySet(), "render.yaml's services by ROLE");
    Map<String, Object> stream = byRole.get("stream");
    Map<String, Object> ui = byRole.get("ui");
    Map<String, Object> streamSecret = env(stream, "STREAM_SECRET").orElseThrow(() -> new AssertionError(
        "the streamer has no STREAM_SECRET"));
    assertEquals("true", streamSecret.get("generateValue"), "the streamer generates STREAM_SECRET");
    Map<String, Object> uiSecret = env(ui, "STREAM_SECRET").orElseThrow(() -> new AssertionError(
        "the UI has no STREAM_SECRET"));
    Map<String, Object> from = asMap(uiSecret.get("fromService"), "the UI's STREAM_SECRET.fromService");
    assertEquals(stream.get("name"), from.get("name"), "the UI copies the streamer's STREAM_SECRET");
    assertEquals(stream.get("type"), from.get("type"), "fromService.type is the streamer's type");
    assertEquals("STREAM_SECRET", from.get("envVarKey"));
    assertFalse(from.containsKey("property"), "fromService.property gives host/port, not an env var");
    // STREAMER_URL: the streamer's public https URL; fromService cannot give it (property host is a private name).
    Map<String, Object> streamerUrl = env(ui, "STREAMER_URL").orElseThrow(() -> new AssertionError(
        "the UI has no STREAMER_URL"));
    assertFalse(streamerUrl.containsKey("fromService"), "fromService gives no public https URL for STREAMER_URL");
    assertTrue("false".equals(streamerUrl.get("sync"))
        || string(streamerUrl, "value").startsWith("https://"), "STREAMER_URL: sync: false or an https URL");
    assertTrue(env(stream, "STREAMER_URL").isEmpty(), "the streamer needs no STREAMER_URL");
  }

  @Test
  void theFreeLayoutIsOneServiceInRoleAll() {
    List<Map<String, Object>> services = services(renderFree);
    assertEquals(1, services.size(), "the free-plan layout has one service");
    Map<String, Object> s = services.get(0);
    assertEquals("free", s.get("plan"));
    assertEquals("all", env(s, "ROLE").map(v -> string(v, "value")).orElse("all"));
    assertEquals("true", env(s, "STREAM_SECRET").map(v -> v.get("generateValue")).orElse(null),
        "an ephemeral disk: STREAM_SECRET lives in the environment");
  }

  @Test
  void everyServiceBuildsTheDockerfileAndProbesAReadinessRouteThatExists() throws IOException {
    String health = Files.readString(root.resolve(
        "stream-verticle/src/main/java/dev/tgstream/stream/http/HealthRoutes.java"));
    for (Map<String, Object> layout : layouts().values()) {
      for (Map<String, Object> s : services(layout)) {
        assertEquals("web", s.get("type"));
        assertEquals("docker", s.get("runtime"));
        String dockerfile = string(s, "dockerfilePath");
        assertTrue(Files.isRegularFile(root.resolve(dockerfile)), () -> dockerfile + " does not exist");
        assertEquals(".", s.get("dockerContext"));
        String path = string(s, "healthCheckPath");
        assertEquals("/health/ready", path, "health check path of " + s.get("name"));
        assertTrue(health.contains("\"" + path + "\""), () -> path + " is not a route of HealthRoutes");
        env(s, "ROLE").ifPresent(r -> Role.parse(string(r, "value")));
        env(s, "PORT").ifPresent(p -> assertEquals(docker.exposed(), string(p, "value"), "PORT vs EXPOSE"));
      }
    }
  }

  // ---- Dockerfile -----------------------------------------------------------------------------------------------

  @Test
  void theJarThePortsAndConfAreTheOnesTheBuildMakes() throws IOException {
    // app/pom.xml: finalName tgstream, shaded jar replaces the main artifact -> app/target/tgstream.jar.
    String pom = Files.readString(root.resolve("app/pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertTrue(finalName.find(), "app/pom.xml has no finalName");
    assertTrue(pom.contains("maven-shade-plugin"), "app/pom.xml builds no fat jar");
    assertFalse(pom.contains("<shadedArtifactAttached>true"), "the shaded jar must replace the main artifact");
    String jar = "app/target/" + finalName.group(1) + ".jar";
    Dockerfile.Copy copy = docker.copies.stream().filter(c -> c.source.endsWith(".jar")).findFirst()
        .orElseThrow(() -> new AssertionError("the Dockerfile copies no jar"));
    assertEquals("build", copy.from);
    assertEquals(docker.workdir.get("build") + "/" + jar, copy.source, "the jar the Dockerfile copies");
    assertTrue(docker.text.contains("test -s " + jar), "the build stage checks " + jar);
    assertTrue(docker.entrypointAndCmd().contains("-jar " + copy.dest), "the ENTRYPOINT runs " + copy.dest);

    assertEquals("8080", docker.env.get("PORT"));
    assertEquals(docker.env.get("PORT"), docker.exposed(), "EXPOSE matches ENV PORT");

    String opts = docker.env.get("JAVA_OPTS");
    assertTrue(opts.startsWith("@/app/conf/"), "JAVA_OPTS reads an options file from conf/");
    assertTrue(Files.isRegularFile(root.resolve(opts.substring("@/app/".length()))), opts + " is not in the repo");
    assertTrue(docker.copies.stream().anyMatch(c -> c.source.endsWith("/conf/") && c.dest.equals("/app/conf/")),
        "conf/ is copied to /app/conf/");
    for (String dir : List.of(docker.env.get("DATA_DIR"), docker.env.get("LIBRARY_DIR"))) {
      assertTrue(docker.text.contains(dir), () -> dir + " is not created in the image");
    }
  }

  @Test
  void theImageRunsAsNonRootAndExecsJava() {
    assertNotNull(docker.user, "no USER: the image would run as root");
    assertFalse(docker.user.equals("root") || docker.user.equals("0"), "USER must not be root");
    String run = docker.entrypointAndCmd();
    assertTrue(run.contains("exec java"), "the shell must exec java so SIGTERM reaches the JVM: " + run);
    assertEquals(List.of("build", "tdlib"), docker.copies.stream().map(c -> c.from).filter(f -> f != null).distinct()
        .sorted().toList(), "the runtime copies from the build and tdlib stages");
    for (String base : List.of("maven:3.9-eclipse-temurin-17", "eclipse-temurin:17-jre")) {
      assertTrue(docker.froms.contains(base), () -> "FROM " + base + " (scripts/container-image.sh makes it)");
    }
  }

  @Test
  void theContainerImageScriptMakesEveryBaseImageTheDockerfileNames() throws IOException {
    String check = Files.readString(root.resolve("scripts/container-image.sh"));
    Set<String> made = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^[A-Z_]+_IMAGE=localhost/(\\S+)$").matcher(check);
    while (m.find()) {
      made.add(m.group(1));
    }
    assertEquals(new TreeSet<>(docker.froms), made, "FROM lines vs the base images scripts/container-image.sh makes");
  }

  @Test
  void libtdjsonIsPinnedOnce() throws IOException {
    String version = docker.args.get("TDLIB_NPM_VERSION");
    assertEquals("@prebuilt-tdlib/linux-x64-glibc", docker.args.get("TDLIB_NPM_PACKAGE"));
    assertTrue(version != null && version.matches("\\d+\\.\\d+\\.\\d+"), "an exact npm version: " + version);
    assertTrue(docker.args.getOrDefault("TDLIB_SHA256", "").matches("[0-9a-f]{64}"), "the library's sha256");
    // Wherever else the build pins the package (the Maven build fetches it too), the versions agree.
    Pattern pinned = Pattern.compile("0\\.100\\d{4}\\.\\d+");
    try (Stream<Path> files = Files.walk(root, 3)) {
      for (Path p : files.filter(f -> f.getFileName().toString().equals("pom.xml")).toList()) {
        String pom = Files.readString(p);
        Matcher m = pinned.matcher(pom);
        while (m.find()) {
          assertEquals(version, m.group(), () -> root.relativize(p) + " pins another libtdjson version");
        }
        Matcher sha = Pattern.compile("<tdlib\\.sha256>([0-9a-f]{64})</tdlib\\.sha256>").matcher(pom);
        while (sha.find()) {
          assertEquals(docker.args.get("TDLIB_SHA256"), sha.group(1), () -> root.relativize(p) + " expects another sha256");
        }
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private static Map<String, Map<String, Object>> layouts() {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    m.put("render.yaml", renderSplit);
    m.put("render.yaml (free-plan block)", renderFree);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> services(Map<String, Object> layout) {
    Object s = layout.get("services");
    assertTrue(s instanceof List<?> l && !l.isEmpty(), "services: is a non-empty list");
    return ((List<Object>) s).stream().map(o -> asMap(o, "a service")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> envVars(Map<String, Object> service) {
    Object v = service.get("envVars");
    if (v == null) {
      return List.of();
    }
    return ((List<Object>) v).stream().map(o -> asMap(o, "an env var of " + service.get("name"))).toList();
  }

  private static java.util.Optional<Map<String, Object>> env(Map<String, Object> service, String key) {
    return envVars(service).stream().filter(v -> key.equals(v.get("key"))).findFirst();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o, String what) {
    if (!(o instanceof Map)) {
      fail(what + " is not a mapping: " + o);
    }
    return (Map<String, Object>) o;
  }

  private static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String s)) {
      throw new AssertionError(key + " is not a string in " + m);
    }
    return s;
  }

  /** The lines between the two markers, with the comment's "# " removed. */
  static String commentedBlock(String text, String begin, String end) {
    List<String> lines = text.lines().toList();
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("# " + begin)) {
        from = i + 1;
      } else if (lines.get(i).startsWith("# " + end)) {
        to = i;
      }
    }
    assertTrue(from > 0 && to > from, "render.yaml has no '# " + begin + "' ... '# " + end + "' block");
    return lines.subList(from, to).stream()
        .map(l -> l.startsWith("# ") ? l.substring(2) : l.equals("#") ? "" : l)
        .collect(Collectors.joining("\n"));
  }

  /** The parts of a Dockerfile this test looks at. */
  static final class Dockerfile {
    record Copy(String from, String source, String dest) {
    }

    final String text;
    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, String> args = new LinkedHashMap<>();
    final Map<String, String> workdir = new LinkedHashMap<>();
    final List<String> froms = new ArrayList<>();
    final List<Copy> copies = new ArrayList<>();
    final List<String> expose = new ArrayList<>();
    String user;
    String entrypoint = "";
    String cmd = "";

    private Dockerfile(String text) {
      this.text = text;
    }

    static Dockerfile parse(String text) {
      Dockerfile d = new Dockerfile(text);
      String stage = null;
      for (String instruction : instructions(text)) {
        String[] parts = instruction.split("\\s+", 2);
        String op = parts[0].toUpperCase();
        String rest = parts.length > 1 ? parts[1].trim() : "";
        switch (op) {
          case "FROM" -> {
            String[] f = rest.split("\\s+");
            d.froms.add(f[0]);
            stage = f.length >= 3 && f[1].equalsIgnoreCase("AS") ? f[2] : f[0];
          }
          case "ARG" -> {
            int eq = rest.indexOf('=');
            if (eq > 0) {
              d.args.put(rest.substring(0, eq), unquote(rest.substring(eq + 1)));
            }
          }
          case "ENV" -> {
            Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher(rest);
            while (m.find()) {
              d.env.put(m.group(1), unquote(m.group(2)));
            }
          }
          case "WORKDIR" -> d.workdir.put(stage, rest);
          case "COPY" -> {
            List<String> w = new ArrayList<>(List.of(rest.split("\\s+")));
            String from = null;
            if (w.get(0).startsWith("--from=")) {
              from = w.remove(0).substring("--from=".length());
            }
            d.copies.add(new Copy(from, w.get(0), w.get(w.size() - 1)));
          }
          case "EXPOSE" -> d.expose.addAll(List.of(rest.split("\\s+")));
          case "USER" -> d.user = rest;
          case "ENTRYPOINT" -> d.entrypoint = rest;
          case "CMD" -> d.cmd = rest;
          default -> {
          }
        }
      }
      return d;
    }

    String exposed() {
      assertEquals(1, expose.size(), "one EXPOSEd port");
      return expose.get(0).replace("/tcp", "");
    }

    String entrypointAndCmd() {
      return entrypoint + " " + cmd;
    }

    /** Instructions with comments dropped and backslash continuations joined. */
    private static List<String> instructions(String text) {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (String line : text.lines().toList()) {
        String t = line.strip();
        if (t.startsWith("#") || (t.isEmpty() && cur.length() == 0)) {
          continue;
        }
        boolean more = t.endsWith("\\");
        cur.append(more ? t.substring(0, t.length() - 1) : t).append(' ');
        if (!more) {
          out.add(cur.toString().trim());
          cur.setLength(0);
        }
      }
      if (cur.length() > 0) {
        out.add(cur.toString().trim());
      }
      return out;
    }
  }

  private static String unquote(String s) {
    s = s.trim();
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /**
   * The YAML subset render.yaml is written in: block mappings and sequences by indentation, plain or quoted scalars
   * (kept as strings), comments. Anything else fails loudly rather than being misread.
   */
  static final class MiniYaml {
    private record Line(int number, int indent, String text) {
    }

    private final List<Line> lines;
    private int pos;

    private MiniYaml(List<Line> lines) {
      this.lines = new ArrayList<>(lines);
    }

    static Object parse(String text) {
      List<Line> lines = new ArrayList<>();
      int n = 0;
      for (String raw : text.lines().toList()) {
        n++;
        if (raw.contains("\t")) {
          throw new IllegalArgumentException("line " + n + ": tab in YAML");
        }
        String t = stripComment(raw).stripTrailing();
        if (t.isBlank()) {
          continue;
        }
        int indent = t.length() - t.stripLeading().length();
        lines.add(new Line(n, indent, t.strip()));
      }
      if (lines.isEmpty()) {
        return new LinkedHashMap<>();
      }
      MiniYaml y = new MiniYaml(lines);
      Object v = y.block(lines.get(0).indent);
      if (y.pos < y.lines.size()) {
        throw new IllegalArgumentException("line " + y.lines.get(y.pos).number + ": unexpected indentation");
      }
      return v;
    }

    private static String stripComment(String s) {
      boolean single = false;
      boolean dbl = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\'' && !dbl) {
          single = !single;
        } else if (c == '"' && !single) {
          dbl = !dbl;
        } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
          return s.substring(0, i);
        }
      }
      return s;
    }

    private static boolean isItem(String t) {
      return t.equals("-") || t.startsWith("- ");
    }

    private Object block(int indent) {
      return isItem(lines.get(pos).text) ? sequence(indent) : mapping(indent);
    }

    private List<Object> sequence(int indent) {
      List<Object> list = new ArrayList<>();
      while (pos < lines.size() && lines.get(pos).indent == indent && isItem(lines.get(pos).text)) {
        Line l = lines.get(pos);
        String rest = l.text.substring(1).stripLeading();
        if (rest.isEmpty()) {
          pos++;
          list.add(pos < lines.size() && lines.get(pos).indent > indent ? block(lines.get(pos).indent) : null);
        } else if (keyOf(rest) != null) {
          int childIndent = l.indent + (l.text.length() - rest.length());
          lines.set(pos, new Line(l.number, childIndent, rest));
          list.add(mapping(childIndent));
        } else {
          pos++;
          list.add(scalar(rest));
        }
      }
      return list;
    }

    private Map<String, Object> mapping(int indent) {
      Map<String, Object> map = new LinkedHashMap<>();
      while (pos < lines.size() && lines.get(pos).indent == indent && !isItem(lines.get(pos).text)) {
        Line l = lines.get(pos++);
        String key = keyOf(l.text);
        if (key == null) {
          throw new IllegalArgumentException("line " + l.number + ": expected 'key: value', got '" + l.text + "'");
        }
        String value = l.text.substring(l.text.indexOf(':', key.length()) + 1).strip();
        if (map.containsKey(unquote(key))) {
          throw new IllegalArgumentException("line " + l.number + ": duplicate key " + key);
        }
        Object v;
        if (!value.isEmpty()) {
          v = scalar(value);
        } else if (pos < lines.size() && lines.get(pos).indent > indent) {
          v = block(lines.get(pos).indent);
        } else if (pos < lines.size() && lines.get(pos).indent == indent && isItem(lines.get(pos).text)) {
          v = sequence(indent);
        } else {
          v = null;
        }
        map.put(unquote(key), v);
      }
      if (pos < lines.size() && lines.get(pos).indent > indent) {
        throw new IllegalArgumentException("line " + lines.get(pos).number + ": unexpected indentation");
      }
      return map;
    }

    /** The key of a {@code key: value} or {@code key:} line, or null. */
    private static String keyOf(String t) {
      Matcher m = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[^\\s\"'{}\\[\\]#][^:#]*?)\\s*:(\\s|$)").matcher(t);
      return m.find() ? m.group(1) : null;
    }

    private static Object scalar(String v) {
      if (v.startsWith("[") || v.startsWith("{") || v.startsWith("|") || v.startsWith(">") || v.startsWith("&")
          || v.startsWith("*")) {
        throw new IllegalArgumentException("unsupported YAML in this subset: " + v);
      }
      return unquote(v);
    }
  }

  @Test
  void theYamlSubsetReaderReadsWhatItClaims() {
    Object y = MiniYaml.parse("""
        a: 1   # comment
        b:
          - key: X
            value: "y # z"
          - plain
        c:
        - k: v
          n:
            m: 'q'
        """);
    Map<String, Object> m = asMap(y, "doc");
    assertEquals("1", m.get("a"));
    assertEquals(List.of(Map.of("key", "X", "value", "y # z"), "plain"), m.get("b"));
    assertEquals(List.of(Map.of("k", "v", "n", Map.of("m", "q"))), m.get("c"));
    Set<String> keys = new LinkedHashSet<>(m.keySet());
    assertEquals(Set.of("a", "b", "c"), keys);
  }
}
