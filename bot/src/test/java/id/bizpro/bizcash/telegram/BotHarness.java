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
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running bot (real TelegramBots client and long polling) against {@link FakeTelegram} and a
 * fresh database, wired by the same composition root as the application. A JUnit extension: a
 * flow test holds one in a {@code @RegisterExtension static final} field, and it is closed after
 * the class. People come from {@link #registered}, with Telegram ids the harness allocates.
 * {@link #restart} closes the bot and starts a new one on the same database, as a deploy would.
 * Public, with public members, so that feature tests in other packages can drive it. Not
 * thread-safe.
 */
public final class BotHarness implements AutoCloseable, AfterAllCallback {
  public final FakeTelegram telegram = new FakeTelegram();
  public final Database db = TestDatabase.fresh(12);
  public final MoneyRules rules;
  /** The db services the bot acts through (and tests set up data with). */
  public final LedgerServices services;
  public BotApplication app;
  private final AtomicLong telegramIds = new AtomicLong(10_000);
  private long handedOutBefore;
  private long handledDirectly;

  public BotHarness() {
    this(MoneyRules.defaults());
  }

  /** A bot under other rules (abuse limits, say). */
  public BotHarness(MoneyRules rules) {
    this(rules, Clock.systemUTC());
  }

  /** A bot whose services and conversations read {@code clock} (a test moves it instead of sleeping). */
  public BotHarness(MoneyRules rules, Clock clock) {
    this.rules = rules;
    this.services = LedgerServices.over(db.jdbi(), rules, clock, Set.of());
    start();
  }

  private void start() {
    handedOutBefore = telegram.intake().handedOut();
    handledDirectly = 0;
    app =
        Conversations.bot(
            new BotApplication.Settings(FakeTelegram.TOKEN, telegram.apiUrl(), Optional.empty(), 4, Duration.ZERO),
            services, Conversations.Settings.plain(PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia")),
            Function.identity());
    app.startPolling();
  }

  public void restart() {
    app.close();
    start();
  }

  /** Hands {@code update} to the bot directly, as the webhook route would, and returns once it is handled. */
  public void handle(org.telegram.telegrambots.meta.api.objects.Update update) {
    handledDirectly++;
    app.handle(update);
  }

  /**
   * Waits until every update sent so far has been handled and answered ({@link QuietPoint}). The
   * harness runs no outbox dispatcher: notifications stay queued, and tests read the outbox.
   */
  public void awaitQuiet() {
    QuietPoint.of().polling(telegram, app, handedOutBefore - handledDirectly).await();
  }

  /** Someone new who sent /start, named {@code "Name" + username}, with a fresh Telegram id. */
  public FakeTelegram.Person registered(String username, String language) {
    return telegram.registered(telegramIds.incrementAndGet(), username, "Name" + username, language);
  }

  /** As {@link #registered(String, String)}, with {@code funds} rupiah credited when positive. */
  public FakeTelegram.Person registered(String username, String language, long funds) {
    FakeTelegram.Person p = registered(username, language);
    if (funds > 0) {
      fund(p, funds);
    }
    return p;
  }

  public long userId(FakeTelegram.Person p) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = :t").bind("t", p.id).mapTo(Long.class).one());
  }

  public long balance(FakeTelegram.Person p) {
    return db.jdbi().withHandle(h -> h.createQuery(
            "SELECT a.balance FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.telegram_id = :t AND a.kind = 'user_available'")
        .bind("t", p.id).mapTo(Long.class).one());
  }

  /** Credits a paid top-up directly in the ledger, as a payment webhook would. */
  public void fund(FakeTelegram.Person p, long rupiah) {
    LedgerResult r = services.ledger().execute(
        new TransferRequest.TopUpCredit("fund-" + UUID.randomUUID(), userId(p), Money.rupiah(rupiah), Money.ZERO, "TOP-FUND"));
    if (!r.succeeded()) {
      throw new IllegalStateException(r.toString());
    }
  }

  public int count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    app.close();
    telegram.close();
    db.close();
  }
}
