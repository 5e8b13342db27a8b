package dev.tgstream.ui.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** Reads and checks a JSON object request body and its fields, failing with 4xx problems that say what is wrong. */
public final class JsonBody {

  private JsonBody() {
  }

  /** The body as a JSON object; 415 unless it is declared JSON, 400 unless it parses to an object. */
  public static JsonObject object(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json") && !mime.endsWith("+json")) {
      throw new ApiProblem(415, "Content-Type must be application/json");
    }
    Object parsed;
    try {
      parsed = ctx.body().buffer() == null || ctx.body().length() == 0 ? null : ctx.body().buffer().toJsonValue();
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest("the body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject json)) {
      throw ApiProblem.badRequest("the body must be a JSON object");
    }
    return json;
  }

  /** A string field, or null when absent or JSON null; 400 when it holds something else. */
  public static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiProblem.badRequest(field + " must be a string");
    }
    return s;
  }

  /** A string field that must be present. */
  public static String requiredString(JsonObject body, String field) {
    String value = optionalString(body, field);
    if (value == null) {
      throw ApiProblem.badRequest(field + " is required");
    }
    return value;
  }

  /** A finite, non-negative number field that must be present. */
  public static double requiredNonNegative(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      throw ApiProblem.badRequest(field + " is required");
    }
    if (!(value instanceof Number n)) {
      throw ApiProblem.badRequest(field + " must be a number");
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d) || d < 0) {
      throw ApiProblem.badRequest(field + " must be a finite number >= 0");
    }
    return d;
  }
}
