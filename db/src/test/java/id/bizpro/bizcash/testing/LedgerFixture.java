package id.bizpro.bizcash.testing;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A fresh database with a ledger, users and helpers to fund wallets. Not thread-safe to build. */
public final class LedgerFixture implements AutoCloseable {
  private static final AtomicLong telegramIds = new AtomicLong(100_000);

  public final Database db;
  public final Ledger ledger;
  public final Users users;
  public final Reconciliation reconciliation;

  public LedgerFixture(Ledger.Limits limits, int poolSize) {
    this.db = TestDatabase.fresh(poolSize);
    this.ledger = new Ledger(db.jdbi(), limits);
    this.users = new Users(db.jdbi());
    this.reconciliation = new Reconciliation(db.jdbi());
  }

  public LedgerFixture() {
    this(new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000)), 10);
  }

  public User user(String username) {
    return users.register(
        new TelegramProfile(
            telegramIds.incrementAndGet(), Optional.ofNullable(username), "Test " + username, Optional.empty(),
            Optional.of("id")));
  }

  /** Credits a paid top-up without fee, as the payment webhook would. */
  public void fund(User user, long rupiah) {
    LedgerResult r =
        ledger.execute(
            new TransferRequest.TopUpCredit(
                "fund-" + UUID.randomUUID(), user.id(), Money.rupiah(rupiah), Money.ZERO, "TOP-FUND"));
    if (!(r instanceof LedgerResult.Done)) {
      throw new IllegalStateException("funding failed: " + r);
    }
  }

  public long balance(User user) {
    return ledger.balanceOf(user.id()).orElseThrow().rupiah();
  }

  @Override
  public void close() {
    db.close();
  }
}
