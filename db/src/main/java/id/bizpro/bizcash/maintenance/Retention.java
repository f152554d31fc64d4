package id.bizpro.bizcash.maintenance;

import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes rows that grow with traffic once nothing needs them (ARCHITECTURE.md, "Retention"):
 * handled Telegram update ids past the redelivery window, confirm buttons long expired, chats idle
 * for {@link MaintenanceSettings#conversationRetention()} and stale rate-limit counters. Every
 * batch is its own short statement of at most {@link #BATCH} rows, and rows another transaction
 * holds (a turn in progress) are skipped, so pruning never makes a user wait more than one small
 * batch. The cut-off is the database's clock, the one {@code processed_at} defaults to.
 * Thread-safe; safe to run in several processes at once.
 */
public final class Retention {
  static final int BATCH = 1_000;

  /** A rate-limit row whose window started longer ago than this is stale (RATE_LIMIT_WINDOW ≤ 1 day). */
  private static final Duration RATE_WINDOW_STALE = Duration.ofDays(2);

  private final Jdbi jdbi;
  private final MaintenanceSettings settings;

  public Retention(Jdbi jdbi, MaintenanceSettings settings) {
    this.jdbi = jdbi;
    this.settings = settings;
  }

  /** What one run deleted, per table. */
  public record Pruned(long processedUpdates, long pendingActions, long conversations, long updateRates,
      long inlineOffers, long refusedCallbacks) {
    public long total() {
      return processedUpdates + pendingActions + conversations + updateRates + inlineOffers + refusedCallbacks;
    }
  }

  public Pruned prune() {
    return new Pruned(pruneProcessedUpdates(), prunePendingActions(), pruneConversations(), pruneUpdateRates(),
        pruneInlineOffers(), pruneRefusedCallbacks());
  }

  /**
   * Refused unauthenticated requests older than {@link MaintenanceSettings#refusedCallbackRetention}
   * (their bounded records: {@code body_bytes} is set only on those). Strangers decide how many
   * there are; accepted callbacks and authenticated refusals are financial records and stay, and so
   * does any row an admin is asked to review or a held receipt names.
   */
  long pruneRefusedCallbacks() {
    return untilDone(
        """
        DELETE FROM webhook_callbacks WHERE id IN (
          SELECT w.id FROM webhook_callbacks w
          WHERE w.body_bytes IS NOT NULL AND NOT w.accepted AND NOT w.needs_review
            AND w.received_at < now() - make_interval(secs => :seconds)
            AND NOT EXISTS (SELECT 1 FROM unapplied_receipts u WHERE u.callback_id = w.id)
          ORDER BY w.received_at LIMIT :batch FOR UPDATE SKIP LOCKED)
        """,
        settings.refusedCallbackRetention());
  }

  /**
   * Inline offers that never held money (a card offered for an inline query and never confirmed, or
   * withdrawn before it was): one row per inline query, kept as long as a confirm button
   * ({@link MaintenanceSettings#pendingActionRetention()}, a week). An old card's deep link then finds
   * nothing and is answered that the send no longer exists. Offers that held money are financial
   * records and stay.
   */
  long pruneInlineOffers() {
    return untilDone(
        """
        DELETE FROM inline_sends WHERE id IN (
          SELECT id FROM inline_sends
          WHERE status IN ('offered', 'withdrawn') AND created_at < now() - make_interval(secs => :seconds)
          ORDER BY created_at LIMIT :batch FOR UPDATE SKIP LOCKED)
        """,
        settings.pendingActionRetention());
  }

  /**
   * Update ids handled more than the retention ago. The id of an update still inside the window is
   * never deleted: a redelivery of it must find it and be skipped.
   */
  long pruneProcessedUpdates() {
    return untilDone(
        """
        DELETE FROM processed_updates WHERE update_id IN (
          SELECT update_id FROM processed_updates
          WHERE processed_at < now() - make_interval(secs => :seconds)
          ORDER BY processed_at LIMIT :batch FOR UPDATE SKIP LOCKED)
        """,
        settings.processedUpdatesRetention());
  }

  /**
   * Confirm buttons that expired more than the retention ago, in any status: an expired action can
   * no longer move money, and a pressed old button then gets the "invalid" answer.
   */
  long prunePendingActions() {
    return untilDone(
        """
        DELETE FROM pending_actions WHERE id IN (
          SELECT id FROM pending_actions
          WHERE expires_at < now() - make_interval(secs => :seconds)
          ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED)
        """,
        settings.pendingActionRetention());
  }

  /**
   * Chats without an update for the retention. There is no index on updated_at (it would make every
   * turn's state save a non-HOT update), so the sweep walks the primary key in batches. A turn that
   * starts meanwhile recreates the row (ConversationStore.lock).
   */
  long pruneConversations() {
    return sweep("conversations", "chat_id", "updated_at", settings.conversationRetention());
  }

  /** Rate-limit counters of users who have not written for days: the next update starts a new window anyway. */
  long pruneUpdateRates() {
    return sweep("update_rate", "telegram_id", "window_start", RATE_WINDOW_STALE);
  }

  private long untilDone(String sql, Duration retention) {
    long total = 0;
    int deleted;
    do {
      deleted = jdbi.withHandle(h -> h.createUpdate(sql)
          .bind("seconds", (double) retention.toSeconds())
          .bind("batch", BATCH)
          .execute());
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  /** Walks {@code table} by its bigint primary key, deleting the rows whose {@code time} is older than the retention. */
  private long sweep(String table, String key, String time, Duration retention) {
    String sql =
        """
        WITH batch AS (SELECT %2$s FROM %1$s WHERE %2$s > :after ORDER BY %2$s LIMIT :batch),
             doomed AS (SELECT t.%2$s FROM %1$s t JOIN batch USING (%2$s)
                        WHERE t.%3$s < now() - make_interval(secs => :seconds) FOR UPDATE OF t SKIP LOCKED),
             gone AS (DELETE FROM %1$s t USING doomed d WHERE t.%2$s = d.%2$s RETURNING 1)
        SELECT (SELECT max(%2$s) FROM batch) AS last, (SELECT count(*) FROM gone) AS deleted
        """.formatted(table, key, time);
    long total = 0;
    long after = Long.MIN_VALUE;
    while (true) {
      long from = after;
      var step = jdbi.withHandle(h -> h.createQuery(sql)
          .bind("after", from)
          .bind("batch", BATCH)
          .bind("seconds", (double) retention.toSeconds())
          .map((rs, ctx) -> new long[] {rs.getObject("last") == null ? Long.MIN_VALUE : rs.getLong("last"), rs.getLong("deleted")})
          .one());
      total += step[1];
      if (step[0] == Long.MIN_VALUE) {
        return total;
      }
      after = step[0];
    }
  }
}
