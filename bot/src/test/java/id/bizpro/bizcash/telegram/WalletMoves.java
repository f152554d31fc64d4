package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Money moves made straight through the db services, for tests that look at what the chat shows
 * of them afterwards (history, statements). Not thread-safe.
 */
public final class WalletMoves {
  private final BotHarness bot;
  private final Ledger ledger;

  public WalletMoves(BotHarness bot) {
    this.bot = bot;
    this.ledger = new Ledger(bot.db.jdbi(), bot.rules.ledgerLimits());
  }

  public void transfer(Person from, Person to, long rupiah, String note) {
    LedgerResult r = new P2pTransfers(bot.db.jdbi(), ledger)
        .send("t-" + UUID.randomUUID(), bot.userId(from), bot.userId(to), Money.rupiah(rupiah), Optional.ofNullable(note));
    if (!r.succeeded()) {
      throw new IllegalStateException(r.toString());
    }
  }

  /** Saves a BCA account {@code number} for {@code p} and withdraws {@code rupiah} to it. */
  public Withdrawal withdraw(Person p, String number, long rupiah) {
    BankAccounts accounts = new BankAccounts(bot.db.jdbi());
    long accountId = switch (accounts.add(bot.userId(p), "014", number, "Pemilik Rekening")) {
      case BankAccounts.AddResult.Added a -> a.account().id();
      case BankAccounts.AddResult.AlreadySaved s -> s.existing().id();
      case BankAccounts.AddResult other -> throw new IllegalStateException(other.toString());
    };
    return switch (withdrawals(accounts).request("w-" + UUID.randomUUID(), bot.userId(p), accountId, Money.rupiah(rupiah))) {
      case Withdrawals.RequestResult.Requested r -> r.withdrawal();
      case Withdrawals.RequestResult other -> throw new IllegalStateException(other.toString());
    };
  }

  /** A top-up order of {@code rupiah} for {@code p}, paid in full (amount, unique code and fee). */
  public id.bizpro.bizcash.topup.TopUpOrder topUp(Person p, long rupiah) {
    var created = bot.services.topUpOrders().create(bot.userId(p), Money.rupiah(rupiah));
    if (!(created instanceof id.bizpro.bizcash.topup.TopUpOrders.CreateResult.Created c)) {
      throw new IllegalStateException(created.toString());
    }
    bot.services.topUpOrders().pay(c.order().reference(), new id.bizpro.bizcash.topup.TopUpOrders.Payment(
        "test", java.util.Optional.of("pay-" + c.order().reference()), c.order().total(), java.util.Optional.empty()));
    return c.order();
  }

  /** The payout was made. */
  public void pay(Withdrawal w) {
    withdrawals(new BankAccounts(bot.db.jdbi())).markPaid(w.reference(), "BANK-" + w.reference());
  }

  /** The payout failed: amount and fee go back to the wallet. */
  public void fail(Withdrawal w) {
    withdrawals(new BankAccounts(bot.db.jdbi())).markFailed(w.reference(), "rekening tidak aktif");
  }

  private Withdrawals withdrawals(BankAccounts accounts) {
    return new Withdrawals(bot.db.jdbi(), ledger, accounts, bot.rules, Clock.systemUTC());
  }
}
