package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * TEST SET-UP ONLY: runs the whole jar on the {@link TdJsonDouble TDLib test double} instead of libtdjson. Lives in the
 * telegram module's test-jar, never in the shipped jar. Started as
 * <pre>
 * java -Dtgstream.tdjson.provider=dev.tgstream.telegram.tdlib.TdJsonDoubleProvider -Dtdjson.double.…=… \
 *      -cp app/target/tgstream.jar:telegram/target/telegram-…-tests.jar dev.tgstream.app.Main
 * </pre>
 * with TG_API_ID, TG_API_HASH, CHANNEL_IDS and TG_SESSION_STRING (from {@link #userSession}) or TG_BOT_TOKEN set as
 * for Telegram. The double is configured by system properties (see {@link Config#jvmArgs()}):
 * <ul>
 *   <li>{@code tdjson.double.channel.<n>=<chatId>|<username or empty>|<title>|<folder>}: a folder served as a channel;</li>
 *   <li>{@code tdjson.double.user=<phone>|<code>|<password or empty>}: the user account;</li>
 *   <li>{@code tdjson.double.bots=<token>,<token>}: bot tokens the double accepts;</li>
 *   <li>{@code tdjson.double.latency_ms}, {@code tdjson.double.bandwidth_kibps} (per client);</li>
 *   <li>{@code tdjson.double.native_clients=<n>}: also loads the REAL libtdjson (TDLIB_PATH or the build's copy) and
 *       starts n offline clients on it (setTdlibParameters → WaitPhoneNumber), kept until the process ends, so that
 *       TDLib's memory counts in an RSS figure. They answer nothing the server uses.</li>
 * </ul>
 */
public final class TdJsonDoubleProvider implements TdJsonProvider {

  public static final String PREFIX = "tdjson.double.";
  public static final int API_ID = 94575;
  public static final String API_HASH = "a3406de8d171bb422bb6ddf3bbd800e2";

  private String description = "the TDLib test double (TdJsonDouble)";

  /** The provider's JVM arguments, built in a test. */
  public static final class Config {
    private final List<String> channels = new ArrayList<>();
    private String user;
    private final List<String> bots = new ArrayList<>();
    private long latencyMs = 2;
    private long bandwidthKibps = 64 * 1024;
    private int nativeClients;

    public Config channel(long chatId, String username, String title, Path folder) {
      channels.add(chatId + "|" + (username == null ? "" : username) + "|" + title + "|" + folder.toAbsolutePath());
      return this;
    }

    public Config user(String phone, String code, String password) {
      user = phone + "|" + code + "|" + (password == null ? "" : password);
      return this;
    }

    public Config bot(String token) {
      bots.add(token);
      return this;
    }

    public Config latencyMs(long ms) {
      latencyMs = ms;
      return this;
    }

    public Config bandwidthKibps(long kibps) {
      bandwidthKibps = kibps;
      return this;
    }

    public Config nativeClients(int n) {
      nativeClients = n;
      return this;
    }

    /** {@code -D} arguments selecting and configuring the double. */
    public List<String> jvmArgs() {
      List<String> args = new ArrayList<>();
      args.add("-D" + TdJsonProvider.PROPERTY + "=" + TdJsonDoubleProvider.class.getName());
      for (int i = 0; i < channels.size(); i++) {
        args.add("-D" + PREFIX + "channel." + (i + 1) + "=" + channels.get(i));
      }
      if (user != null) {
        args.add("-D" + PREFIX + "user=" + user);
      }
      if (!bots.isEmpty()) {
        args.add("-D" + PREFIX + "bots=" + String.join(",", bots));
      }
      args.add("-D" + PREFIX + "latency_ms=" + latencyMs);
      args.add("-D" + PREFIX + "bandwidth_kibps=" + bandwidthKibps);
      if (nativeClients > 0) {
        args.add("-D" + PREFIX + "native_clients=" + nativeClients);
      }
      return args;
    }
  }

  /**
   * A TG_SESSION_STRING the double accepts for {@code phone}: its stand-in binlog ({@link DoubleAccounts}), packed by
   * {@link SessionPack} as {@code login} packs TDLib's.
   */
  public static String userSession(String phone) throws IOException {
    Path dir = Files.createTempDirectory("tdjson-double-session");
    try {
      new DoubleAccounts(Set.of(), phone, null, null).write(dir, new DoubleAccounts.Account(false, phone));
      return SessionPack.pack(dir);
    } finally {
      Files.deleteIfExists(dir.resolve(DoubleAccounts.BINLOG));
      Files.deleteIfExists(dir);
    }
  }

  /** {@code session <phone>}: prints {@link #userSession} (for scripts, e.g. the benchmark). */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !args[0].equals("session")) {
      System.err.println("usage: TdJsonDoubleProvider session <phone>");
      System.exit(2);
    }
    System.out.println(userSession(args[1]));
  }

  @Override
  public TdJson open(Optional<Path> tdlibPath) throws Exception {
    Map<String, String> props = new TreeMap<>();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX))
        .forEach(k -> props.put(k.substring(PREFIX.length()), System.getProperty(k)));
    TdJsonDouble.Builder b = TdJsonDouble.builder()
        .latency(Long.parseLong(props.getOrDefault("latency_ms", "2")))
        .bandwidth(Long.parseLong(props.getOrDefault("bandwidth_kibps", "65536")) * 1024);
    List<String> described = new ArrayList<>();
    props.forEach((k, v) -> {
      if (k.startsWith("channel.")) {
        String[] f = v.split("\\|", 4);
        if (f.length != 4) {
          throw new IllegalArgumentException(PREFIX + k + " must be <chatId>|<username>|<title>|<folder>: " + v);
        }
        b.channel(Long.parseLong(f[0]), f[1].isEmpty() ? null : f[1], f[2], Path.of(f[3]));
        described.add(f[0] + " (" + f[3] + ")");
      }
    });
    String user = props.get("user");
    if (user != null) {
      String[] f = user.split("\\|", 3);
      b.user(f[0], f.length > 1 ? f[1] : "12345", f.length > 2 && !f[2].isEmpty() ? f[2] : null);
    }
    for (String token : props.getOrDefault("bots", "").split(",")) {
      if (!token.isBlank()) {
        b.botToken(token.strip());
      }
    }
    int nativeClients = Integer.parseInt(props.getOrDefault("native_clients", "0"));
    if (nativeClients > 0) {
      startNativeClients(tdlibPath, nativeClients);
    }
    description = "the TDLib test double (TdJsonDouble; channels " + described + ", latency "
        + props.getOrDefault("latency_ms", "2") + " ms, " + props.getOrDefault("bandwidth_kibps", "65536")
        + " KiB/s per client" + (nativeClients > 0 ? "; plus " + nativeClients + " idle offline client(s) of the "
        + "real libtdjson for its memory" : "") + ")";
    return b.build();
  }

  @Override
  public String describe() {
    return description;
  }

  /** The real library with {@code n} offline clients, drained by a thread of their own: memory ballast, no more. */
  private static void startNativeClients(Optional<Path> tdlibPath, int n) throws IOException {
    NativeTdJson lib = NativeTdJson.load(TdLibraryLocator.locate(tdlibPath));
    lib.execute(new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level", 1).encode());
    Path root = Files.createTempDirectory("tdjson-double-native");
    for (int i = 0; i < n; i++) {
      int id = lib.createClientId();
      Path db = root.resolve("client-" + i);
      lib.send(id, TdParameters.of(db, db.resolve("files"), API_ID, API_HASH, "double-ballast", true).encode());
    }
    Thread drain = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        lib.receive(1.0);
      }
    }, "tdlib-native-ballast");
    drain.setDaemon(true);
    drain.start();
  }
}
