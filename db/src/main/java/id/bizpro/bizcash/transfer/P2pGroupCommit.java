package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.db.GroupCommit;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit ({@link GroupCommit}) for P2P transfers that run in a transaction of their own:
 * transfers sent at the same moment are written by one {@code p2p_send_batch} statement and one
 * commit. Each transfer gets exactly the outcome it would get alone (see {@code p2p_send_batch}).
 *
 * <p>No conversation uses it: a chat's confirm step joins its turn's transaction. The platform
 * API's credits run the same engine with their own statement ({@code PlatformCreditGroupCommit});
 * {@code ledger.batch} in the {@code bench} module measures this one. Thread-safe.
 */
public final class P2pGroupCommit {
  /**
   * Writers at once. Measured on 2 cores (BENCHMARKS.md): one leaves the database a core idle,
   * three make groups smaller and wait for each other's locks on hot wallets.
   */
  static final int WRITERS = 2;

  /** Transfers per statement at most (a statement's locks and arrays stay small). */
  static final int MAX_GROUP = 64;

  private final GroupCommit<TransferRequest.P2p, LedgerResult> engine;

  P2pGroupCommit(Jdbi jdbi, Ledger ledger, Optional<Money> dailyMoneyOut) {
    // Autocommit: the one statement is the transaction.
    this.engine = new GroupCommit<>("p2p", WRITERS, MAX_GROUP,
        requests -> jdbi.withHandle(h -> ledger.sendP2p(h, requests, dailyMoneyOut)));
  }

  LedgerResult send(TransferRequest.P2p request) {
    return engine.submit(request);
  }

  /** Transfers waiting for a writer (tests). */
  int queued() {
    return engine.queued();
  }

  GroupCommit.Stats stats() {
    return engine.stats();
  }
}
