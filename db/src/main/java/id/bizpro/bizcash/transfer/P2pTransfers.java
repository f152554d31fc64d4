package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.ledger.Ledger;
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
 * same transaction: a committed transfer always has its notification. Thread-safe.
 */
public final class P2pTransfers {
  private final Jdbi jdbi;
  private final Ledger ledger;

  public P2pTransfers(Jdbi jdbi, Ledger ledger) {
    this.jdbi = jdbi;
    this.ledger = ledger;
  }

  /**
   * Sends in one SQL statement (the transfer and its notification), so it is atomic without an
   * explicit transaction and costs one round trip.
   */
  public LedgerResult send(String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    return jdbi.withHandle(h -> send(h, idempotencyKey, fromUserId, toUserId, amount, note));
  }

  /** Within the caller's transaction (the conversation's, so the flow state commits with the money). */
  public LedgerResult send(
      Handle h, String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
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
