package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import java.util.LinkedHashMap;
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

  public LedgerResult send(String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    return jdbi.inTransaction(h -> send(h, idempotencyKey, fromUserId, toUserId, amount, note));
  }

  /** Within the caller's transaction (the conversation's, so the flow state commits with the money). */
  public LedgerResult send(
      Handle h, String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    LedgerResult result =
        ledger.execute(h, new TransferRequest.P2p(idempotencyKey, fromUserId, toUserId, amount, note));
    if (result instanceof LedgerResult.Done done) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("transfer_id", done.transfer().id());
      params.put("from_user_id", fromUserId);
      params.put("from", senderName(h, fromUserId));
      params.put("amount", amount.rupiah());
      params.put("note", note.orElse(""));
      params.put("balance", ledger.balanceOf(h, toUserId).orElseThrow().rupiah());
      Outbox.enqueueForUser(
          h, toUserId, Outbox.Kind.TRANSFER_RECEIVED, params, "transfer-received:" + done.transfer().id());
    }
    return result;
  }

  private static String senderName(Handle h, long userId) {
    return h.createQuery(
            "SELECT coalesce('@' || username, trim(first_name || ' ' || coalesce(last_name, ''))) FROM users WHERE id = :id")
        .bind("id", userId)
        .mapTo(String.class)
        .one();
  }
}
