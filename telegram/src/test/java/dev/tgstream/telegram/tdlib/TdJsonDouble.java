package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TEST DOUBLE of TDLib at its JSON interface — not TDLib. It answers the requests tgstream makes by the rules
 * TDLib documents in {@code td_api.tl} and implements in its sources, with the shapes of that schema (see
 * {@link DoubleShapes}):
 * <ul>
 *   <li>authorization: setTdlibParameters → authorizationStateWaitPhoneNumber; checkAuthenticationBotToken → Ready;
 *       setAuthenticationPhoneNumber → WaitCode → checkAuthenticationCode (wrong: 400 PHONE_CODE_INVALID) →
 *       WaitPassword (when the account has one) → checkAuthenticationPassword → Ready; a database folder holding a
 *       binlog the double wrote earlier → Ready at once (session restore); close → Closing → Closed;</li>
 *   <li>browsing: folders served as channels ({@link DoubleChannel}): getChat, searchPublicChat, loadChats (with
 *       {@link Builder#usersMustLoadChats()} a user's client knows a chat by id only after loadChats or
 *       searchPublicChat, as TDLib's offline getChat), getMessage,
 *       getMessages (message id = server id &lt;&lt; 20, missing → null), getMessageLinkInfo, searchChatMessages (type
 *       filters, query, from_message_id paging, limit capped at 100, fewer results than asked per page; bots get 400
 *       "The method is not available to bots");</li>
 *   <li>files ({@link DoubleDownload}): file ids per client; ONE download window per file (another offset/limit
 *       replaces it; a pending synchronous call gets 200 "Canceled by another downloadFile request"); a sparse local
 *       file growing at the configured bandwidth (shared by a client's active downloads) after the configured
 *       latency; updateFile events; the path moving from temp/ to its final folder on completion;
 *       getFileDownloadedPrefixSize, readFilePart ("There is not enough downloaded bytes in the file to read"),
 *       deleteFile, getFile, cancelDownloadFile;</li>
 *   <li>faults: {@link #injectFloodWait} answers the next calls of a method with 429 "Too Many Requests: retry after
 *       N"; {@link #injectError} with any error (e.g. an expired file reference); {@link #pauseDownloads} stalls
 *       downloads.</li>
 * </ul>
 * Deliberately stricter than TDLib in one way: a request with a field the schema does not have fails (TDLib would
 * silently ignore it), so a misspelt field fails a test instead of passing unnoticed.
 *
 * <p>All requests run on the double's own thread, in order, like TDLib's; time passes by its own timers only.
 */
public final class TdJsonDouble implements TdJson, AutoCloseable {

  public static final String VERSION = "1.8.67";

  /** Fields of the requests the double implements, copied from td_api.tl (plus @type and @extra). */
  private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
      Map.entry("setTdlibParameters", Set.of("use_test_dc", "database_directory", "files_directory",
          "database_encryption_key", "use_file_database", "use_chat_info_database", "use_message_database",
          "use_secret_chats", "api_id", "api_hash", "system_language_code", "device_model", "system_version",
          "application_version")),
      Map.entry("checkAuthenticationBotToken", Set.of("token")),
      Map.entry("setAuthenticationPhoneNumber", Set.of("phone_number", "settings")),
      Map.entry("checkAuthenticationCode", Set.of("code")),
      Map.entry("checkAuthenticationPassword", Set.of("password")),
      Map.entry("getAuthorizationState", Set.of()),
      Map.entry("close", Set.of()),
      Map.entry("logOut", Set.of()),
      Map.entry("getMe", Set.of()),
      Map.entry("getOption", Set.of("name")),
      Map.entry("setOption", Set.of("name", "value")),
      Map.entry("setLogVerbosityLevel", Set.of("new_verbosity_level")),
      Map.entry("getChat", Set.of("chat_id")),
      Map.entry("loadChats", Set.of("chat_list", "limit")),
      Map.entry("searchPublicChat", Set.of("username")),
      Map.entry("getMessage", Set.of("chat_id", "message_id")),
      Map.entry("getMessages", Set.of("chat_id", "message_ids")),
      Map.entry("getMessageLinkInfo", Set.of("url")),
      Map.entry("searchChatMessages", Set.of("chat_id", "topic_id", "query", "sender_id", "from_message_id",
          "offset", "limit", "filter")),
      Map.entry("getChatHistory", Set.of("chat_id", "from_message_id", "offset", "limit", "only_local")),
      Map.entry("getFile", Set.of("file_id")),
      Map.entry("downloadFile", Set.of("file_id", "priority", "offset", "limit", "synchronous")),
      Map.entry("cancelDownloadFile", Set.of("file_id", "only_if_pending")),
      Map.entry("getFileDownloadedPrefixSize", Set.of("file_id", "offset")),
      Map.entry("readFilePart", Set.of("file_id", "offset", "count")),
      Map.entry("deleteFile", Set.of("file_id")),
      Map.entry("optimizeStorage", Set.of("size", "ttl", "count", "immunity_delay", "file_types", "chat_ids",
          "exclude_chat_ids", "return_deleted_file_statistics", "chat_limit")));

  /** Methods answered from local state at once; every other method costs the configured latency. */
  private static final Set<String> LOCAL = Set.of("getAuthorizationState", "getOption", "setOption",
      "setLogVerbosityLevel", "getFile", "downloadFile", "cancelDownloadFile", "getFileDownloadedPrefixSize",
      "readFilePart", "deleteFile", "optimizeStorage", "close");

  private static final Set<String> BOTS_FORBIDDEN = Set.of("searchChatMessages", "getChatHistory", "searchMessages",
      "openChat");

  private static final Pattern PRIVATE_LINK = Pattern.compile("https://t\\.me/c/(\\d+)/(\\d+)");
  private static final Pattern PUBLIC_LINK = Pattern.compile("https://t\\.me/([A-Za-z0-9_]{4,32})/(\\d+)");

  private final ScheduledExecutorService thread;
  private final LinkedBlockingQueue<String> outbound = new LinkedBlockingQueue<>();
  private final Map<Integer, DoubleClient> clients = new ConcurrentHashMap<>();
  private final AtomicInteger nextClientId = new AtomicInteger(1);
  private final List<DoubleChannel> channels = new CopyOnWriteArrayList<>();
  private final List<DoubleContent> contents = new CopyOnWriteArrayList<>();
  private final DoubleAccounts accounts;
  private final DoubleCounters counters = new DoubleCounters();
  private final long bandwidthBytesPerSecond;
  private final long latencyMillis;
  private final int searchPageCap;
  private final int tickMillis;
  private final boolean usersMustLoadChats;
  private final Map<String, Integer> floodWaits = new ConcurrentHashMap<>();
  private final Map<String, Integer> floodSeconds = new ConcurrentHashMap<>();
  private final Map<String, InjectedError> injectedErrors = new ConcurrentHashMap<>();
  /** Requests kept back by {@link #hold}, per method; touched on the double's thread only. */
  private final Map<String, List<Runnable>> held = new HashMap<>();
  private volatile boolean paused;
  private volatile boolean failing;

  private record InjectedError(int code, String message, int times) {
  }
  private ScheduledFuture<?> ticker;
  private long lastTickNanos;

  private TdJsonDouble(Builder b) {
    this.accounts = new DoubleAccounts(b.botTokens, b.phone, b.code, b.password);
    this.bandwidthBytesPerSecond = b.bandwidthBytesPerSecond;
    this.latencyMillis = b.latencyMillis;
    this.searchPageCap = b.searchPageCap;
    this.tickMillis = b.tickMillis;
    this.usersMustLoadChats = b.usersMustLoadChats;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tdlib-test-double");
      t.setDaemon(true);
      return t;
    });
    for (Builder.ChannelSpec spec : b.channels) {
      channels.add(DoubleChannel.fromFolder(spec.chatId(), spec.username(), spec.title(), spec.folder(),
          this::register));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public DoubleCounters counters() {
    return counters;
  }

  /** The next {@code times} calls of {@code method} on {@code clientId} (0 = any client) fail with FLOOD_WAIT. */
  public void injectFloodWait(int clientId, String method, int seconds, int times) {
    floodWaits.put(clientId + ":" + method, times);
    floodSeconds.put(clientId + ":" + method, seconds);
  }

  /** The next {@code times} calls of {@code method} on {@code clientId} (0 = any client) fail with this error. */
  public void injectError(int clientId, String method, int code, String message, int times) {
    injectedErrors.put(clientId + ":" + method, new InjectedError(code, message, times));
  }

  /**
   * Holds every request of {@code method} (not answered, not even looked at) until {@link #release}: e.g. a bot login
   * that takes its time while something else happens. The held requests still count in {@link #counters} as
   * {@code held:<method>}.
   */
  public void hold(String method) {
    onThread(() -> held.putIfAbsent(method, new ArrayList<>()));
  }

  /** Handles the requests {@link #hold} kept back, in order, and no longer holds {@code method}. */
  public void release(String method) {
    thread.execute(() -> {
      List<Runnable> kept = held.remove(method);
      if (kept != null) {
        kept.forEach(Runnable::run);
      }
    });
  }

  /**
   * Telegram ends the user's session (revoked in Settings → Devices, logged out elsewhere): every authorized client of
   * the user account goes LoggingOut → Closing → Closed on its own, as TDLib's do, and its binlog is deleted.
   */
  public void revokeUserSession() {
    onThread(() -> {
      for (DoubleClient c : clients.values()) {
        if (c.state.equals("authorizationStateReady") && c.account != null && !c.account.bot()) {
          closeClient(c, true);
        }
      }
      return null;
    });
  }

  /**
   * The bot's token is revoked with @BotFather: every authorized client logged in with it goes LoggingOut → Closing →
   * Closed on its own, and its binlog is deleted (as {@link #revokeUserSession()} for a user).
   */
  public void revokeBotToken(String token) {
    onThread(() -> {
      for (DoubleClient c : clients.values()) {
        if (c.state.equals("authorizationStateReady") && c.account != null && c.account.bot()
            && c.account.identity().equals(token)) {
          closeClient(c, true);
          counters.add("botRevoked", c.id, 1);
        }
      }
      return null;
    });
  }

  /**
   * While set, every window a download starts stops again at once without a byte (updateFile with
   * is_downloading_active false), as TDLib reports a download it could not make.
   */
  public void failDownloads(boolean fail) {
    this.failing = fail;
  }

  /** While paused, downloads make no progress (what a client in an internal FLOOD_WAIT looks like from outside). */
  public void pauseDownloads(boolean pause) {
    this.paused = pause;
  }

  /** The message a client would be sent for a post, e.g. to compare with what a gateway made of it. */
  public JsonObject message(int clientId, long chatId, long messageId) {
    return onThread(() -> {
      DoubleChannel channel = channel(chatId);
      DoublePost post = channel == null ? null : channel.post(messageId);
      return post == null ? null : messageJson(clients.get(clientId), post);
    });
  }

  /** Posts a file to a channel: appended as the newest message, sent to every authorized client as updateNewMessage. */
  public long post(long chatId, Path file) {
    return onThread(() -> {
      DoublePost post = channel(chatId).add(file, this::register);
      for (DoubleClient c : clients.values()) {
        if (c.state.equals("authorizationStateReady")) {
          update(c, DoubleShapes.updateNewMessage(messageJson(c, post)));
        }
      }
      return post.messageId();
    });
  }

  /** The TDLib file id a client uses for the media of a post. */
  public int fileIdOf(int clientId, long chatId, long messageId) {
    return onThread(() -> fileId(clientId, channel(chatId).post(messageId).media()));
  }

  /** The client's local path of a file ("" when nothing is downloaded). */
  public String localPath(int clientId, int fileId) {
    return onThread(() -> {
      DoubleDownload d = clients.get(clientId).downloads.get(fileId);
      return d == null ? "" : d.path();
    });
  }

  /** The options a client set with setOption. */
  public Map<String, Object> options(int clientId) {
    return onThread(() -> new HashMap<>(clients.get(clientId).options));
  }

  /** The ids of the clients created so far, in order. */
  public List<Integer> clientIds() {
    return new ArrayList<>(new java.util.TreeSet<>(clients.keySet()));
  }

  // ---- TdJson ----

  @Override
  public int createClientId() {
    int id = nextClientId.getAndIncrement();
    clients.put(id, new DoubleClient(id));
    return id;
  }

  @Override
  public void send(int clientId, String request) {
    thread.execute(() -> handle(clientId, request));
  }

  @Override
  public String receive(double timeoutSeconds) {
    try {
      return outbound.poll((long) (timeoutSeconds * 1_000_000), TimeUnit.MICROSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public String execute(String request) {
    JsonObject req = new JsonObject(request);
    String type = req.getString("@type", "");
    JsonObject answer = switch (type) {
      case "getOption" -> "version".equals(req.getString("name"))
          ? DoubleShapes.optionString(VERSION) : new JsonObject().put("@type", "optionValueEmpty");
      case "setLogVerbosityLevel", "setLogStream" -> DoubleShapes.ok();
      default -> DoubleShapes.error(400, "The method can't be executed synchronously");
    };
    Object extra = req.getValue("@extra");
    if (extra != null) {
      answer.put("@extra", extra);
    }
    return answer.encode();
  }

  /** Stops the double's thread. */
  @Override
  public void close() {
    thread.shutdownNow();
  }

  // ---- request handling (on the double's thread) ----

  private void handle(int clientId, String text) {
    DoubleClient client = clients.get(clientId);
    if (client == null) {
      return;
    }
    JsonObject req = new JsonObject(text);
    Object extra = req.getValue("@extra");
    String type = req.getString("@type", "");
    List<Runnable> kept = held.get(type);
    if (kept != null) {
      counters.add("held:" + type, clientId, 1);
      kept.add(() -> handle(clientId, text));
      return;
    }
    if (!client.started) {
      client.started = true;
      update(client, DoubleShapes.authorizationUpdate(DoubleShapes.state("authorizationStateWaitTdlibParameters")));
    }
    counters.add("request:" + type, clientId, 1);
    JsonObject answer;
    try {
      answer = dispatch(client, type, req, extra);
    } catch (DoubleError e) {
      answer = DoubleShapes.error(e.code, e.getMessage());
    }
    if (answer == null) {
      return; // answered later (synchronous download) or already answered
    }
    if (LOCAL.contains(type) || latencyMillis == 0 || answer.getString("@type").equals("error")
        && answer.getInteger("code") == 401) {
      respond(client, extra, answer);
    } else {
      JsonObject delayed = answer;
      thread.schedule(() -> respond(client, extra, delayed), latencyMillis, TimeUnit.MILLISECONDS);
    }
  }

  private JsonObject dispatch(DoubleClient client, String type, JsonObject req, Object extra) {
    if (client.state.equals("authorizationStateClosed") || client.state.equals("authorizationStateClosing")) {
      throw new DoubleError(500, "Request aborted");
    }
    Set<String> fields = FIELDS.get(type);
    if (fields == null) {
      throw new DoubleError(400, "Failed to parse JSON object as TDLib request: Unknown class \"" + type + "\"");
    }
    for (String field : req.fieldNames()) {
      if (!field.startsWith("@") && !fields.contains(field)) {
        throw new DoubleError(400, "test double: " + type + " has no field \"" + field
            + "\" in td_api.tl (TDLib would silently ignore it)");
      }
    }
    for (String key : List.of(client.id + ":" + type, "0:" + type)) {
      InjectedError injected = injectedErrors.get(key);
      if (injected != null && injected.times() > 0) {
        injectedErrors.put(key, new InjectedError(injected.code(), injected.message(), injected.times() - 1));
        counters.add("injectedError", client.id, 1);
        throw new DoubleError(injected.code(), injected.message());
      }
    }
    String floodKey = floodKey(client.id, type);
    if (floodKey != null) {
      int seconds = floodSeconds.get(floodKey);
      counters.add("floodWait", client.id, 1);
      throw new DoubleError(429, "Too Many Requests: retry after " + seconds);
    }
    switch (type) {
      case "getOption":
        return "version".equals(req.getString("name")) ? DoubleShapes.optionString(VERSION)
            : new JsonObject().put("@type", "optionValueEmpty");
      case "setOption":
        JsonObject value = req.getJsonObject("value");
        client.options.put(req.getString("name"), value == null ? null : value.getValue("value"));
        return DoubleShapes.ok();
      case "setLogVerbosityLevel":
        return DoubleShapes.ok();
      case "getAuthorizationState":
        return client.stateObject();
      case "setTdlibParameters":
        return setTdlibParameters(client, req);
      case "checkAuthenticationBotToken":
        expectState(client, "authorizationStateWaitPhoneNumber", type);
        if (!accounts.botTokens.contains(req.getString("token", ""))) {
          throw new DoubleError(400, "ACCESS_TOKEN_INVALID");
        }
        authorize(client, new DoubleAccounts.Account(true, req.getString("token")));
        return DoubleShapes.ok();
      case "setAuthenticationPhoneNumber":
        expectState(client, "authorizationStateWaitPhoneNumber", type);
        if (accounts.phone == null || !accounts.phone.equals(req.getString("phone_number"))) {
          throw new DoubleError(400, "PHONE_NUMBER_INVALID");
        }
        client.setState(DoubleShapes.waitCode(accounts.phone, accounts.code.length()));
        update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
        return DoubleShapes.ok();
      case "checkAuthenticationCode":
        expectState(client, "authorizationStateWaitCode", type);
        if (!accounts.code.equals(req.getString("code"))) {
          throw new DoubleError(400, "PHONE_CODE_INVALID");
        }
        if (accounts.password != null) {
          client.setState(DoubleShapes.waitPassword("the usual"));
          update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
        } else {
          authorize(client, new DoubleAccounts.Account(false, accounts.phone));
        }
        return DoubleShapes.ok();
      case "checkAuthenticationPassword":
        expectState(client, "authorizationStateWaitPassword", type);
        if (!accounts.password.equals(req.getString("password"))) {
          throw new DoubleError(400, "PASSWORD_HASH_INVALID");
        }
        authorize(client, new DoubleAccounts.Account(false, accounts.phone));
        return DoubleShapes.ok();
      case "close":
        closeClient(client, false);
        return DoubleShapes.ok();
      case "logOut":
        expectReady(client);
        closeClient(client, true);
        return DoubleShapes.ok();
      default:
        break;
    }
    expectReady(client);
    if (client.account.bot() && BOTS_FORBIDDEN.contains(type)) {
      throw new DoubleError(400, "The method is not available to bots");
    }
    switch (type) {
      case "getMe":
        return new JsonObject().put("@type", "user").put("id", client.account.bot() ? 777 : 555)
            .put("first_name", client.account.bot() ? "Double Bot" : "Double User")
            .put("type", new JsonObject().put("@type", client.account.bot() ? "userTypeBot" : "userTypeRegular"));
      case "getChat":
      {
        DoubleChannel channel = requireChannel(client, req.getLong("chat_id", 0L));
        return DoubleShapes.channelChat(channel.chatId, channel.title);
      }
      case "loadChats": {
        if (req.getInteger("limit", 0) <= 0) {
          throw new DoubleError(400, "Parameter limit must be positive");
        }
        // One call loads the whole (small) chat list; the next finds nothing more, as TDLib answers at the end.
        boolean more = false;
        for (DoubleChannel c : channels) {
          more |= client.knownChats.add(c.chatId);
        }
        if (!more) {
          throw new DoubleError(404, "Not Found");
        }
        return DoubleShapes.ok();
      }
      case "searchPublicChat":
        return searchPublicChat(client, req.getString("username", ""));
      case "getMessage": {
        DoubleChannel channel = requireChannel(client, req.getLong("chat_id", 0L));
        DoublePost post = channel.post(req.getLong("message_id", 0L));
        if (post == null) {
          throw new DoubleError(404, "Not Found");
        }
        return messageJson(client, post);
      }
      case "getMessages": {
        DoubleChannel channel = requireChannel(client, req.getLong("chat_id", 0L));
        JsonArray found = new JsonArray();
        for (Object id : req.getJsonArray("message_ids", new JsonArray())) {
          DoublePost post = channel.post(((Number) id).longValue());
          found.add(post == null ? null : messageJson(client, post));
        }
        return DoubleShapes.messages(found);
      }
      case "getMessageLinkInfo":
        return messageLinkInfo(client, req.getString("url", ""));
      case "searchChatMessages":
        return search(client, req);
      case "getChatHistory":
        throw new DoubleError(400, "test double: getChatHistory is not served; use searchChatMessages");
      case "getFile":
        return download(client, req.getInteger("file_id", 0)).json();
      case "downloadFile":
        return downloadFile(client, req, extra);
      case "cancelDownloadFile": {
        DoubleDownload d = download(client, req.getInteger("file_id", 0));
        d.stop();
        answerSynchronous(client, d, DoubleShapes.error(200, "Canceled by another downloadFile request"));
        update(client, DoubleShapes.updateFile(d.json()));
        return DoubleShapes.ok();
      }
      case "getFileDownloadedPrefixSize": {
        DoubleDownload d = download(client, req.getInteger("file_id", 0));
        long offset = req.getLong("offset", 0L);
        if (offset < 0) {
          throw new DoubleError(400, "Parameter offset must be non-negative");
        }
        return DoubleShapes.prefixSize(d.prefixFrom(offset));
      }
      case "readFilePart":
        return readFilePart(client, req);
      case "deleteFile": {
        DoubleDownload d = download(client, req.getInteger("file_id", 0));
        counters.add("deleteFile", client.id, 1);
        answerSynchronous(client, d, DoubleShapes.error(400, "Download was canceled"));
        d.delete();
        update(client, DoubleShapes.updateFile(d.json()));
        return DoubleShapes.ok();
      }
      case "optimizeStorage":
        return new JsonObject().put("@type", "storageStatistics").put("size", 0).put("count", 0)
            .put("by_chat", new JsonArray());
      default:
        throw new DoubleError(400, "test double: " + type + " is not implemented");
    }
  }

  private JsonObject setTdlibParameters(DoubleClient client, JsonObject req) {
    expectState(client, "authorizationStateWaitTdlibParameters", "setTdlibParameters");
    if (req.getInteger("api_id", 0) <= 0 || req.getString("api_hash", "").isEmpty()) {
      throw new DoubleError(400, "Valid api_id must be provided. Can be obtained at https://my.telegram.org");
    }
    String database = req.getString("database_directory", "");
    if (database.isEmpty()) {
      throw new DoubleError(400, "test double: database_directory must be given");
    }
    String files = req.getString("files_directory", "");
    client.databaseDirectory = Path.of(database);
    client.filesDirectory = files.isEmpty() ? client.databaseDirectory : Path.of(files);
    try {
      Files.createDirectories(client.databaseDirectory);
      Files.createDirectories(client.filesDirectory);
    } catch (IOException e) {
      throw new DoubleError(400, "Can't create database directory: " + e.getMessage());
    }
    Optional<DoubleAccounts.Account> restored = accounts.read(client.databaseDirectory);
    if (restored.isPresent()) {
      counters.add("sessionRestored", client.id, 1);
      client.account = restored.get();
      client.setState(DoubleShapes.state("authorizationStateReady"));
    } else {
      client.setState(DoubleShapes.state("authorizationStateWaitPhoneNumber"));
    }
    update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
    return DoubleShapes.ok();
  }

  private void authorize(DoubleClient client, DoubleAccounts.Account account) {
    try {
      accounts.write(client.databaseDirectory, account);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client.account = account;
    client.setState(DoubleShapes.state("authorizationStateReady"));
    update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
  }

  private void closeClient(DoubleClient client, boolean logOut) {
    if (logOut) {
      client.setState(DoubleShapes.state("authorizationStateLoggingOut"));
      update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
      try {
        accounts.delete(client.databaseDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (DoubleDownload d : client.downloads.values()) {
      d.stop();
      answerSynchronous(client, d, DoubleShapes.error(500, "Request aborted"));
    }
    client.setState(DoubleShapes.state("authorizationStateClosing"));
    update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
    thread.schedule(() -> {
      client.setState(DoubleShapes.state("authorizationStateClosed"));
      update(client, DoubleShapes.authorizationUpdate(client.stateObject()));
    }, Math.max(1, tickMillis), TimeUnit.MILLISECONDS);
  }

  private JsonObject searchPublicChat(DoubleClient client, String username) {
    for (DoubleChannel c : channels) {
      if (c.username != null && c.username.equalsIgnoreCase(username)) {
        client.knownChats.add(c.chatId);
        return DoubleShapes.channelChat(c.chatId, c.title);
      }
    }
    throw new DoubleError(400, "USERNAME_NOT_OCCUPIED");
  }

  private JsonObject messageLinkInfo(DoubleClient client, String url) {
    Matcher m = PRIVATE_LINK.matcher(url);
    DoubleChannel channel = null;
    long serverId = 0;
    boolean isPublic = false;
    if (m.matches()) {
      channel = channel(-1_000_000_000_000L - Long.parseLong(m.group(1)));
      serverId = Long.parseLong(m.group(2));
    } else if ((m = PUBLIC_LINK.matcher(url)).matches()) {
      String name = m.group(1);
      channel = channels.stream().filter(c -> name.equalsIgnoreCase(c.username)).findFirst().orElse(null);
      serverId = Long.parseLong(m.group(2));
      isPublic = true;
    } else {
      throw new DoubleError(400, "Invalid message link");
    }
    if (channel == null) {
      throw new DoubleError(400, "Chat not found");
    }
    client.knownChats.add(channel.chatId);
    DoublePost post = channel.post(serverId << 20);
    return DoubleShapes.messageLinkInfo(isPublic, channel.chatId, post == null ? null : messageJson(client, post));
  }

  private JsonObject search(DoubleClient client, JsonObject req) {
    DoubleChannel channel = requireChannel(client, req.getLong("chat_id", 0L));
    int limit = req.getInteger("limit", 0);
    if (limit <= 0) {
      throw new DoubleError(400, "Parameter limit must be positive");
    }
    if (limit > 100) {
      counters.add("searchLimitOver100", client.id, 1);
      limit = 100;
    }
    if (req.getInteger("offset", 0) != 0) {
      throw new DoubleError(400, "test double: only offset 0 is served");
    }
    long from = req.getLong("from_message_id", 0L);
    if (from != 0 && (from & ((1L << 20) - 1)) != 0) {
      throw new DoubleError(400, "Parameter from_message_id must be identifier of a chat message or 0");
    }
    JsonObject filter = req.getJsonObject("filter");
    String filterType = filter == null ? "searchMessagesFilterEmpty" : filter.getString("@type");
    String query = req.getString("query", "").toLowerCase(Locale.ROOT);
    List<DoublePost> posts = channel.posts();
    List<DoublePost> matching = new ArrayList<>();
    for (int i = posts.size() - 1; i >= 0; i--) {
      DoublePost p = posts.get(i);
      if (matches(p, filterType, query)) {
        matching.add(p);
      }
    }
    JsonArray page = new JsonArray();
    long last = 0;
    boolean more = false;
    // Like TDLib, answer fewer messages than asked for: the caller must page on.
    int cap = Math.min(limit, searchPageCap);
    for (DoublePost p : matching) {
      if (from != 0 && p.messageId() >= from) {
        continue;
      }
      if (page.size() == cap) {
        more = true;
        break;
      }
      page.add(messageJson(client, p));
      last = p.messageId();
    }
    return DoubleShapes.foundChatMessages(matching.size(), page, more ? last : 0);
  }

  private static boolean matches(DoublePost p, String filterType, String query) {
    boolean kindMatches = switch (filterType) {
      case "searchMessagesFilterEmpty" -> true;
      case "searchMessagesFilterVideo" -> p.kind().equals("messageVideo");
      case "searchMessagesFilterAudio" -> p.kind().equals("messageAudio");
      case "searchMessagesFilterDocument" -> p.kind().equals("messageDocument");
      case "searchMessagesFilterPhoto" -> p.kind().equals("messagePhoto");
      case "searchMessagesFilterAnimation" -> p.kind().equals("messageAnimation");
      case "searchMessagesFilterVoiceNote" -> p.kind().equals("messageVoiceNote");
      case "searchMessagesFilterPhotoAndVideo" -> p.kind().equals("messagePhoto") || p.kind().equals("messageVideo");
      default -> throw new DoubleError(400, "test double: filter " + filterType + " is not served");
    };
    if (!kindMatches) {
      return false;
    }
    if (query.isEmpty()) {
      return true;
    }
    String haystack = ((p.fileName() == null ? "" : p.fileName()) + "\n" + (p.caption() == null ? "" : p.caption()))
        .toLowerCase(Locale.ROOT);
    return haystack.contains(query);
  }

  private JsonObject downloadFile(DoubleClient client, JsonObject req, Object extra) {
    DoubleDownload d = download(client, req.getInteger("file_id", 0));
    int priority = req.getInteger("priority", 0);
    if (priority < 1 || priority > 32) {
      throw new DoubleError(400, "Invalid priority " + priority + " specified");
    }
    long offset = req.getLong("offset", 0L);
    long limit = req.getLong("limit", 0L);
    if (offset < 0) {
      throw new DoubleError(400, "Download offset must be non-negative");
    }
    if (limit < 0) {
      throw new DoubleError(400, "Download limit must be non-negative");
    }
    boolean synchronous = req.getBoolean("synchronous", false);
    if (limit == 0) {
      counters.add("unlimitedWindow", client.id, 1);
    }
    if (!d.synchronousWaiters.isEmpty() && (offset != d.synchronousOffset || limit != d.synchronousLimit)) {
      counters.add("canceledSynchronous", client.id, d.synchronousWaiters.size());
      answerSynchronous(client, d, DoubleShapes.error(200, "Canceled by another downloadFile request"));
    }
    if (d.setWindow(offset, limit, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latencyMillis))) {
      counters.add("windowReplaced", client.id, 1);
    }
    update(client, DoubleShapes.updateFile(d.json()));
    if (d.active()) {
      ensureTicking();
    }
    if (synchronous) {
      if (!d.active()) {
        return d.json();
      }
      d.synchronousOffset = offset;
      d.synchronousLimit = limit;
      d.synchronousWaiters.add(extra == null ? JsonObject.of() : extra);
      return null;
    }
    return d.json();
  }

  private JsonObject readFilePart(DoubleClient client, JsonObject req) {
    DoubleDownload d = download(client, req.getInteger("file_id", 0));
    long offset = req.getLong("offset", 0L);
    long count = req.getLong("count", 0L);
    if (offset < 0 || count < 0) {
      throw new DoubleError(400, "Parameter offset must be non-negative");
    }
    long available = d.prefixFrom(offset);
    if (count == 0) {
      count = available;
    } else if (available < count) {
      counters.add("readFilePartFailed", client.id, 1);
      throw new DoubleError(400, "There is not enough downloaded bytes in the file to read");
    }
    return DoubleShapes.data(count == 0 ? new byte[0] : d.read(offset, (int) count));
  }

  private void answerSynchronous(DoubleClient client, DoubleDownload d, JsonObject answer) {
    List<Object> waiters = new ArrayList<>(d.synchronousWaiters);
    d.synchronousWaiters.clear();
    d.synchronousOffset = -1;
    d.synchronousLimit = -1;
    for (Object extra : waiters) {
      respond(client, extra instanceof JsonObject j && j.isEmpty() ? null : extra, answer.copy());
    }
  }

  // ---- download progress ----

  private void ensureTicking() {
    if (ticker == null) {
      lastTickNanos = System.nanoTime();
      ticker = thread.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    long now = System.nanoTime();
    long elapsedNanos = now - lastTickNanos;
    lastTickNanos = now;
    if (paused) {
      return;
    }
    boolean anyActive = false;
    for (DoubleClient client : clients.values()) {
      List<DoubleDownload> running = new ArrayList<>();
      for (DoubleDownload d : client.downloads.values()) {
        if (d.active()) {
          anyActive = true;
          if (d.startAtNanos <= now) {
            running.add(d);
          }
        }
      }
      if (running.isEmpty()) {
        continue;
      }
      // One client's downloads share its bandwidth (TDLib caps bytes in flight per client, not per file).
      long budget = Math.max(DoubleDownload.BLOCK,
          bandwidthBytesPerSecond * elapsedNanos / 1_000_000_000L / running.size());
      for (DoubleDownload d : running) {
        if (failing) {
          d.stop();
          counters.add("downloadFailed", client.id, 1);
          update(client, DoubleShapes.updateFile(d.json()));
          answerSynchronous(client, d, DoubleShapes.error(400, "FILE_DOWNLOAD_FAILED"));
          continue;
        }
        boolean hadPath = !d.path().isEmpty();
        String pathBefore = d.path();
        long written = d.advance(budget);
        counters.add("bytesDownloaded", client.id, written);
        if (hadPath && !pathBefore.equals(d.path())) {
          counters.add("pathMoved", client.id, 1);
        }
        counters.add("updateFile", client.id, 1);
        update(client, DoubleShapes.updateFile(d.json()));
        if (!d.active()) {
          answerSynchronous(client, d, d.json());
        }
      }
    }
    if (!anyActive && ticker != null) {
      ticker.cancel(false);
      ticker = null;
    }
  }

  // ---- helpers ----

  private DoubleContent register(Path source, byte[] generated) {
    try {
      int index = contents.size();
      Path file = source;
      if (file == null) {
        file = Files.createTempFile("tdlib-double-thumb-", ".jpg");
        file.toFile().deleteOnExit();
        Files.write(file, generated);
      }
      long size = Files.size(file);
      String unique = "AgAD" + Integer.toHexString(0x5000 + index) + Long.toHexString(size);
      DoubleContent content = new DoubleContent(index, file, size, unique, "BQACAgIAAx" + index + "-" + size);
      contents.add(content);
      return content;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int fileId(int clientId, DoubleContent content) {
    // TDLib file ids belong to one client instance: the same file has another id in another client.
    return clientId * 100_000 + content.index() + 1;
  }

  private DoubleDownload download(DoubleClient client, int fileId) {
    int index = fileId - client.id * 100_000 - 1;
    if (index < 0 || index >= contents.size()) {
      throw new DoubleError(400, "File not found");
    }
    return client.downloads.computeIfAbsent(fileId,
        id -> new DoubleDownload(id, contents.get(index), client.filesDirectory));
  }

  private JsonObject fileJson(DoubleClient client, DoubleContent content) {
    return download(client, fileId(client.id, content)).json();
  }

  private JsonObject messageJson(DoubleClient client, DoublePost p) {
    JsonObject content;
    JsonObject caption = DoubleShapes.formattedText(p.caption());
    JsonObject mini = p.minithumbnail() == null ? null : DoubleShapes.minithumbnail(40, 22, p.minithumbnail());
    JsonObject thumb = p.thumbnail() == null ? null
        : DoubleShapes.thumbnail(320, 180, fileJson(client, p.thumbnail()));
    switch (p.kind()) {
      case "messageText" -> content = new JsonObject().put("@type", "messageText").put("text", caption)
          .putNull("link_preview").putNull("link_preview_options");
      case "messageVideo" -> content = new JsonObject().put("@type", "messageVideo")
          .put("video", DoubleShapes.video(p.duration(), p.width(), p.height(), p.fileName(), p.mime(), mini, thumb,
              fileJson(client, p.media())))
          .put("alternative_videos", new JsonArray()).put("storyboards", new JsonArray()).putNull("cover")
          .put("start_timestamp", 0).put("caption", caption).put("show_caption_above_media", false)
          .put("has_spoiler", false).put("is_secret", false);
      case "messageAnimation" -> content = new JsonObject().put("@type", "messageAnimation")
          .put("animation", DoubleShapes.animation(p.duration(), p.width(), p.height(), p.fileName(), p.mime(), mini,
              thumb, fileJson(client, p.media())))
          .put("caption", caption).put("show_caption_above_media", false).put("has_spoiler", false)
          .put("is_secret", false);
      case "messageAudio" -> content = new JsonObject().put("@type", "messageAudio")
          .put("audio", DoubleShapes.audio(p.duration(), p.fileName().replaceFirst("\\.[^.]+$", ""), "Double Band",
              p.fileName(), p.mime(), fileJson(client, p.media())))
          .put("caption", caption);
      case "messageVoiceNote" -> content = new JsonObject().put("@type", "messageVoiceNote")
          .put("voice_note", DoubleShapes.voiceNote(p.duration(), p.mime(), fileJson(client, p.media())))
          .put("caption", caption).put("is_listened", false);
      case "messagePhoto" -> content = new JsonObject().put("@type", "messagePhoto")
          .put("photo", DoubleShapes.photo(DoubleShapes.minithumbnail(40, 22, DoubleChannel.fakeJpeg(p.fileName(), 50)),
              new JsonArray().add(DoubleShapes.photoSize("x", fileJson(client, p.media()), p.width(), p.height()))))
          .putNull("video").put("caption", caption).put("show_caption_above_media", false)
          .put("has_spoiler", false).put("is_secret", false);
      default -> content = new JsonObject().put("@type", "messageDocument")
          .put("document", DoubleShapes.document(p.fileName(), p.mime(), mini, thumb, fileJson(client, p.media())))
          .put("caption", caption);
    }
    return DoubleShapes.message(p.messageId(), p.chatId(), p.date(), content);
  }

  private DoubleChannel channel(long chatId) {
    for (DoubleChannel c : channels) {
      if (c.chatId == chatId) {
        return c;
      }
    }
    return null;
  }

  private DoubleChannel requireChannel(long chatId) {
    DoubleChannel c = channel(chatId);
    if (c == null) {
      throw new DoubleError(400, "Chat not found");
    }
    return c;
  }

  /**
   * As TDLib: a user's client knows a chat by id only once it was loaded (loadChats, searchPublicChat, a link); a
   * bot's asks the server. Enforced when the double is built with {@link Builder#usersMustLoadChats()}.
   */
  private DoubleChannel requireChannel(DoubleClient client, long chatId) {
    DoubleChannel c = requireChannel(chatId);
    if (usersMustLoadChats && !client.account.bot() && !client.knownChats.contains(chatId)) {
      throw new DoubleError(400, "Chat not found");
    }
    return c;
  }

  private static void expectState(DoubleClient client, String state, String method) {
    if (!client.state.equals(state)) {
      throw new DoubleError(400, "Call to " + method + " unexpected");
    }
  }

  private static void expectReady(DoubleClient client) {
    if (!client.state.equals("authorizationStateReady")) {
      throw new DoubleError(401, "Unauthorized");
    }
  }

  private String floodKey(int clientId, String method) {
    for (String key : List.of(clientId + ":" + method, "0:" + method)) {
      Integer left = floodWaits.get(key);
      if (left != null && left > 0) {
        floodWaits.put(key, left - 1);
        return key;
      }
    }
    return null;
  }

  private void respond(DoubleClient client, Object extra, JsonObject answer) {
    answer.put("@client_id", client.id);
    if (extra != null) {
      answer.put("@extra", extra);
    }
    outbound.add(answer.encode());
  }

  private void update(DoubleClient client, JsonObject update) {
    update.put("@client_id", client.id);
    outbound.add(update.encode());
  }

  private <T> T onThread(java.util.concurrent.Callable<T> work) {
    try {
      return thread.submit(work).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test double: " + e.getMessage(), e);
    }
  }

  /** A TDLib error answer: code and message as TDLib would send them. */
  private static final class DoubleError extends RuntimeException {
    final int code;

    DoubleError(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** One client instance of the double. */
  private static final class DoubleClient {
    final int id;
    boolean started;
    String state = "authorizationStateWaitTdlibParameters";
    JsonObject stateObject = DoubleShapes.state(state);
    DoubleAccounts.Account account;
    Path databaseDirectory;
    Path filesDirectory;
    final Map<Integer, DoubleDownload> downloads = new LinkedHashMap<>();
    final Map<String, Object> options = new HashMap<>();
    final Set<Long> knownChats = new HashSet<>();

    DoubleClient(int id) {
      this.id = id;
    }

    void setState(JsonObject state) {
      this.stateObject = state;
      this.state = state.getString("@type");
    }

    JsonObject stateObject() {
      return stateObject.copy();
    }
  }

  /** How the double is set up. */
  public static final class Builder {
    record ChannelSpec(long chatId, String username, String title, Path folder) {
    }

    private final List<ChannelSpec> channels = new ArrayList<>();
    private final Set<String> botTokens = new HashSet<>();
    private String phone;
    private String code = "12345";
    private String password;
    private long bandwidthBytesPerSecond = 64L * 1024 * 1024;
    private long latencyMillis = 2;
    private int searchPageCap = 30;
    private int tickMillis = 5;
    private boolean usersMustLoadChats;

    /** Serves a folder as the channel {@code chatId} (-100…), public as @{@code username} when not null. */
    public Builder channel(long chatId, String username, String title, Path folder) {
      channels.add(new ChannelSpec(chatId, username, title, folder));
      return this;
    }

    public Builder botToken(String token) {
      botTokens.add(token);
      return this;
    }

    /** The user account: its phone, the login code Telegram "sends", and its 2FA password (null: none). */
    public Builder user(String phone, String code, String password) {
      this.phone = phone;
      this.code = code;
      this.password = password;
      return this;
    }

    /** Download speed of one client (shared by its active downloads). */
    public Builder bandwidth(long bytesPerSecond) {
      this.bandwidthBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Round trip of a network request and of a new download window. */
    public Builder latency(long millis) {
      this.latencyMillis = millis;
      return this;
    }

    /** The most messages one searchChatMessages answer holds (TDLib answers fewer than asked for at times). */
    public Builder searchPageCap(int cap) {
      this.searchPageCap = cap;
      return this;
    }

    public Builder tickMillis(int millis) {
      this.tickMillis = millis;
      return this;
    }

    /** A user's client then knows a chat by id only after loadChats or searchPublicChat, as in TDLib. */
    public Builder usersMustLoadChats() {
      this.usersMustLoadChats = true;
      return this;
    }

    public TdJsonDouble build() {
      return new TdJsonDouble(this);
    }
  }
}
