package dev.tgstream.ui;

import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.library.LibraryGateway;
import dev.tgstream.ui.auth.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/**
 * A real UI service for tests: a library folder with generated files served by the real LibraryGateway, the real
 * StreamEngine and LocalStreamerService, a UiVerticle on a random loopback port, and a WebClient with helpers for
 * cookies and the Origin header.
 */
public final class UiTestServer {

  public static final String ADMIN = "alice";
  /** HTTP servers (event loops) of a test UI, unless a test asks otherwise. */
  public static final int INSTANCES = 2;
  /** Answers the name of the thread that served the request. */
  public static final String SERVED_BY = "/test/served-by";
  public static final String ADMIN_PASSWORD = "alice-password-1";
  public static final String VIEWER = "bob";
  public static final String VIEWER_PASSWORD = "bob-password-1";
  /** alice is an admin, bob a viewer. Cost 4 keeps the suite fast; production hashes use 10. */
  public static final String USERS_SPEC = ADMIN + ":" + PasswordHasher.hash(ADMIN_PASSWORD, 4) + ":admin;"
      + VIEWER + ":" + PasswordHasher.hash(VIEWER_PASSWORD, 4) + ":viewer";

  public final Vertx vertx;
  public final Path dataDir;
  public final Path libraryDir;
  public final UiConfig config;
  public final LibraryGateway gateway;
  public final UiVerticle verticle;
  public final WebClient client;
  private final String deploymentId;

  private UiTestServer(Vertx vertx, UiConfig config, Path libraryDir, LibraryGateway gateway, UiVerticle verticle,
                       String deploymentId) {
    this.vertx = vertx;
    this.dataDir = config.dataDir();
    this.libraryDir = libraryDir;
    this.config = config;
    this.gateway = gateway;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.client = WebClient.create(vertx);
  }

  /** The default config: auth on with alice (admin) and bob (viewer), data and library under {@code root}. */
  public static UiConfig defaultConfig(Path root) {
    return UiConfig.defaults(root.resolve("data")).withUsersSpec(USERS_SPEC)
        .withSource(UiConfig.SOURCE_LIBRARY, root.resolve("library").toString());
  }

  public static Future<UiTestServer> start(Vertx vertx, Path root) {
    return start(vertx, root, defaultConfig(root));
  }

  public static Future<UiTestServer> start(Vertx vertx, Path root, UiConfig config) {
    return start(vertx, root, config, dev.tgstream.ui.media.MediaOptions.DEFAULTS, java.util.function.UnaryOperator.identity());
  }

  public static Future<UiTestServer> start(Vertx vertx, Path root, UiConfig config,
                                           dev.tgstream.ui.media.MediaOptions media) {
    return start(vertx, root, config, media, java.util.function.UnaryOperator.identity());
  }

  /** As above, with the verticle adjusted before it is deployed (e.g. given a post-link resolver). */
  public static Future<UiTestServer> start(Vertx vertx, Path root, UiConfig config,
                                           java.util.function.UnaryOperator<UiVerticle> customize) {
    return start(vertx, root, config, dev.tgstream.ui.media.MediaOptions.DEFAULTS, customize);
  }

  public static Future<UiTestServer> start(Vertx vertx, Path root, UiConfig config,
                                           dev.tgstream.ui.media.MediaOptions media,
                                           java.util.function.UnaryOperator<UiVerticle> customize) {
    Path library = root.resolve("library");
    return vertx.executeBlocking(() -> {
          writeLibrary(library);
          return null;
        })
        .compose(v -> LibraryGateway.open(vertx, library))
        .compose(gateway -> {
          StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
          byte[] secret = new byte[32];
          new SecureRandom().nextBytes(secret);
          LinkSigner signer = new LinkSigner(secret, Clock.systemUTC());
          LocalStreamerService streamer = new LocalStreamerService(gateway, engine, signer);
          StreamHandler streamHandler = new StreamHandler(signer, gateway, engine);
          UiVerticle verticle = new UiVerticle(config, gateway, streamer, streamHandler, 0,
              router -> {
                router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
                // Which event loop served this request's connection (tests of several servers on one port).
                router.get(SERVED_BY).handler(ctx -> ctx.end(Thread.currentThread().getName()));
              })
              .withMedia(media)
              // As the service runs: several servers on one port, so every test also crosses event loops.
              .withInstances(INSTANCES);
          return vertx.deployVerticle(customize.apply(verticle))
              .map(id -> new UiTestServer(vertx, config, library, gateway, verticle, id));
        });
  }

