package dev.tgstream.telegram.tdlib;

/**
 * TDLib's JSON interface, the four functions of {@code td/telegram/td_json_client.h}. Implementations: the real
 * library over JNA ({@code NativeTdJson}) and, in tests, a double that follows TDLib's documented rules.
 *
 * <p>Contract, as TDLib states it: {@link #receive} is called from ONE thread only, for all clients; the strings it
 * and {@link #execute} return are already copied into Java strings (the native buffer is valid only until the next
 * call). Requests are JSON objects with an {@code @type}; a request's {@code @extra} comes back on its answer, and
 * every answer or update names the client it belongs to in {@code @client_id}.
 */
public interface TdJson {

  /** A new client id; the client starts when the first request is sent to it. */
  int createClientId();

  /** Sends a request to a client; never blocks. */
  void send(int clientId, String request);

  /** The next answer or update of any client, or null when none arrived within the timeout. */
  String receive(double timeoutSeconds);

  /** Runs a synchronous request (getOption, setLogVerbosityLevel, parseTextEntities …) and returns its answer. */
  String execute(String request);
}
