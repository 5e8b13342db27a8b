package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TDLib client (one {@code td_create_client_id}): requests answered as futures, updates as a stream.
 *
 * <p>Threading contract: every future this class returns completes on the Vert.x context that was current when the
 * method was called, or on the client's own context when called from outside any context; never on TDLib's receive
 * thread. Updates are delivered on the client's context, in the order TDLib sent them.
 *
 * <p>Answers are matched to requests by an {@code @extra} this class generates (a caller's own {@code @extra} is
 * replaced). Every request has a timeout; a timed-out request is forgotten, and its late answer dropped.
 */
public final class TdClient {

  private static final Logger log = LoggerFactory.getLogger(TdClient.class);

  private enum State { OPEN, CLOSING, CLOSED }

  /** A request waiting for its answer; the timer is set after it is registered, so an early timeout cannot miss it. */
  private static final class Pending {
    final String type;
    final Context context;
    final Promise<JsonObject> promise;
    volatile long timer = -1;

    Pending(String type, Context context, Promise<JsonObject> promise) {
      this.type = type;
      this.context = context;
      this.promise = promise;
    }
  }

  private record AuthWaiter(Set<String> types, Context context, Promise<JsonObject> promise, long timer) {
  }

  private final TdRuntime runtime;
  private final TdJson json;
  private final Vertx vertx;
  private final Context context;
  private final TdOptions options;
  private final int id;
  private final String extraPrefix;
  private final AtomicLong nextExtra = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile Handler<JsonObject> updateHandler;
  private volatile State state = State.OPEN;
  // Nothing is sent until the first request: TDLib starts a client only then, so closing one never used is free.
  private volatile boolean started;
  private Future<Void> closed;

  // Written on the client's context only (updates are processed there); volatile so that any thread can read the
  // latest state (authorizationStateType), e.g. one reached before anybody installed an update handler.
  private volatile JsonObject authorizationState;
  private final List<AuthWaiter> authWaiters = new ArrayList<>();

  TdClient(TdRuntime runtime, TdJson json, Vertx vertx, Context context, TdOptions options, int id) {
    this.runtime = runtime;
    this.json = json;
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.id = id;
    // The prefix makes our @extra values recognisable: an answer carrying anything else is not ours to match.
    this.extraPrefix = "tgs:" + id + ":";
  }

  /** TDLib's client id ({@code @client_id} on everything it sends for this client). */
  public int id() {
    return id;
  }

  /** The context updates are delivered on. */
  public Context context() {
    return context;
  }

  /** Sends {@code request} with the default timeout ({@link TdOptions#requestTimeout()}). */
  public Future<JsonObject> send(JsonObject request) {
    return send(request, options.requestTimeout());
  }

