package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.limits.MoneyOutLimits;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sends BizCash from one user to another and queues the recipient's "you received" message in the
 * same transaction: a committed transfer always has its notification. When built with {@link
 * AbuseLimits}, a transfer that would pass the sender's daily money-out limit is refused with
 * {@link LedgerResult.LimitExceeded} ({@code DAILY_MONEY_OUT}) and nothing moves. Thread-safe.
 */
public final class P2pTransfers {
  private final Jdbi jdbi;
  private final Ledger ledger;
  private final Optional<MoneyOutLimits> limits;

  /** Without per-user money-out limits (benchmarks and ledger tests). */
  public P2pTransfers(Jdbi jdbi, Ledger ledger) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.limits = Optional.empty();
  }

  /** With the daily money-out limit of {@code abuse}, checked in the transfer's transaction. */
  public P2pTransfers(Jdbi jdbi, Ledger ledger, AbuseLimits abuse) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.limits = Optional.of(new MoneyOutLimits(abuse));
  }

  /**
   * Sends in one SQL statement (the transfer and its notification), so it is atomic without an
   * explicit transaction and costs one round trip.
   */
  public LedgerResult send(String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    if (limits.isPresent()) {
      // The limit check locks the sender's row: it must hold until the transfer commits.
      return jdbi.inTransaction(h -> send(h, idempotencyKey, fromUserId, toUserId, amount, note));
    }
    return jdbi.withHandle(h -> send(h, idempotencyKey, fromUserId, toUserId, amount, note));
  }

  /** Within the caller's transaction (the conversation's, so the flow state commits with the money). */
  public LedgerResult send(
      Handle h, String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    if (limits.isPresent() && fromUserId != toUserId) {
      Optional<MoneyOutLimits.Refusal> refusal = limits.get().checkTransfer(h, idempotencyKey, fromUserId, amount);
      if (refusal.isPresent() && refusal.get() instanceof MoneyOutLimits.Refusal.DailyLimit d) {
        return new LedgerResult.LimitExceeded(LedgerResult.Limit.DAILY_MONEY_OUT, d.limit(), d.usedToday().plus(amount));
      }
    }
    // The outbox row is written in the same statement as the transfer, so it exists exactly when
    // the transfer committed. The recipient's new balance comes from the ledger's own result (leg
    // 2 is the recipient's wallet): the statement's snapshot predates the account lock.
    Ledger.OnDone notify =
        new Ledger.OnDone(
            """
            INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
            SELECT rcp.telegram_id, rcp.id, :outbox_kind,
                   jsonb_build_object(
                       'transfer_id', r.transfer_id,
                       'from_user_id', s.id,
                       'from', coalesce('@' || s.username, trim(s.first_name || ' ' || coalesce(s.last_name, ''))),
                       'amount', CAST(:outbox_amount AS bigint),
                       'note', CAST(:outbox_note AS text),
                       'balance', r.balances_after[2]),
                   'transfer-received:' || r.transfer_id
            FROM r
            JOIN users rcp ON rcp.id = :outbox_to
            JOIN users s ON s.id = :outbox_from
            WHERE r.outcome = 'done'
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
            Map.of(
                "outbox_kind", Outbox.Kind.TRANSFER_RECEIVED.dbName(),
                "outbox_amount", amount.rupiah(),
                "outbox_note", note.orElse(""),
                "outbox_to", toUserId,
                "outbox_from", fromUserId));
    return ledger.execute(h, new TransferRequest.P2p(idempotencyKey, fromUserId, toUserId, amount, note), notify);
  }
}
