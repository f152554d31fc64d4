package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.db.GroupCommit;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sends BizCash from one user to another and queues the recipient's "you received" message in the
 * same statement: a committed transfer always has its notification. When built with {@link
 * AbuseLimits}, a transfer that would pass the sender's daily money-out limit is refused with
 * {@link LedgerResult.LimitExceeded} ({@code DAILY_MONEY_OUT}) and nothing moves. Thread-safe.
 *
 * <p>Two forms. {@link #send(Handle, String, long, long, Money, Optional)} joins the caller's
 * transaction (the conversation commits its flow state with the money). {@link #send(String, long,
 * long, Money, Optional)} runs in a transaction of its own and is group-committed: transfers that
 * callers send at the same time are written by one statement and one commit ({@link
 * P2pGroupCommit}); each caller still gets its own result only after its transfer committed.
 */
public final class P2pTransfers {
  private final Ledger ledger;
  private final Optional<Money> dailyMoneyOut;
  private final P2pGroupCommit groupCommit;

  /** Without per-user money-out limits (benchmarks and ledger tests). */
  public P2pTransfers(Jdbi jdbi, Ledger ledger) {
    this(jdbi, ledger, Optional.empty());
  }

  /** With the daily money-out limit of {@code abuse}, checked in the transfer's transaction. */
  public P2pTransfers(Jdbi jdbi, Ledger ledger, AbuseLimits abuse) {
    this(jdbi, ledger, Optional.of(abuse.dailyMoneyOut()));
  }

  private P2pTransfers(Jdbi jdbi, Ledger ledger, Optional<Money> dailyMoneyOut) {
    this.ledger = ledger;
    this.dailyMoneyOut = dailyMoneyOut;
    this.groupCommit = new P2pGroupCommit(jdbi, ledger, dailyMoneyOut);
  }

  /**
   * Sends in a transaction of its own, committed together with the transfers other threads send at
   * the same moment; returns once this transfer's outcome is final (committed, or refused).
   */
  public LedgerResult send(String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    return groupCommit.send(new TransferRequest.P2p(idempotencyKey, fromUserId, toUserId, amount, note));
  }

  /** Within the caller's transaction (the conversation's, so the flow state commits with the money). */
  public LedgerResult send(
      Handle h, String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note) {
    return ledger.sendP2p(h, new TransferRequest.P2p(idempotencyKey, fromUserId, toUserId, amount, note), dailyMoneyOut);
  }

  /** How many statements group commit ran, and for how many transfers (for benchmarks and tests). */
  public GroupCommit.Stats groupCommitStats() {
    return groupCommit.stats();
  }

  P2pGroupCommit groupCommit() {
    return groupCommit;
  }
}
