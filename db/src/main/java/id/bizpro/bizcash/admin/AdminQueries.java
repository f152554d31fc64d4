package id.bizpro.bizcash.admin;

import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What the finance admins' {@code /admin} view reads: the payout queue oldest first with due dates,
 * payments that need a human (amount mismatches, unmatched bank mutations, contradicting payout
 * results) until an admin marks them resolved, and the ledger's reconciliation. Paying out or
 * failing a withdrawal is {@link Withdrawals#markPaid} / {@link Withdrawals#markFailed}.
 * Thread-safe, stateless.
 */
public final class AdminQueries {
  private final Jdbi jdbi;
  private final Withdrawals withdrawals;
  private final Reconciliation reconciliation;

  public AdminQueries(Jdbi jdbi, Withdrawals withdrawals, Reconciliation reconciliation) {
    this.jdbi = jdbi;
    this.withdrawals = withdrawals;
    this.reconciliation = reconciliation;
  }

  /** Callbacks to the BizPro platform that failed and are still being retried, oldest first (issue #19). */
  public List<id.bizpro.bizcash.platform.PlatformCallbacks.Failing> platformCallbacksFailing(int limit) {
    return new id.bizpro.bizcash.platform.PlatformCallbacks(jdbi).failing(limit);
  }

  /** Pending withdrawals, oldest first; each carries its due date. */
  public List<Withdrawal> withdrawalQueue(int limit) {
    return withdrawals.pendingQueue(limit);
  }

  /** A stored callback that needs an admin. {@code amount} is what the provider reported. */
  public record PaymentToReview(
      long id, String provider, Optional<String> eventKey, String outcome, Optional<String> subject,
      Optional<Money> amount, Optional<String> error, Instant receivedAt) {}

  /** Unresolved payments needing review, oldest first. */
  public List<PaymentToReview> paymentsToReview(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            """
            SELECT id, provider, event_key, outcome, subject, amount, error, received_at FROM webhook_callbacks
            WHERE needs_review AND resolved_at IS NULL ORDER BY id LIMIT :n
            """)
        .bind("n", limit)
        .map((rs, ctx) -> new PaymentToReview(
            rs.getLong("id"),
            rs.getString("provider"),
            Optional.ofNullable(rs.getString("event_key")),
            rs.getString("outcome"),
            Optional.ofNullable(rs.getString("subject")),
            Optional.ofNullable((Long) rs.getObject("amount", Long.class)).map(Money::rupiah),
            Optional.ofNullable(rs.getString("error")),
            rs.getTimestamp("received_at").toInstant()))
        .list());
  }

  /** How many payments wait for review. */
  public long paymentsToReviewCount() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT count(*) FROM webhook_callbacks WHERE needs_review AND resolved_at IS NULL")
        .mapTo(Long.class)
        .one());
  }

  /**
   * Marks a payment resolved by an admin, with a note on what was done (refunded, credited by
   * hand, …). Returns false when it does not exist or was already resolved: two admins pressing at
   * once resolve it once.
   */
  public boolean resolvePayment(long callbackId, long adminTelegramId, String note) {
    return jdbi.withHandle(h -> h.createUpdate(
                """
                UPDATE webhook_callbacks SET resolved_at = now(), resolved_by = :admin, resolution_note = :note
                WHERE id = :id AND needs_review AND resolved_at IS NULL
                """)
            .bind("admin", adminTelegramId)
            .bind("note", note)
            .bind("id", callbackId)
            .execute()
        == 1);
  }

  /**
   * The ledger check the admin view shows as its summary: the check since the checkpoint (it does
   * not grow with the ledger, and the menu shows it on every opening) with the last full check's
   * violations when that one failed.
   */
  public Reconciliation.Report reconciliation() {
    return reconciliation.latest();
  }
}
