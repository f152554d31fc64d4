package id.bizpro.bizcash.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Actions waiting for a confirm button (PENDING → CONFIRMED | CANCELLED | EXPIRED). The id is in
 * the button's callback data and is the idempotency key of the money move, so however often the
 * button is pressed the money moves at most once. All methods join the caller's transaction.
 * Thread-safe and stateless.
 */
public final class PendingActions {
  public enum Status { PENDING, CONFIRMED, CANCELLED, EXPIRED }

  /** A stored action; {@code payload} is the feature's own record. Immutable. */
  public record PendingAction(long id, long userId, String kind, String payloadJson, Status status,
      Instant expiresAt) {

    public <T> T payload(ObjectMapper json, Class<T> type) {
      try {
        return json.readValue(payloadJson, type);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("unreadable payload of pending action " + id, e);
      }
    }

    /** The idempotency key of the money move this action confirms. */
    public String idempotencyKey() {
      return "action:" + id;
    }
  }

  private final ObjectMapper json;

  public PendingActions(ObjectMapper json) {
    this.json = json;
  }

  public long create(Handle h, long userId, String kind, Object payload, Instant now, Duration ttl) {
    try {
      return h.createQuery(
              """
              INSERT INTO pending_actions (user_id, kind, payload, expires_at, created_at)
              VALUES (:u, :k, CAST(:p AS jsonb), :e, :now) RETURNING id
              """)
          .bind("u", userId)
          .bind("k", kind)
          .bind("p", json.writeValueAsString(payload))
          .bind("e", now.plus(ttl))
          .bind("now", now)
          .mapTo(Long.class)
          .one();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Locks the action's row until the transaction ends. */
  public Optional<PendingAction> lock(Handle h, long id) {
    return h.createQuery(
            "SELECT id, user_id, kind, payload::text AS payload, status, expires_at FROM pending_actions WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new PendingAction(
                    rs.getLong("id"), rs.getLong("user_id"), rs.getString("kind"), rs.getString("payload"),
                    Status.valueOf(rs.getString("status")), rs.getTimestamp("expires_at").toInstant()))
        .findOne();
  }

  /** Moves a PENDING action to {@code status}; returns false when it was no longer pending. */
  public static boolean resolve(Handle h, long id, Status status, Instant now) {
    return h.createUpdate(
                "UPDATE pending_actions SET status = :s, resolved_at = :now WHERE id = :id AND status = 'PENDING'")
            .bind("s", status.name())
            .bind("now", now)
            .bind("id", id)
            .execute()
        == 1;
  }
}
