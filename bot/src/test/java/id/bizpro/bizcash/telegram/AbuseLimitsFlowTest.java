package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.conversation.UpdateRateLimit;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-user update rate limit and the daily money-out limit, as a user meets them in the chat. */
class AbuseLimitsFlowTest {
  // A long window, so that no window boundary falls inside a test and splits its burst.
  static final AbuseLimits LIMITS = new AbuseLimits(10, Duration.ofHours(1), 3, Money.rupiah(100_000));

  @RegisterExtension static final BotHarness bot = new BotHarness(MoneyRules.defaults().withAbuse(LIMITS));
  static final FakeTelegram telegram = bot.telegram;
  static final Database db = bot.db;

  @Test
  void a_flooding_user_gets_one_polite_warning_and_then_silence_while_others_are_served() {
    Person flood = telegram.person(71_001, "flood", "Flood", "id");
    Person calm = telegram.person(71_002, "calm", "Calm", "en");
    for (int i = 0; i < 10; i++) {
      flood.send("/help");
    }
    for (int i = 0; i < 10; i++) {
      flood.expect("/balance"); // every allowed /help is answered
    }
    for (int i = 0; i < 5; i++) {
      flood.send("/balance");
    }
    Call warning = flood.expect("terlalu cepat");
    assertTrue(warning.text().matches("(?s).*Tunggu \\d+ detik.*"), warning.text());
    calm.send("/balance");
    calm.expect("Your balance");
    QuietPoint.of().polling(telegram, bot.app, 0).await(); // the last four were handled: silently
    long sent = flood.mine().stream().filter(c -> c.method().equals("sendmessage")).count();
    assertEquals(11, sent, "10 answers and one warning, nothing for the last four");
  }

  @Test
  void a_transfer_past_the_daily_money_out_limit_is_refused_with_the_limit_and_what_went_out_today() {
    Person ana = telegram.person(72_001, "ana_limit", "Ana", "id");
    Person budi = telegram.person(72_002, "budi_limit", "Budi", "id");
    budi.send("/start");
    budi.expect("elamat datang");
    ana.send("/start");
    ana.expect("elamat datang");
    long anaId = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = 72001").mapTo(Long.class).one());
    new Ledger(db.jdbi(), MoneyRules.defaults().ledgerLimits())
        .execute(new TransferRequest.TopUpCredit("fund-ana", anaId, Money.rupiah(500_000), Money.ZERO, "TOP-FUND"));
    ana.send("/transfer @budi_limit 60000 sewa");
    ana.press(ana.expect("Periksa dulu"), "Konfirmasi");
    ana.expect("Buat PIN 6 angka");
    ana.send("246819");
    ana.expect("Ketik PIN yang sama");
    ana.send("246819");
    ana.expect("Terkirim <b>Rp 60.000</b>");
    ana.send("/transfer @budi_limit 50000 lagi");
    ana.press(ana.expect("Periksa dulu"), "Konfirmasi");
    ana.expect("Masukkan PIN");
    ana.send("246819");
    Call refused = ana.expect("Batas uang keluar harian kamu Rp 100.000");
    assertTrue(refused.text().contains("Hari ini sudah keluar Rp 60.000"), refused.text());
    assertEquals(1, (int) db.jdbi().<Integer, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM transfers WHERE kind = 'p2p' AND from_user_id = :u")
        .bind("u", anaId).mapTo(Integer.class).one()));
  }

  @Test
  void the_rate_limit_counts_in_the_database_and_lets_the_user_back_in_when_the_window_passes() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T07:00:00Z"));
    AbuseLimits limits = new AbuseLimits(3, Duration.ofSeconds(10), 3, Money.rupiah(1));
    // Two limiters over one database stand for two instances: they share the count.
    UpdateRateLimit one = new UpdateRateLimit(db.jdbi(), limits, clock);
    UpdateRateLimit two = new UpdateRateLimit(db.jdbi(), limits, clock);
    List<UpdateRateLimit.Verdict> verdicts = List.of(
        one.check(73_001), two.check(73_001), one.check(73_001), two.check(73_001), one.check(73_001), two.check(73_001));
    assertEquals(List.of(UpdateRateLimit.Verdict.ALLOW, UpdateRateLimit.Verdict.ALLOW, UpdateRateLimit.Verdict.ALLOW,
        UpdateRateLimit.Verdict.WARN, UpdateRateLimit.Verdict.SILENT, UpdateRateLimit.Verdict.SILENT), verdicts);
    assertEquals(UpdateRateLimit.Verdict.ALLOW, one.check(73_002), "another user is not affected");
    assertEquals(10, one.secondsLeft());
    clock.now = clock.now.plusSeconds(9);
    assertEquals(UpdateRateLimit.Verdict.SILENT, two.check(73_001));
    assertEquals(1, one.secondsLeft());
    clock.now = clock.now.plusSeconds(1);
    assertEquals(UpdateRateLimit.Verdict.ALLOW, two.check(73_001), "a new window starts afresh");
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