  /**
   * Sends {@code request} and completes with TDLib's answer. Fails with a {@link GatewayException}: the mapped TDLib
   * error ({@link TdErrors}), UNAVAILABLE on timeout (naming the request type) or when the client closes first.
   */
  public Future<JsonObject> send(JsonObject request, Duration timeout) {
    ContextInternal caller = callerContext();
    String type = request.getString("@type");
    if (type == null || type.isEmpty()) {
      return caller.failedFuture(GatewayException.invalid("TDLib request without @type: " + request.encode()));
    }
    if (state != State.OPEN) {
      return caller.failedFuture(TdErrors.closed(type, id));
    }
    String extra = extraPrefix + nextExtra.incrementAndGet();
    Promise<JsonObject> promise = caller.promise();
    Pending entry = new Pending(type, caller, promise);
    pending.put(extra, entry);
    entry.timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      Pending p = pending.remove(extra);
      if (p != null) {
        settle(p.context, p.promise, Future.failedFuture(TdErrors.timeout(type, timeout)));
      }
    });
    if (state == State.CLOSED) {
      // close() finished between our check and the put: it will not see this request, so fail it here.
      forget(extra, TdErrors.closed(type, id));
      return promise.future();
    }
    started = true;
    try {
      json.send(id, request.copy().put("@extra", extra).encode());
    } catch (RuntimeException e) {
      forget(extra, new GatewayException(GatewayException.Kind.UNAVAILABLE, "TDLib send of " + type + " failed", e));
    }
    return promise.future();
  }

  private void forget(String extra, Throwable failure) {
    Pending p = pending.remove(extra);
    if (p != null) {
      vertx.cancelTimer(p.timer);
      settle(p.context, p.promise, Future.failedFuture(failure));
    }
  }

  /**
   * Where updates go: every message TDLib sends for this client that is not an answer to one of our requests. Set it
   * before the first {@link #send}: updates that arrive while no handler is set are dropped.
   */
  public TdClient updateHandler(Handler<JsonObject> handler) {
    this.updateHandler = handler;
    return this;
  }

  /** The current authorization state as TDLib reports it ({@code getAuthorizationState}); starts the client. */
  public Future<JsonObject> authorizationState() {
    return send(new JsonObject().put("@type", "getAuthorizationState"));
  }

  /**
   * The {@code @type} of the latest authorization state TDLib reported for this client (tracked whether or not an
   * update handler is set), or null before the first one. Readable from any thread.
   */
  public String authorizationStateType() {
    JsonObject current = authorizationState;
    return current == null ? null : current.getString("@type");
  }

  /**
   * Completes with the authorization state object ({@code authorization_state} of {@code updateAuthorizationState})
   * once its {@code @type} is one of {@code types}: at once when it already is. Fails UNAVAILABLE when the timeout
   * passes first, or when the client reaches {@code authorizationStateClosed} and that was not asked for.
   */
  public Future<JsonObject> awaitAuthorizationState(Duration timeout, String... types) {
    ContextInternal caller = callerContext();
    Set<String> wanted = Set.of(types);
    Promise<JsonObject> promise = caller.promise();
    context.runOnContext(v -> {
      if (authorizationState != null && wanted.contains(authorizationState.getString("@type"))) {
        settle(caller, promise, Future.succeededFuture(authorizationState));
        return;
      }
      if (authorizationState != null && TdAuthorizationStates.CLOSED.equals(authorizationState.getString("@type"))) {
        settle(caller, promise, Future.failedFuture(TdErrors.closed("awaitAuthorizationState " + wanted, id)));
        return;
      }
      AuthWaiter[] self = new AuthWaiter[1];
      long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> context.runOnContext(x -> {
        if (authWaiters.remove(self[0])) {
          settle(caller, promise, Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE,
              "TDLib client " + id + " did not reach " + wanted + " within " + timeout.toMillis() + " ms (state: "
                  + (authorizationState == null ? "none yet" : authorizationState.getString("@type")) + ")")));
        }
      }));
      self[0] = new AuthWaiter(wanted, caller, promise, timer);
      authWaiters.add(self[0]);
    });
    return promise.future();
  }

  /**
   * Closes the client: sends {@code close}, waits (at most {@link TdOptions#closeTimeout()}) for
   * {@code authorizationStateClosed}, then fails every request still waiting. Fails UNAVAILABLE when TDLib did not
   * confirm in time (the client is forgotten either way). Idempotent.
   */
  public Future<Void> close() {
    ContextInternal caller = callerContext();
    Promise<Void> result = caller.promise();
    closing().onComplete(result);
    return result.future();
  }

  private synchronized Future<Void> closing() {
    if (closed != null) {
      return closed;
    }
    state = State.CLOSING;
    if (!started) {
      finishClose();
      closed = Future.succeededFuture();
      return closed;
    }
    Future<JsonObject> confirmed = awaitAuthorizationState(options.closeTimeout(), TdAuthorizationStates.CLOSED);
    try {
      // Its own @extra that no request holds: the "ok" TDLib answers is then dropped, not taken for an update.
      json.send(id, new JsonObject().put("@type", "close").put("@extra", extraPrefix + "close").encode());
    } catch (RuntimeException e) {
      log.warn("TDLib client {}: sending close failed", id, e);
    }
    ContextInternal caller = callerContext();
    closed = confirmed.transform(ar -> {
      finishClose();
      // Settled through the caller's context queue, behind the failures finishClose just queued: a caller on the
      // same context sees its pending requests fail before close completes.
      Promise<Void> done = caller.promise();
      settle(caller, done, ar.succeeded() ? Future.succeededFuture() : Future.failedFuture(ar.cause()));
      return done.future();
    });
    return closed;
  }

  private void finishClose() {
    state = State.CLOSED;
    runtime.forget(this);
    for (String extra : List.copyOf(pending.keySet())) {
      Pending p = pending.get(extra);
      if (p != null) {
        forget(extra, TdErrors.closed(p.type, id));
      }
    }
  }

  /** Called on the receive thread with each message TDLib sent for this client. */
  void onMessage(JsonObject message) {
    Object extra = message.remove("@extra");
    if (extra != null) {
      Pending p = extra instanceof String s ? pending.remove(s) : null;
      if (p == null) {
        // Timed out earlier, or the answer to close: the caller is gone, nobody to tell.
        log.debug("TDLib client {}: dropping answer with @extra {} nobody waits for", id, extra);
        return;
      }
      vertx.cancelTimer(p.timer);
      settle(p.context, p.promise, TdErrors.isError(message)
          ? Future.failedFuture(TdErrors.fromError(p.type, message))
          : Future.succeededFuture(message));
      return;
    }
    context.runOnContext(v -> deliverUpdate(message));
  }

  private void deliverUpdate(JsonObject update) {
    if (TdAuthorizationStates.UPDATE.equals(update.getString("@type"))) {
      onAuthorizationState(update.getJsonObject("authorization_state"));
    }
    Handler<JsonObject> handler = updateHandler;
    if (handler != null) {
      try {
        handler.handle(update);
      } catch (RuntimeException e) {
        // One faulty handler call must not stop the stream of updates that follow.
        log.error("TDLib client {}: update handler failed on {}", id, update.getString("@type"), e);
      }
    }
  }

  private void onAuthorizationState(JsonObject newState) {
    if (newState == null) {
      return;
    }
    authorizationState = newState;
    String type = newState.getString("@type");
    boolean isClosed = TdAuthorizationStates.CLOSED.equals(type);
    for (AuthWaiter w : List.copyOf(authWaiters)) {
      if (w.types.contains(type)) {
        authWaiters.remove(w);
        vertx.cancelTimer(w.timer);
        settle(w.context, w.promise, Future.succeededFuture(newState));
      } else if (isClosed) {
        authWaiters.remove(w);
        vertx.cancelTimer(w.timer);
        settle(w.context, w.promise, Future.failedFuture(TdErrors.closed("awaitAuthorizationState " + w.types, id)));
      }
    }
    if (isClosed) {
      // TDLib closed on its own (logOut, revoked session) or after our close: nothing will answer any more.
      synchronized (this) {
        if (closed == null) {
          log.info("TDLib client {} closed by TDLib", id);
          closed = Future.succeededFuture();
        }
      }
      finishClose();
    }
  }

  /**
   * The context results go to. Promises made from it dispatch their listeners on it even when a listener is added
   * after completion from another thread, so the contract holds for callers outside any context too.
   */
  private ContextInternal callerContext() {
    Context current = Vertx.currentContext();
    return (ContextInternal) (current != null && current.owner() == vertx ? current : context);
  }

  /** Completes {@code promise} on {@code target}: callers see results on their own context, never on ours. */
  private static <T> void settle(Context target, Promise<T> promise, AsyncResult<T> result) {
    target.runOnContext(v -> promise.handle(result));
  }
}
