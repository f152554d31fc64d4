package id.bizpro.bizcash.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox of callbacks to the BizPro platform: {@link #enqueue} writes one in the caller's
 * transaction (so it exists exactly when its event committed); a deliverer claims due rows, sends
 * them signed, and marks them delivered on a 2xx or schedules the next attempt: 1 s after the first
 * failure, doubling, at most 5 minutes apart, for as long as it takes. Thread-safe.
 */
public final class PlatformCallbacks {
  public static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  public static final Duration MAX_RETRY = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The event types the platform is told about. */
  public enum Type {
    LINK_CONFIRMED("link.confirmed"), LINK_REMOVED("link.removed"),
    CHARGE_PAID("charge.paid"), CHARGE_DECLINED("charge.declined"), CHARGE_EXPIRED("charge.expired"),
    /** The held part of a credit over the balance cap (or some of it) reached the wallet (an admin's decision). */
    CREDIT_HOLD_CREDITED("credit.hold_credited"),
    /** The held part of a credit over the balance cap went back to the platform account (an admin's decision). */
    CREDIT_HOLD_RETURNED("credit.hold_returned");

    private final String apiName;

    Type(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }
  }

  /** A callback to send: its exact body, and how many attempts it had. */
  public record Pending(long id, String eventId, String type, String body, int attempts) {}

  /** A callback that has failed at least once and is not delivered yet (for admins). */
  public record Failing(String eventId, String type, int attempts, Instant nextAttemptAt, String lastError,
      Instant createdAt) {}

  private final Jdbi jdbi;

  public PlatformCallbacks(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Queues the event {@code type} with {@code data} in the caller's transaction; false when one with
   * {@code dedupeKey} exists already.
   */
  public static boolean enqueue(Handle h, Type type, Map<String, ?> data, String dedupeKey, Instant now) {
    String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
    ObjectNode body = JSON.createObjectNode();
    body.put("event_id", eventId);
    body.put("type", type.apiName());
    body.put("created_at", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    body.set("data", JSON.valueToTree(data));
    String text;
    try {
      text = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("callback data is not serialisable", e);
    }
    return h.createUpdate(
            """
            INSERT INTO platform_callbacks (event_id, type, body, dedupe_key, created_at, next_attempt_at)
            VALUES (:event, :type, :body, :dedupe, :now, :now)
            ON CONFLICT (dedupe_key) DO NOTHING
            """)
        .bind("event", eventId)
        .bind("type", type.apiName())
        .bind("body", text)
        .bind("dedupe", dedupeKey)
        .bind("now", now)
        .execute() == 1;
  }

  /**
   * An admin credited the held part of the credit {@code key} (suspense receipt {@code
   * suspenseReference}), or {@code credited} of it, to the wallet: {@code credit.hold_credited}, in
   * the caller's transaction. {@code stillHeld} stays in suspense under {@code restReference}.
   */
  public static void heldPartCredited(Handle h, String key, String suspenseReference, Money credited, long transferId,
      Money stillHeld, Optional<String> restReference) {
    Map<String, Object> data = heldPart(h, key, suspenseReference);
    data.put("amount", credited.rupiah());
    data.put("transfer_id", transferId);
    data.put("still_held", stillHeld.rupiah());
    restReference.ifPresent(r -> data.put("still_held_suspense_reference", r));
    enqueue(h, Type.CREDIT_HOLD_CREDITED, data, "credit-hold:" + suspenseReference, Instant.now());
  }

  /**
   * An admin handed the held part of the credit {@code key} back to the platform account: {@code
   * credit.hold_returned}, in the caller's transaction; {@code reference} is the one the admin typed.
   */
  public static void heldPartReturned(Handle h, String key, String suspenseReference, Money amount, String reference) {
    Map<String, Object> data = heldPart(h, key, suspenseReference);
    data.put("amount", amount.rupiah());
    data.put("reference", reference);
    enqueue(h, Type.CREDIT_HOLD_RETURNED, data, "credit-hold:" + suspenseReference, Instant.now());
  }

  /** The credit's key, its BizPro account and the suspense reference its answer named. */
  private static Map<String, Object> heldPart(Handle h, String key, String suspenseReference) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("idempotency_key", key);
    h.createQuery("SELECT bizpro_user_id FROM platform_credits WHERE idempotency_key = :k")
        .bind("k", key).mapTo(String.class).findOne().ifPresent(b -> data.put("bizpro_user_id", b));
    data.put("suspense_reference", suspenseReference);
    return data;
  }

  /**
   * Claims up to {@code limit} due callbacks, oldest first, pushing their next attempt past {@code
   * lease} so another deliverer does not send them meanwhile.
   */
  public List<Pending> claimDue(Instant now, Duration lease, int limit) {
    return jdbi.inTransaction(h -> h.createQuery(
            """
            UPDATE platform_callbacks c SET next_attempt_at = :leaseEnd
              FROM (SELECT id FROM platform_callbacks
                     WHERE status = 'pending' AND next_attempt_at <= :now
                     ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED) d
             WHERE c.id = d.id
            RETURNING c.id, c.event_id, c.type, c.body, c.attempts
            """)
        .bind("now", now)
        .bind("leaseEnd", now.plus(lease))
        .bind("limit", limit)
        .map((rs, ctx) -> new Pending(rs.getLong("id"), rs.getString("event_id"), rs.getString("type"),
            rs.getString("body"), rs.getInt("attempts")))
        .list());
  }

  public void markDelivered(long id, Instant now) {
    jdbi.useHandle(h -> h.createUpdate(
            "UPDATE platform_callbacks SET status = 'delivered', delivered_at = :now, attempts = attempts + 1, "
                + "last_error = NULL WHERE id = :id AND status = 'pending'")
        .bind("id", id).bind("now", now).execute());
  }

  /** Records a failed attempt and schedules the next one with {@link #backoff}. */
  public void markFailed(long id, int attemptsBefore, String error, Instant now) {
    jdbi.useHandle(h -> h.createUpdate(
            "UPDATE platform_callbacks SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next "
                + "WHERE id = :id AND status = 'pending'")
        .bind("id", id)
        .bind("error", error.length() > 300 ? error.substring(0, 300) : error)
        .bind("next", now.plus(backoff(attemptsBefore + 1)))
        .execute());
  }

  /** The wait after the {@code failures}-th failure: 1 s, 2 s, 4 s, … at most 5 minutes. */
  public static Duration backoff(int failures) {
    if (failures <= 1) {
      return FIRST_RETRY;
    }
    if (failures > 20) {
      return MAX_RETRY;
    }
    Duration d = FIRST_RETRY.multipliedBy(1L << (failures - 1));
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  /** Undelivered callbacks that failed at least once, oldest first (for /admin). */
  public List<Failing> failing(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            """
            SELECT event_id, type, attempts, next_attempt_at, coalesce(last_error, '') AS last_error, created_at
              FROM platform_callbacks WHERE status = 'pending' AND attempts > 0
             ORDER BY id LIMIT :limit
            """)
        .bind("limit", limit)
        .map((rs, ctx) -> new Failing(rs.getString("event_id"), rs.getString("type"), rs.getInt("attempts"),
            rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"),
            rs.getTimestamp("created_at").toInstant()))
        .list());
  }

  /** How many callbacks are undelivered and have failed at least once. */
  public long failingCount() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT count(*) FROM platform_callbacks WHERE status = 'pending' AND attempts > 0")
        .mapTo(Long.class).one());
  }

  /** The body of an event (tests, admin). */
  public Optional<String> body(String eventId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT body FROM platform_callbacks WHERE event_id = :e")
        .bind("e", eventId).mapTo(String.class).findOne());
  }
}
