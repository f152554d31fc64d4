package id.bizpro.bizcash.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.user.Language;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The dispatcher's SQL over the {@code outbox} table. Each method is one short transaction.
 * Thread-safe.
 */
final class OutboxStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {};

  private final Jdbi jdbi;

  OutboxStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Claims up to {@code limit} due rows, at most one per chat and only each chat's oldest pending
   * row, so a chat's messages go out in order. The claim is a lease: {@code next_attempt_at} moves
   * {@code lease} into the future inside the claiming transaction, so no other dispatcher sees the
   * row as due until the lease runs out. {@code SKIP LOCKED} lets concurrent claimers pass each
   * other; the conditions on {@code o} are re-checked against the newest row version after the lock
   * is taken, so a row another dispatcher just leased is never claimed twice.
   */
  List<OutboxMessage> claim(int limit, Duration lease) {
    return jdbi.inTransaction(h -> h.createQuery(
                """
                WITH heads AS (
                  SELECT DISTINCT ON (chat_id) id
                  FROM outbox
                  WHERE status = 'pending'
                  ORDER BY chat_id, id
                ), due AS (
                  SELECT o.id
                  FROM outbox o JOIN heads USING (id)
                  WHERE o.status = 'pending' AND o.next_attempt_at <= now()
                  ORDER BY o.id
                  LIMIT :limit
                  FOR UPDATE OF o SKIP LOCKED
                )
                UPDATE outbox o
                SET next_attempt_at = now() + make_interval(secs => :leaseSeconds)
                FROM due
                WHERE o.id = due.id
                RETURNING o.id, o.chat_id, o.kind, o.params::text AS params, o.attempts, o.created_at,
                  coalesce((SELECT u.language FROM users u WHERE u.id = o.user_id),
                           (SELECT u.language FROM users u WHERE o.user_id IS NULL AND u.telegram_id = o.chat_id),
                           'id') AS language
                """)
            .bind("limit", limit)
            .bind("leaseSeconds", (double) lease.toMillis() / 1000)
            .map((rs, ctx) -> new OutboxMessage(
                rs.getLong("id"),
                rs.getLong("chat_id"),
                rs.getString("kind"),
                parse(rs.getString("params")),
                rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(),
                Language.fromCode(rs.getString("language"))))
            .list());
  }

  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, PARAMS);
    } catch (Exception e) {
      // Cannot happen for a jsonb column; an empty map makes the renderer name the missing field.
      return Map.of();
    }
  }

  /** Marks the row delivered; returns how long it took from commit to acceptance by Telegram. */
  Optional<Duration> markSent(long id) {
    return jdbi.withHandle(h -> h.createQuery(
                """
                UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
                WHERE id = :id AND status = 'pending'
                RETURNING (extract(epoch FROM clock_timestamp() - created_at) * 1000)::bigint
                """)
            .bind("id", id)
            .mapTo(Long.class)
            .findOne()
            .map(Duration::ofMillis));
  }

  /** Counts a failed attempt and makes the row due again after {@code delay}. */
  void retryLater(long id, Duration delay, String error) {
    jdbi.useHandle(h -> h.createUpdate(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = :error,
                  next_attempt_at = now() + make_interval(secs => :delaySeconds)
                WHERE id = :id AND status = 'pending'
                """)
            .bind("id", id)
            .bind("error", error)
            .bind("delaySeconds", (double) delay.toMillis() / 1000)
            .execute());
  }

  /** Gives up on the row: the chat cannot receive it. */
  void markUndeliverable(long id, String error) {
    jdbi.useHandle(h -> h.createUpdate(
                """
                UPDATE outbox SET status = 'undeliverable', attempts = attempts + 1, last_error = :error
                WHERE id = :id AND status = 'pending'
                """)
            .bind("id", id)
            .bind("error", error)
            .execute());
  }

  /** Ends a lease without an attempt (rate limit or shutdown), so the row is due again now. */
  void release(long id) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = now() WHERE id = :id AND status = 'pending'")
            .bind("id", id)
            .execute());
  }

  /** Deletes finished rows older than {@code retention}, in batches; returns how many went. */
  int prune(Duration retention, int batch) {
    return jdbi.withHandle(h -> h.createUpdate(
                """
                DELETE FROM outbox WHERE id IN (
                  SELECT id FROM outbox
                  WHERE status <> 'pending' AND created_at < now() - make_interval(secs => :seconds)
                  LIMIT :batch)
                """)
            .bind("seconds", (double) retention.toSeconds())
            .bind("batch", batch)
            .execute());
  }

  /** Pending rows and the age of the oldest one. */
  record Backlog(long depth, Duration oldestAge) {}

  Backlog backlog() {
    return jdbi.withHandle(h -> h.createQuery(
                """
                SELECT count(*) AS depth,
                  coalesce(extract(epoch FROM now() - min(created_at)), 0) * 1000 AS oldest_ms
                FROM outbox WHERE status = 'pending'
                """)
            .map((rs, ctx) -> new Backlog(rs.getLong("depth"), Duration.ofMillis((long) rs.getDouble("oldest_ms"))))
            .one());
  }
}
