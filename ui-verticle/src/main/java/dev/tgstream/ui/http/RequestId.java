package dev.tgstream.ui.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code X-Request-Id} and quoted in problem bodies and logs, so a person who
 * reports an error hands over the one string that finds it in the log. An id sent by a proxy or by the UI service in
 * a split deployment is kept when it looks like one, so a request can be followed across services.
 */
public final class RequestId implements Handler<RoutingContext> {

  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "tgstream.requestId";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader(HEADER);
    String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : generate();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /** The id of this request; "-" when the request never passed the handler (cannot happen with the UI router). */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  // Ids need to be unique enough to grep for, not secret: 64 random bits.
  private static String generate() {
    return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }
}
