package dev.tgstream.telegram.tdlib;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns one {@link TdJson} and the ONE thread that calls {@code td_receive} for all its clients (TDLib requires a
 * single receiver), and hands each message to the client its {@code @client_id} names. The thread only decodes and
 * routes; clients move everything onto Vert.x contexts, so no caller code ever runs on it.
 */
public final class TdRuntime {

  private static final Logger log = LoggerFactory.getLogger(TdRuntime.class);
  /** Receive threads are named this plus a sequence number, so a test or a thread dump can find them. */
  public static final String RECEIVE_THREAD_PREFIX = "tdlib-receive-";
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Vertx vertx;
  private final TdJson json;
  private final TdOptions options;
  private final Map<Integer, TdClient> clients = new ConcurrentHashMap<>();
  private final Thread receiver;
  private volatile boolean running = true;
  private Future<Void> closed;

  private TdRuntime(Vertx vertx, TdJson json, TdOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.json = Objects.requireNonNull(json, "json");
    this.options = Objects.requireNonNull(options, "options");
    this.receiver = new Thread(this::receiveLoop, RECEIVE_THREAD_PREFIX + THREADS.incrementAndGet());
    // Daemon so a forgotten close never keeps the JVM alive; close() still stops it deliberately.
    receiver.setDaemon(true);
  }

  /** Starts the receive thread with {@link TdOptions#DEFAULTS}. */
  public static TdRuntime start(Vertx vertx, TdJson json) {
    return start(vertx, json, TdOptions.DEFAULTS);
  }

  public static TdRuntime start(Vertx vertx, TdJson json, TdOptions options) {
    TdRuntime runtime = new TdRuntime(vertx, json, options);
    runtime.receiver.start();
    return runtime;
  }

  /** The receive thread's name (unique per runtime). */
  public String receiveThreadName() {
    return receiver.getName();
  }

  public TdOptions options() {
    return options;
  }

  /** A new client whose updates arrive on the current context, or on a new one when called outside any. */
  public TdClient newClient() {
    Context current = Vertx.currentContext();
    return newClient(current != null && current.owner() == vertx ? current : vertx.getOrCreateContext());
  }

  /** A new client whose updates arrive on {@code context}. */
  public synchronized TdClient newClient(Context context) {
    Objects.requireNonNull(context, "context");
    if (!running || closed != null) {
      throw new IllegalStateException("TdRuntime is closed");
    }
    int id = json.createClientId();
    TdClient client = new TdClient(this, json, vertx, context, options, id);
    // Registered before anything is sent to it, so its first messages always find it.
    clients.put(id, client);
    return client;
  }

  /**
   * Runs a synchronous TDLib request ({@code getOption}, {@code setLogVerbosityLevel} …) on the calling thread.
   * Those answer at once without network; only requests TDLib documents as "Can be called synchronously" work.
   */
  public JsonObject execute(JsonObject request) {
    String answer = json.execute(request.encode());
    return answer == null ? null : new JsonObject(answer);
  }

  /**
   * Sets TDLib's process-wide log verbosity (0 fatal, 1 errors, 2 warnings, 3 info, 4 debug, 5 verbose); TDLib
   * writes its log to stderr, so services want 1 or 2. Fails with an {@link IllegalStateException} when refused.
   */
  public void logVerbosity(int level) {
    JsonObject answer = execute(new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level",
        level));
    if (answer == null || !"ok".equals(answer.getString("@type"))) {
      throw new IllegalStateException("TDLib refused log verbosity " + level + ": "
          + (answer == null ? "no answer" : answer.encode()));
    }
  }

  /**
   * Closes every client (each bounded by {@link TdOptions#closeTimeout()}), then stops the receive thread and
   * completes once it has ended. Fails when the thread did not end in time. Idempotent.
   */
  public Future<Void> close() {
    Context current = Vertx.currentContext();
    ContextInternal caller = (ContextInternal) (current != null && current.owner() == vertx
        ? current : vertx.getOrCreateContext());
    Promise<Void> result = caller.promise();
    closing().onComplete(result);
    return result.future();
  }

  private synchronized Future<Void> closing() {
    if (closed != null) {
      return closed;
    }
    List<Future<Void>> closing = clients.values().stream().map(TdClient::close).toList();
    closed = Future.join(closing)
        .transform(ar -> {
          if (ar.failed()) {
            log.warn("TDLib: some clients did not close cleanly: {}", ar.cause().getMessage());
          }
          running = false;
          long boundMs = options.receiveTimeout().toMillis() + 5_000;
          return vertx.executeBlocking(() -> {
            // Joining proves the thread has really ended, not merely been told to.
            receiver.join(boundMs);
            if (receiver.isAlive()) {
              throw new IllegalStateException(receiver.getName() + " did not stop within " + boundMs + " ms");
            }
            return null;
          }, false);
        });
    return closed;
  }

  void forget(TdClient client) {
    clients.remove(client.id(), client);
  }

  private void receiveLoop() {
    double timeoutSeconds = options.receiveTimeout().toMillis() / 1000.0;
    while (running) {
      String raw;
      try {
        raw = json.receive(timeoutSeconds);
      } catch (RuntimeException e) {
        log.error("TDLib: td_receive failed", e);
        continue;
      }
      if (raw != null) {
        dispatch(raw);
      }
    }
    log.debug("TDLib: {} stopped", receiver.getName());
  }

  private void dispatch(String raw) {
    try {
      JsonObject message = new JsonObject(raw);
      Object clientId = message.getValue("@client_id");
      TdClient client = clientId instanceof Number n ? clients.get(n.intValue()) : null;
      if (client == null) {
        // A closed client's last words, or a message for no client: nobody left to read it.
        log.debug("TDLib: dropping {} for client {}", message.getString("@type"), clientId);
        return;
      }
      client.onMessage(message);
    } catch (DecodeException e) {
      log.warn("TDLib: undecodable message dropped: {}", e.getMessage());
    } catch (RuntimeException e) {
      // The receive thread serves every client: one bad message must not stop it.
      log.error("TDLib: dispatch failed", e);
    }
  }
}
