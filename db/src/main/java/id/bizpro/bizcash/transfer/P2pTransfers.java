package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
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

  public LedgerResult send(String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    return jdbi.inTransaction(h -> send(h, idempotencyKey, fromUserId, toUserId, amount, note));
  }

  /** Within the caller's transaction (the conversation's, so the flow state commits with the money). */
  public LedgerResult send(
      Handle h, String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    LedgerResult result =
        ledger.execute(h, new TransferRequest.P2p(idempotencyKey, fromUserId, toUserId, amount, note));
    if (result instanceof LedgerResult.Done done) {
      // One statement: the recipient's chat, the sender's name and the new balance are read where
      // the row is written, so the notification costs a single round trip.
      h.createUpdate(
              """
              INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
              SELECT r.telegram_id, r.id, :kind,
                     jsonb_build_object(
                         'transfer_id', CAST(:transfer AS bigint),
                         'from_user_id', s.id,
                         'from', coalesce('@' || s.username, trim(s.first_name || ' ' || coalesce(s.last_name, ''))),
                         'amount', CAST(:amount AS bigint),
                         'note', CAST(:note AS text),
                         'balance', a.balance),
                     :dedupe
              FROM users r
              JOIN accounts a ON a.user_id = r.id AND a.kind = 'user_available'
              CROSS JOIN users s
              WHERE r.id = :to AND s.id = :from
              ON CONFLICT (dedupe_key) DO NOTHING
              """)
          .bind("kind", Outbox.Kind.TRANSFER_RECEIVED.dbName())
          .bind("transfer", done.transfer().id())
          .bind("amount", amount.rupiah())
          .bind("note", note.orElse(""))
          .bind("dedupe", "transfer-received:" + done.transfer().id())
          .bind("to", toUserId)
          .bind("from", fromUserId)
          .execute();
    }
    return result;
  }
}