  /** Stops this verticle and starts a new one on the same folders (what a restart of the process does). */
  public Future<UiTestServer> restart() {
    client.close();
    return vertx.undeploy(deploymentId)
        .compose(v -> gateway.close())
        .compose(v -> start(vertx, dataDir.getParent(), config));
  }

  public int port() {
    return verticle.actualPort();
  }

  public String origin() {
    return "http://localhost:" + port();
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path, String cookie) {
    HttpRequest<Buffer> request = client.request(method, port(), "localhost", path);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      request.putHeader("Origin", origin());
    }
    return request;
  }

  public Future<HttpResponse<Buffer>> get(String path, String cookie) {
    return request(HttpMethod.GET, path, cookie).send();
  }

  public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String cookie, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path, cookie);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> login(String name, String password) {
    return send(HttpMethod.POST, "/api/login", null, new JsonObject().put("name", name).put("password", password));
  }

  /** Signs in from another loopback address (e.g. 127.0.0.2), as a second client machine would. */
  public Future<HttpResponse<Buffer>> loginFrom(String localAddress, String name, String password) {
    WebClient other = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setLocalAddress(localAddress));
    return other.post(port(), "localhost", "/api/login").putHeader("Origin", origin())
        .sendJsonObject(new JsonObject().put("name", name).put("password", password))
        .eventually(() -> {
          other.close();
          return Future.succeededFuture();
        });
  }

  /** Signs in and returns the Cookie header value to send with later requests. */
  public Future<String> cookieFor(String name, String password) {
    return login(name, password).map(resp -> {
      if (resp.statusCode() != 200) {
        throw new AssertionError("login of " + name + " failed: " + resp.statusCode() + " " + resp.bodyAsString());
      }
      return sessionCookie(resp);
    });
  }

  /** {@code tgstream_session=<id>} from a Set-Cookie of the response, or null. */
  public static String sessionCookie(HttpResponse<Buffer> resp) {
    for (String header : resp.cookies()) {
      if (header.startsWith("tgstream_session=")) {
        return header.split(";", 2)[0];
      }
    }
    return null;
  }

  /** The Set-Cookie header for the session cookie, or null. */
  public static String setCookieHeader(HttpResponse<Buffer> resp) {
    return resp.cookies().stream().filter(h -> h.startsWith("tgstream_session=")).findFirst().orElse(null);
  }

  /** The id of the channel with this title. */
  public Future<String> channelId(String cookie, String title) {
    return get("/api/channels", cookie).map(resp -> {
      JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        if (title.equals(items.getJsonObject(i).getString("title"))) {
          return items.getJsonObject(i).getString("id");
        }
      }
      throw new AssertionError("no channel " + title + " in " + items.encode());
    });
  }

  /** The id of the file with this name in the channel with this title. */
  public Future<String> fileId(String cookie, String channelTitle, String fileName) {
    return channelId(cookie, channelTitle)
        .compose(channel -> get("/api/channels/" + channel + "/files?limit=200", cookie))
        .map(resp -> {
          JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
          for (int i = 0; i < items.size(); i++) {
            if (fileName.equals(items.getJsonObject(i).getString("name"))) {
              return items.getJsonObject(i).getString("id");
            }
          }
          throw new AssertionError("no file " + fileName + " in " + items.encode());
        });
  }

  /**
   * Movies: two videos (one with a thumbnail and caption sidecar), one audio file, a PDF and a photo. Music: one
   * audio file.
   */
  static void writeLibrary(Path library) throws IOException {
    if (Files.exists(library)) {
      return;
    }
    Path movies = Files.createDirectories(library.resolve("Movies"));
    Path music = Files.createDirectories(library.resolve("Music"));
    Random random = new Random(42);
    write(movies.resolve("alpha.mp4"), bytes(random, 300_000));
    write(movies.resolve("alpha.jpg"), bytes(random, 2_000));
    Files.writeString(movies.resolve("alpha.txt"), "Alpha, the first film", StandardCharsets.UTF_8);
    write(movies.resolve("beta film.mkv"), bytes(random, 150_000));
    write(movies.resolve("theme.mp3"), bytes(random, 50_000));
    write(movies.resolve("notes.pdf"), bytes(random, 10_000));
    write(movies.resolve("poster.png"), bytes(random, 5_000));
    write(music.resolve("track.mp3"), bytes(random, 40_000));
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static void write(Path path, byte[] content) throws IOException {
    Files.write(path, content);
  }
}
