/**
 * The TDLib backend's binding: TDLib's JSON interface ({@code libtdjson}) over JNA, made into Vert.x futures.
 *
 * <ul>
 *   <li>{@link dev.tgstream.telegram.tdlib.TdLibraryLocator} finds {@code libtdjson.so} (TDLIB_PATH, else the copy
 *       the build fetched with npm into {@code .tdlib/});</li>
 *   <li>{@link dev.tgstream.telegram.tdlib.NativeTdJson} loads it ({@link dev.tgstream.telegram.tdlib.TdJson} is the
 *       seam tests replace);</li>
 *   <li>{@link dev.tgstream.telegram.tdlib.TdRuntime} runs the one receive thread and routes by {@code @client_id};</li>
 *   <li>{@link dev.tgstream.telegram.tdlib.TdClient} is one TDLib client: {@code send} → future of the answer,
 *       {@code updateHandler} → the updates, {@code awaitAuthorizationState}, {@code close};</li>
 *   <li>{@link dev.tgstream.telegram.tdlib.TdErrors} maps TDLib errors to typed
 *       {@link dev.tgstream.telegram.GatewayException}s.</li>
 * </ul>
 *
 * <p>Typical use (the login dialogue is the caller's: this layer only moves messages):
 * <pre>{@code
 * TdRuntime runtime = TdRuntime.start(vertx, NativeTdJson.load(TdLibraryLocator.locate(config.tdlibPath())));
 * runtime.logVerbosity(1);
 * TdClient client = runtime.newClient();
 * client.updateHandler(update -> ...);              // set before the first send
 * client.send(setTdlibParameters)
 *     .compose(ok -> client.awaitAuthorizationState(timeout, TdAuthorizationStates.WAIT_PHONE_NUMBER,
 *         TdAuthorizationStates.READY))
 *     .compose(state -> ...checkAuthenticationBotToken...);
 * ...
 * runtime.close();                                   // closes every client, then stops the thread
 * }</pre>
 */
package dev.tgstream.telegram.tdlib;
