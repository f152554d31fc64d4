package id.bizpro.bizcash.webhook.refusal;

import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every refused request costs, on every route: a count in {@code /metrics} by route and
 * reason, a log line with at most the first {@link #SAMPLE_BYTES} bytes of the body, and — when
 * the request was not authenticated — one refusal from its client address's budget ({@link
 * RefusalLimiter}). Past the budget a request that would be refused is answered 429 with {@code
 * Retry-After}, counted as {@code rate_limited}, and neither stored nor logged one by one, so a
 * flood costs neither disk nor log volume. Thread-safe.
 *
 * <p>The client address is the TCP peer's. {@code X-Forwarded-For} is ignored on purpose: any
 * caller can write it, so trusting it would let an attacker pick a fresh address per request.
 * Behind a reverse proxy every request then has the proxy's address and all refusals share one
 * budget; authenticated callbacks are still never throttled (see SECURITY.md).
 */
public final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  /** The most of a refused body that is logged or, when unauthenticated, stored. */
  public static final int SAMPLE_BYTES = 256;
  private static final long SUMMARY_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final RefusalLimiter limiter;
  private final WebhookMetrics metrics;
  private final AtomicLong throttledSinceSummary = new AtomicLong();
  private final AtomicLong lastSummaryNanos = new AtomicLong(System.nanoTime() - SUMMARY_EVERY_NANOS);

  public Refusals(RefusalLimiter limiter, WebhookMetrics metrics) {
    this.limiter = limiter;
    this.metrics = metrics;
  }

  /** The address a refusal is charged to: the TCP peer (never a header a caller can write). */
  public static String clientAddress(Context ctx) {
    return ctx.req().getRemoteAddr();
  }

  /**
   * Charges an unauthenticated refusal on {@code route} to the client's budget.
   *
   * @return empty when the refusal goes ahead as usual (the caller counts, logs, stores and
   *     answers it); otherwise the seconds to put in {@code Retry-After}: the request has been
   *     counted as {@code rate_limited} and must be answered with {@link #tooMany} and nothing else
   */
  public OptionalLong charge(Context ctx, String route) {
    String address = clientAddress(ctx);
    OptionalLong retryAfter = limiter.tryRefuse(address);
    if (retryAfter.isPresent()) {
      metrics.refused(route, "rate_limited");
      summarise(address, route);
    }
    return retryAfter;
  }

  /** Counts a refusal that goes ahead, by route and reason (the error code the caller is told). */
  public void count(String route, String reason) {
    metrics.refused(route, reason);
  }

  /** Logs a refusal with its size and at most the first {@link #SAMPLE_BYTES} bytes of its body. */
  public static void log(String route, String code, String message, byte[] body) {
    log.info("{} refused ({}): {}; body {} bytes, starts: {}", route, code, message, body.length, sample(body));
  }

  /** The 429 answer, in the routes' error shape. */
  public static void tooMany(Context ctx, long retryAfterSeconds) {
    ctx.header("Retry-After", Long.toString(retryAfterSeconds));
    ctx.status(429).json(Map.of(
        "error", "too_many_refusals",
        "message", "too many refused requests from this address; retry after " + retryAfterSeconds + " s"));
  }

  /**
   * At most the first {@link #SAMPLE_BYTES} bytes of {@code body} as text: a character cut in two
   * at the end is dropped, invalid UTF-8 and NUL (which PostgreSQL text cannot hold) become U+FFFD.
   */
  public static String sample(byte[] body) {
    int n = Math.min(body.length, SAMPLE_BYTES);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    String text;
    try {
      // Drop a character cut in two by the limit, so the sample does not end in a replacement.
      text = decoder.decode(ByteBuffer.wrap(body, 0, completeUtf8Length(body, n))).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
    return text.replace('\u0000', '\uFFFD');
  }

  /** The largest length ≤ {@code n} that does not end inside a multi-byte UTF-8 sequence. */
  private static int completeUtf8Length(byte[] b, int n) {
    if (n == b.length) {
      return n;
    }
    int i = n;
    int back = 0;
    // Step back over continuation bytes (10xxxxxx) to the lead byte of the last sequence.
    while (i > 0 && back < 3 && (b[i - 1] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    if (i == 0) {
      return n;
    }
    int lead = b[i - 1] & 0xFF;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return need > back + 1 ? i - 1 : n;
  }

  /**
   * One warning a minute at most while addresses are being throttled, instead of a line per
   * request: a flood must not become a log flood.
   */
  private void summarise(String address, String route) {
    throttledSinceSummary.incrementAndGet();
    long now = System.nanoTime();
    long last = lastSummaryNanos.get();
    if (now - last >= SUMMARY_EVERY_NANOS && lastSummaryNanos.compareAndSet(last, now)) {
      log.warn("Refused requests over the budget of {} a minute per address: {} answered 429 and not stored "
          + "since the last summary (latest from {} on {})", limiter.perMinute(), throttledSinceSummary.getAndSet(0),
          address, route);
    }
  }
}
