package dev.tgstream.telegram.tdlib;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A link to one channel post, as people copy it from a Telegram app: {@code https://t.me/<name>/<post>},
 * {@code https://t.me/c/<id>/<post>} (private channels), their thread forms {@code …/<thread>/<post>}, the web
 * preview {@code t.me/s/<name>/<post>}, and the app forms {@code tg://resolve?domain=…&post=…} and
 * {@code tg://privatepost?channel=…&post=…}. Scheme optional; hosts t.me, telegram.me, telegram.dog; query
 * parameters such as {@code ?single} and {@code ?t=} (a media timestamp) do not change the post.
 *
 * <p>With only bot tokens nothing can list a channel's history, so a link is how a person opens a post the index has
 * not seen yet. Pure parsing, no TDLib: the gateway resolves {@link #channel()} like an entry of CHANNEL_IDS.
 *
 * @param channel   the channel as CHANNEL_IDS spells it: {@code @username}, or the chat id {@code -100<id>}
 * @param messageId the server message id, the number in the link (TDLib's id is {@link #tdlibMessageId()})
 * @param threadId  the thread (comment thread or forum topic) the link named, when it did
 */
public record MessageLink(String channel, long messageId, OptionalLong threadId) {

  /** Telegram server message ids are 32-bit. */
  static final long MAX_MESSAGE_ID = Integer.MAX_VALUE;
  /** A private link's id is the channel id; its chat id is -(10^12 + id). */
  static final long CHANNEL_CHAT_ID_BASE = 1_000_000_000_000L;
  private static final Set<String> HOSTS = Set.of("t.me", "telegram.me", "telegram.dog");
  /** Telegram usernames: a letter, then letters, digits and underscores, 4 to 32 in all (collectibles are 4). */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
  /** -(10^12 + id) for 1 ≤ id < 10^12: a minus and 13 digits starting with 1. */
  private static final Pattern CHAT_ID = Pattern.compile("-1[0-9]{12}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  /** First path segments t.me uses for other kinds of links; none of them is a channel. */
  private static final Set<String> RESERVED = Set.of("joinchat", "addstickers", "addemoji", "addlist", "addtheme",
      "share", "proxy", "socks", "bg", "login", "iv", "invoice", "boost", "setlanguage", "confirmphone", "m");
  private static final String EXPECTED = "expected a post link such as https://t.me/<channel>/<post> or "
      + "https://t.me/c/<id>/<post>";

  public MessageLink {
    if (channel == null || !(channel.startsWith("@") && USERNAME.matcher(channel.substring(1)).matches()
        || CHAT_ID.matcher(channel).matches())) {
      throw new IllegalArgumentException("channel must be @username or a channel's chat id -100…");
    }
    if (messageId < 1 || messageId > MAX_MESSAGE_ID) {
      throw new IllegalArgumentException("message id must be between 1 and " + MAX_MESSAGE_ID);
    }
  }

  /** Whether a command-line argument is meant as a link (rather than a channel name or id). */
  public static boolean looksLikeLink(String text) {
    if (text == null) {
      return false;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("tg://") || t.startsWith("http://") || t.startsWith("https://")) {
      return true;
    }
    return HOSTS.stream().anyMatch(h -> t.startsWith(h + "/") || t.startsWith("www." + h + "/"));
  }

  /**
   * Parses a post link.
   *
   * @throws IllegalArgumentException with one line saying what is wrong and what a good link looks like
   */
  public static MessageLink parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the link is empty; " + EXPECTED);
    }
    String link = text.strip();
    URI uri;
    try {
      String lower = link.toLowerCase(Locale.ROOT);
      boolean hasScheme = lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("tg:");
      uri = new URI(hasScheme ? link : "https://" + link);
    } catch (URISyntaxException e) {
      throw bad(link, "it is not a valid URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Map<String, String> query = query(uri.getRawQuery());
    if (query.containsKey("comment")) {
      throw bad(link, "it points at a comment in the channel's discussion group, not at a channel post; copy the "
          + "post's own link");
    }
    MessageLink parsed = switch (scheme) {
      case "tg" -> appLink(link, uri, query);
      case "http", "https" -> webLink(link, uri);
      default -> throw bad(link, "it is not a Telegram link");
    };
    String thread = query.get("thread");
    if (thread != null && parsed.threadId.isEmpty()) {
      return new MessageLink(parsed.channel, parsed.messageId, OptionalLong.of(number(link, thread, "thread")));
    }
    return parsed;
  }

  private static MessageLink webLink(String link, URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    if (!HOSTS.contains(host)) {
      throw bad(link, "it is not a Telegram link (the host is '" + uri.getHost() + "', not t.me)");
    }
    List<String> path = segments(uri.getRawPath());
    if (path.isEmpty()) {
      throw bad(link, EXPECTED);
    }
    String first = path.get(0);
    if (first.equals("joinchat") || first.startsWith("+") || first.startsWith("%2B")) {
      throw bad(link, "it is an invite link, not a post link; join the channel, then copy a post's link");
    }
    if (first.equals("c")) {
      return privatePost(link, path.subList(1, path.size()));
    }
    List<String> rest = first.equals("s") ? path.subList(1, path.size()) : path;
    if (rest.isEmpty() || RESERVED.contains(rest.get(0).toLowerCase(Locale.ROOT))) {
      throw bad(link, EXPECTED);
    }
    String name = rest.get(0);
    if (!USERNAME.matcher(name).matches()) {
      throw bad(link, "'" + name + "' is not a channel username (a letter, then letters, digits or _, 4 to 32)");
    }
    return post(link, "@" + name, rest.subList(1, rest.size()));
  }

  private static MessageLink privatePost(String link, List<String> rest) {
    if (rest.isEmpty()) {
      throw bad(link, "the channel id after /c/ is missing; " + EXPECTED);
    }
    long id = number(link, rest.get(0), "channel id");
    if (id >= CHANNEL_CHAT_ID_BASE) {
      throw bad(link, "the channel id " + rest.get(0) + " is too large");
    }
    return post(link, chatIdOf(id), rest.subList(1, rest.size()));
  }

  /** {@code <post>} or {@code <thread>/<post>} after the channel. */
  private static MessageLink post(String link, String channel, List<String> rest) {
    if (rest.isEmpty()) {
      throw bad(link, "it links to the channel, not to a post; open a post and copy its link");
    }
    if (rest.size() > 2) {
      throw bad(link, "it has more parts than a post link; " + EXPECTED);
    }
    long message = messageNumber(link, rest.get(rest.size() - 1));
    OptionalLong thread = rest.size() == 2 ? OptionalLong.of(number(link, rest.get(0), "thread")) : OptionalLong.empty();
    return new MessageLink(channel, message, thread);
  }

  private static MessageLink appLink(String link, URI uri, Map<String, String> query) {
    // tg://resolve?… is an opaque URI: its "host" is the part after //, before ?.
    String ssp = uri.getRawSchemeSpecificPart();
    String action = ssp.startsWith("//") ? ssp.substring(2) : ssp;
    int q = action.indexOf('?');
    action = (q >= 0 ? action.substring(0, q) : action).toLowerCase(Locale.ROOT);
    if (q >= 0) {
      query = query(ssp.substring(ssp.indexOf('?') + 1));
    }
    String post = query.get("post");
    if (post == null) {
      throw bad(link, "it has no post=; " + EXPECTED);
    }
    long message = messageNumber(link, post);
    OptionalLong thread = query.containsKey("thread")
        ? OptionalLong.of(number(link, query.get("thread"), "thread")) : OptionalLong.empty();
    switch (action) {
      case "resolve" -> {
        String name = query.getOrDefault("domain", "");
        if (!USERNAME.matcher(name).matches()) {
          throw bad(link, "domain= is not a channel username");
        }
        return new MessageLink("@" + name, message, thread);
      }
      case "privatepost" -> {
        String channel = query.getOrDefault("channel", "");
        long id = number(link, channel, "channel id");
        if (id >= CHANNEL_CHAT_ID_BASE) {
          throw bad(link, "the channel id " + channel + " is too large");
        }
        return new MessageLink(chatIdOf(id), message, thread);
      }
      default -> throw bad(link, "tg://" + action + " is not a post link; " + EXPECTED);
    }
  }

  /** TDLib's chat id of a channel: -(10^12 + id), which reads as "-100" then the id for today's 10-digit ids. */
  private static String chatIdOf(long channelId) {
    return Long.toString(-(CHANNEL_CHAT_ID_BASE + channelId));
  }

  private static long messageNumber(String link, String text) {
    long n = number(link, text, "post number");
    if (n > MAX_MESSAGE_ID) {
      throw bad(link, "the post number " + text + " is larger than Telegram's " + MAX_MESSAGE_ID);
    }
    return n;
  }

  private static long number(String link, String text, String what) {
    if (text == null || !DIGITS.matcher(text).matches()) {
      throw bad(link, "'" + (text == null ? "" : text) + "' is not a " + what + " (digits expected)");
    }
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw bad(link, "the " + what + " " + text + " is too large");
    }
    if (n < 1) {
      throw bad(link, "the " + what + " must be 1 or more");
    }
    return n;
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath != null) {
      for (String s : rawPath.split("/")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      out.putIfAbsent(key, eq < 0 ? "" : pair.substring(eq + 1));
    }
    return out;
  }

  private static IllegalArgumentException bad(String link, String why) {
    return new IllegalArgumentException("'" + link + "' is not a Telegram post link: " + why);
  }

  /** The username without '@', for a public channel's link. */
  public Optional<String> username() {
    return channel.startsWith("@") ? Optional.of(channel.substring(1)) : Optional.empty();
  }

  /** TDLib's chat id (-100…), for a private channel's link; a username must be resolved (searchPublicChat). */
  public OptionalLong chatId() {
    return channel.startsWith("@") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(channel));
  }

  /** TDLib's message id: the server id shifted left by 20 bits. */
  public long tdlibMessageId() {
    return messageId << 20;
  }

  /** The canonical https form (what getMessageLinkInfo accepts). */
  public String url() {
    String base = channel.startsWith("@") ? "https://t.me/" + channel.substring(1)
        : "https://t.me/c/" + (-Long.parseLong(channel) - CHANNEL_CHAT_ID_BASE);
    return base + (threadId.isPresent() ? "/" + threadId.getAsLong() : "") + "/" + messageId;
  }
}
