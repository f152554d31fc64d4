package id.bizpro.bizcash.webhook.platform;

import id.bizpro.bizcash.webhook.CallbackRefused;
import id.bizpro.bizcash.webhook.Signatures;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a platform request: {@code X-BizCash-Key} names a configured key, {@code
 * X-BizCash-Timestamp} (unix seconds) is within {@link #WINDOW} of the server's clock, and {@code
 * X-BizCash-Signature: sha256=<hex>} is the key's HMAC-SHA256 over {@code METHOD + "\n" + path with
 * query + "\n" + timestamp + "\n" + raw body}, compared in constant time. Each signature is
 * accepted once: it is recorded in {@code platform_seen_signatures} (pruned once outside the
 * window), so a captured request cannot be replayed. Every failure is a 401; an authenticated key
 * past its rate is a 429. Secrets and signatures are never logged. Thread-safe.
 */
public final class PlatformAuth {
  private static final Logger log = LoggerFactory.getLogger(PlatformAuth.class);

  public static final String KEY_HEADER = "X-BizCash-Key";
  public static final String TIMESTAMP_HEADER = "X-BizCash-Timestamp";
  public static final String SIGNATURE_HEADER = "X-BizCash-Signature";
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private final PlatformKeys keys;
  private final Jdbi jdbi;
  private final Clock clock;
  private final int perSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastPrune = new AtomicLong();

  /** @param perSecond requests each key may make per second (bursts of twice that) */
  public PlatformAuth(PlatformKeys keys, Jdbi jdbi, Clock clock, int perSecond) {
    this.keys = keys;
    this.jdbi = jdbi;
    this.clock = clock;
    this.perSecond = perSecond;
  }

  /** The string a request's signature covers. */
  public static String signedText(String method, String pathWithQuery, String timestamp, byte[] body) {
    return method + "\n" + pathWithQuery + "\n" + timestamp + "\n" + new String(body, StandardCharsets.UTF_8);
  }

  /** {@code sha256=<hex>} for a request (clients, callbacks, tests). */
  public static String sign(String secret, String method, String pathWithQuery, String timestamp, byte[] body) {
    byte[] prefix = (method + "\n" + pathWithQuery + "\n" + timestamp + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(body, 0, all, prefix.length, body.length);
    return "sha256=" + Signatures.hmacSha256Hex(secret, all);
  }

  /**
   * The key that signed the request.
   *
   * @throws CallbackRefused 401 for any authentication failure, 429 past the key's rate
   */
  public PlatformKeys.Key authenticate(String method, String pathWithQuery, String keyId, String timestamp,
      String signature, byte[] body) {
    if (keyId == null || timestamp == null || signature == null) {
      throw unauthorized("missing", "X-BizCash-Key, X-BizCash-Timestamp and X-BizCash-Signature are required");
    }
    PlatformKeys.Key key = keys.byId(keyId.strip()).orElse(null);
    if (key == null) {
      throw unauthorized("unknown_key", "unknown key or bad signature");
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw unauthorized("bad_timestamp", "X-BizCash-Timestamp must be unix seconds");
    }
    Instant now = clock.instant();
    Instant signedAt = Instant.ofEpochSecond(ts);
    if (Duration.between(signedAt, now).abs().compareTo(WINDOW) > 0) {
      throw unauthorized("stale_timestamp", "X-BizCash-Timestamp is more than 5 minutes from the server's clock");
    }
    String given = signature.strip();
    if (!given.startsWith("sha256=") || !given.substring(7).matches("[0-9a-fA-F]{64}")) {
      throw unauthorized("bad_signature", "unknown key or bad signature");
    }
    String expected = sign(key.secret(), method, pathWithQuery, timestamp.strip(), body).substring(7);
    if (!Signatures.hexEquals(expected, given.substring(7))) {
      throw unauthorized("bad_signature", "unknown key or bad signature");
    }
    limit(key);
    remember(key, given.substring(7).toLowerCase(java.util.Locale.ROOT), signedAt, now);
    return key;
  }

  private void limit(PlatformKeys.Key key) {
    Bucket bucket = buckets.computeIfAbsent(key.id(), k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
      throw CallbackRefused.rateLimited(wait);
    }
  }

  /** Records the signature; a second use of it is a replay. Prunes old rows at most once a minute. */
  private void remember(PlatformKeys.Key key, String signature, Instant signedAt, Instant now) {
    int inserted = jdbi.withHandle(h -> h.createUpdate(
            """
            INSERT INTO platform_seen_signatures (signature, key_id, signed_at, seen_at)
            VALUES (:sig, :key, :signed, :now) ON CONFLICT (signature) DO NOTHING
            """)
        .bind("sig", signature)
        .bind("key", key.id())
        .bind("signed", signedAt)
        .bind("now", now)
        .execute());
    if (inserted == 0) {
      throw unauthorized("replayed", "this signature was already used: sign every request afresh");
    }
    long last = lastPrune.get();
    if (now.toEpochMilli() - last > 60_000 && lastPrune.compareAndSet(last, now.toEpochMilli())) {
      prune(now);
    }
  }

  /** Deletes signatures whose timestamp can no longer be accepted (they could not be replayed anyway). */
  public int prune(Instant now) {
    return jdbi.withHandle(h -> h.createUpdate(
            """
            DELETE FROM platform_seen_signatures WHERE signature IN (
                SELECT signature FROM platform_seen_signatures WHERE signed_at < :before LIMIT 10000)
            """)
        .bind("before", now.minus(WINDOW).minusSeconds(60))
        .execute());
  }

  private static CallbackRefused unauthorized(String reason, String message) {
    log.info("Platform API request refused: {}", reason);
    return new CallbackRefused(401, "unauthorized", reason, message);
  }
}
