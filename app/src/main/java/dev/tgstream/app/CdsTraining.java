package dev.tgstream.app;

import dev.tgstream.stream.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=tgstream.jsa -jar tgstream.jar cds-training}: the training run of the AppCDS
 * archive the image ships (see the Dockerfile). It starts the service the way {@code serve} does (role all, the library
 * backend, the start-up warm-up) on throw-away folders and a loopback port, asks /health/ready, streams a small file
 * through a signed link as a player would (from the start, then a seek), stops the service and exits 0. The JVM then
 * writes every class the run loaded into the archive; a process started with {@code -XX:SharedArchiveFile} maps them
 * instead of loading, verifying and linking them from the jar, which shortens both the time to ready and the first
 * request. Nothing of the run is kept but the archive: its folders are deleted, its secret was random.
 */
final class CdsTraining {

  static final long FILE_BYTES = 3L * 1024 * 1024 + 4_321;
  private static final long STEP_TIMEOUT_S = 60;
  private static final int SOCKET_TIMEOUT_MS = 10_000;

  private CdsTraining() {
  }

  static int run(PrintStream out, PrintStream err) {
    Path root = null;
    try {
      root = Files.createTempDirectory("tgstream-cds-training-");
      Path channel = Files.createDirectories(root.resolve("library").resolve("training"));
      byte[] bytes = new byte[(int) FILE_BYTES];
      new Random(1).nextBytes(bytes);
      Files.write(channel.resolve("training.bin"), bytes);
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Map<String, String> env = Map.of(
          "PORT", "0",
          "DATA_DIR", root.resolve("data").toString(),
          "LIBRARY_DIR", root.resolve("library").toString(),
          "STREAM_SECRET", HexFormat.of().formatHex(secret));
      AppConfig config = new ConfigLoader(env, new JsonObject()).read();
      train(config);
      out.println("tgstream cds-training: done");
      return 0;
    } catch (Exception e) {
      err.println("tgstream cds-training: " + e);
      return 1;
    } finally {
      deleteTree(root);
    }
  }

  private static void train(AppConfig config) throws Exception {
    String link = signedPath(config);
    Vertx vertx = Metrics.vertx(new VertxOptions(), Metrics.REGISTRY_NAME);
    try {
      Application app = await(Application.start(vertx, config));
      try {
        get(app.port(), "/health/ready", null);
        get(app.port(), link, "bytes=0-");
        get(app.port(), link, "bytes=" + (FILE_BYTES * 9 / 10) + "-");
        get(app.port(), "/", null);
      } finally {
        await(app.stop());
      }
    } finally {
      await(vertx.close());
    }
  }

  /** The path of the training file's signed link, from the {@code link} command itself (so it is trained too). */
  private static String signedPath(AppConfig config) throws IOException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = LinkCommand.run(config, new String[] {"training", "training.bin"},
        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().map(String::strip)
        .filter(l -> l.startsWith("http")).toList();
    if (code != 0 || lines.isEmpty()) {
      throw new IOException("link failed (" + code + "): " + errors.toString(StandardCharsets.UTF_8).strip());
    }
    return URI.create(lines.get(lines.size() - 1)).getRawPath();
  }

  /** One GET on a new connection, read to its end; fails on an error status. */
  private static void get(int port, String path, String range) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SOCKET_TIMEOUT_MS);
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      OutputStream o = socket.getOutputStream();
      o.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + (range != null ? "Range: " + range + "\r\n" : "")
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      o.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      String status = new String(head, StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.1 2") && !status.startsWith("HTTP/1.1 3")) {
        throw new IOException("GET " + path + " answered '" + status.strip() + "'");
      }
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // what is left is a temporary folder of the training run
    }
  }
}
