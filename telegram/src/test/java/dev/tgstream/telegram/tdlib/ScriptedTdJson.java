package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * TEST DOUBLE of TDLib's JSON interface, at the level of messages only: every request is handed to a script, which
 * may answer it (keeping its {@code @extra}, as TDLib does) or push updates. By default it answers {@code close} the
 * way TDLib does (closing, closed, then "ok") and leaves every other request unanswered.
 */
final class ScriptedTdJson implements TdJson {

  record Sent(int clientId, JsonObject request) {
  }

  private final LinkedBlockingQueue<String> incoming = new LinkedBlockingQueue<>();
  private final AtomicInteger nextId = new AtomicInteger();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<Integer, JsonObject> script = (id, request) -> { };
  volatile boolean answerClose = true;
  final AtomicInteger receiveCalls = new AtomicInteger();

  ScriptedTdJson script(BiConsumer<Integer, JsonObject> script) {
    this.script = script;
    return this;
  }

  @Override
  public int createClientId() {
    return nextId.incrementAndGet();
  }

  @Override
  public void send(int clientId, String request) {
    JsonObject json = new JsonObject(request);
    sent.add(new Sent(clientId, json));
    if ("close".equals(json.getString("@type")) && answerClose) {
      push(clientId, authState(TdAuthorizationStates.CLOSING));
      push(clientId, authState(TdAuthorizationStates.CLOSED));
      answer(clientId, json, new JsonObject().put("@type", "ok"));
      return;
    }
    script.accept(clientId, json);
  }

  @Override
  public String receive(double timeoutSeconds) {
    receiveCalls.incrementAndGet();
    try {
      return incoming.poll((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public String execute(String request) {
    JsonObject json = new JsonObject(request);
    return new JsonObject().put("@type", "error").put("code", 400)
        .put("message", "scripted double: no execute for " + json.getString("@type")).encode();
  }

  /** Queues an update for {@code clientId}. */
  void push(int clientId, JsonObject message) {
    incoming.add(message.copy().put("@client_id", clientId).encode());
  }

  /** Queues {@code answer} to {@code request}, carrying the request's {@code @extra} back. */
  void answer(int clientId, JsonObject request, JsonObject answer) {
    push(clientId, answer.copy().put("@extra", request.getValue("@extra")));
  }

  static JsonObject authState(String type) {
    return new JsonObject().put("@type", TdAuthorizationStates.UPDATE)
        .put("authorization_state", new JsonObject().put("@type", type));
  }

  static JsonObject error(int code, String message) {
    return new JsonObject().put("@type", "error").put("code", code).put("message", message);
  }
}
