package id.bizpro.bizcash.webhook;

/**
 * A callback refused before it could have any effect: bad signature, malformed body, missing
 * field, too large, or too many refusals from one address (429). Carries what the caller is told
 * ({@code {"error": code, "message": …}}) and the outcome stored for the record. Thrown and caught
 * inside the webhook module only.
 */
public final class CallbackRefused extends RuntimeException {
  private final int httpStatus;
  private final String code;
  private final String outcome;
  private final long retryAfterSeconds;

  public CallbackRefused(int httpStatus, String code, String outcome, String message) {
    this(httpStatus, code, outcome, message, 0);
  }

  private CallbackRefused(int httpStatus, String code, String outcome, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
    this.outcome = outcome;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The client address has used its refusal budget; see {@code Refusals}. */
  public static CallbackRefused throttled(long retryAfterSeconds) {
    return new CallbackRefused(429, "too_many_refusals", "rate_limited",
        "too many refused requests from this address; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
  }

  /** An authenticated client (a platform API key) sent more requests than its rate allows. */
  public static CallbackRefused rateLimited(long retryAfterSeconds) {
    return new CallbackRefused(429, "rate_limited", "rate_limited",
        "too many requests for this key; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
  }

  public static CallbackRefused badSignature(String header) {
    return new CallbackRefused(401, "bad_signature", "rejected", "the " + header + " signature does not match the body");
  }

  public static CallbackRefused malformed(String message) {
    return new CallbackRefused(400, "malformed_json", "malformed", message);
  }

  public static CallbackRefused missing(String field) {
    return new CallbackRefused(400, "missing_field", "malformed", "the field '" + field + "' is required");
  }

  public static CallbackRefused invalid(String field, String why) {
    return new CallbackRefused(400, "invalid_field", "malformed", "the field '" + field + "' " + why);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String code() {
    return code;
  }

  public String outcome() {
    return outcome;
  }

  /** For a 429: the seconds to send in {@code Retry-After}; 0 otherwise. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
