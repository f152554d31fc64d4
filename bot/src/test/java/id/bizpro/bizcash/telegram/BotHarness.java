package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A running bot (real TelegramBots client and long polling) against {@link FakeTelegram} and a
 * fresh database. {@link #restart} closes the bot and starts a new one on the same database, as a
 * deploy would. Not thread-safe.
 */
final class BotHarness implements AutoCloseable {
  final FakeTelegram telegram = new FakeTelegram();
  final Database db = TestDatabase.fresh(12);
  final MoneyRules rules = MoneyRules.defaults();
  BotApplication app;

  BotHarness() {
    start();
  }

  private void start() {
    app =
        new BotApplication(
            new BotApplication.Settings(FakeTelegram.TOKEN, telegram.apiUrl(), Optional.empty(), PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia"), 4,
                Duration.ZERO),
            db.jdbi(), rules, Clock.systemUTC());
    app.startPolling();
  }

  void restart() {
    app.close();
    start();
  }

  long userId(FakeTelegram.Person p) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = :t").bind("t", p.id).mapTo(Long.class).one());
  }

  long balance(FakeTelegram.Person p) {
    return db.jdbi().withHandle(h -> h.createQuery(
            "SELECT a.balance FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.telegram_id = :t AND a.kind = 'user_available'")
        .bind("t", p.id).mapTo(Long.class).one());
  }

  /** Credits a paid top-up directly in the ledger, as a payment webhook would. */
  void fund(FakeTelegram.Person p, long rupiah) {
    LedgerResult r = new id.bizpro.bizcash.ledger.Ledger(db.jdbi(), rules.ledgerLimits()).execute(
        new TransferRequest.TopUpCredit("fund-" + UUID.randomUUID(), userId(p), Money.rupiah(rupiah), Money.ZERO, "TOP-FUND"));
    if (!r.succeeded()) {
      throw new IllegalStateException(r.toString());
    }
  }

  int count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  @Override
  public void close() {
    app.close();
    telegram.close();
    db.close();
  }
}
