package harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** nginx-light (2 workers, sendfile) from a generated config on a loopback port, serving the bench file's folder. */
public final class Nginx implements AutoCloseable {

  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** The master and its workers: what {@link ProcessCpu} adds up for nginx. */
  public List<Long> pids() {
    List<Long> pids = new java.util.ArrayList<>(List.of(process.pid()));
    process.descendants().forEach(d -> pids.add(d.pid()));
    return pids;
  }

  static Nginx start(Harness h, int run) throws Exception {
    int port = Sys.freePort();
    Path prefix = h.options().work.resolve("nginx");
    Sys.deleteTree(prefix);
    Files.createDirectories(prefix.resolve("logs"));
    Path root = h.benchFile().getParent();
    String conf = """
        worker_processes 2;
        daemon off;
        master_process on;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 100000;
          keepalive_timeout 60s;
          default_type application/octet-stream;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            root %3$s;
          }
        }
        """.formatted(prefix, port, root);
    Path confFile = prefix.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    ProcessBuilder pb = new ProcessBuilder(h.options().nginxBinary, "-e", prefix.resolve("logs/error.log").toString(),
        "-p", prefix.toString(), "-c", confFile.toString())
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile());
    Process p = Sys.track(pb.start());
    Nginx n = new Nginx(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        Sys.die("nginx exited with " + p.exitValue() + "; see " + prefix.resolve("logs"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return n;
      } catch (IOException e) {
        p.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    n.close();
    Sys.die("nginx did not listen within 20 s");
    return n;
  }

  /** "nginx/1.22.1", for the report's header. */
  public static String version(String binary) {
    try {
      Process p = new ProcessBuilder(binary, "-v").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      return v.replace("nginx version: ", "");
    } catch (Exception e) {
      return "nginx (version unknown)";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy(); // SIGTERM: fast shutdown of master and workers
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
