package dev.tgstream.ui.http;

/**
 * A failure whose status and message are meant for the client as they are: bad input (400), not signed in (401),
 * not allowed (403), no such thing (404), conflicts (409), too many attempts (429, with a retry delay).
 */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final int retryAfterSeconds;

  public ApiProblem(int status, String detail) {
    this(status, detail, 0);
  }

  public ApiProblem(int status, String detail, int retryAfterSeconds) {
    // No stack trace: these are expected outcomes, never logged with one.
    super(detail, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(404, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(409, detail);
  }

  public int status() {
    return status;
  }

  /** Seconds for a Retry-After header, or 0 for none. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
