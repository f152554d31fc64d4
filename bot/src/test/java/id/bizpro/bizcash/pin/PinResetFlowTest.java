package id.bizpro.bizcash.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.notify.NotificationRenderer;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.TestClock;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.PinResets;
import id.bizpro.bizcash.wiring.Conversations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Forgot PIN" by cooling-off, weak PINs refused with a reason, and every PIN change told to the
 * user through the outbox — as a user meets them, in Indonesian and English. The clock is moved
 * by hand: the 24 hours pass without sleeping.
 */
class PinResetFlowTest {
  static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
  // Many updates at one frozen instant: a rate window that does not get in the way.
  @RegisterExtension static final BotHarness bot = new BotHarness(
      MoneyRules.defaults().withAbuse(new AbuseLimits(1_000, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000))), clock);
  static final PinResets resets = Conversations.pinResets(bot.services);
  static final Messages messages = new Messages();
  static final NotificationRenderer renderer = new NotificationRenderer();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The user's notifications so far, rendered as they would be sent, oldest first. */
  static List<String> notifications(Person p, Language language) {
    return bot.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT kind, params::text AS params FROM outbox WHERE chat_id = :c ORDER BY id")
        .bind("c", p.id)
        .map((rs, ctx) -> render(rs.getString("kind"), rs.getString("params"), language))
        .list());
  }

  private static String render(String kind, String params, Language language) {
    try {
      return kind + ": " + renderer.render(kind, JSON.readValue(params, new TypeReference<Map<String, Object>>() {}), language);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String last(List<String> list) {
    return list.get(list.size() - 1);
  }

  /** Sends a transfer and sets {@code pin} as the first PIN at its confirmation (Indonesian). */
  static void firstTransferWithPin(Person p, String to, String pin) {
    p.send("/transfer @" + to + " 1000 awal");
    p.press(p.expect("Periksa dulu"), "Konfirmasi");
    p.expect("Buat PIN 6 angka");
    p.send(pin);
    p.expect("Ketik PIN yang sama");
    p.send(pin);
    p.expect("Terkirim <b>Rp 1.000</b>");
  }

  @Test
  void forgot_pin_waits_24_hours_with_money_out_locked_then_takes_a_new_pin_twice_and_tells_the_user_each_step() {
    Person rina = bot.registered("rina", "id", 100_000);
    Person sari = bot.registered("sari", "id", 0);
    firstTransferWithPin(rina, "sari", "480726");
    assertTrue(notifications(rina, Language.ID).stream().noneMatch(n -> n.startsWith("pin_changed")),
        "a first PIN, set right in the chat, is not a change: " + notifications(rina, Language.ID));

    rina.send("/settings");
    rina.press(rina.expect("Pengaturan"), "🔒 PIN");
    Call old = rina.expect("Ketik PIN kamu yang sekarang");
    rina.press(old, "🔑 Lupa PIN");
    Instant requestedAt = clock.instant();
    Call explain = rina.expect("masa tunggu 24 jam");
    rina.press(explain, "🔑 Ya, reset PIN");
    String readyAt = messages.dateTime(Language.ID, requestedAt.plus(Duration.ofHours(24)));
    Call started = rina.expect("Reset PIN dimulai");
    assertTrue(started.text().contains("mulai <b>" + readyAt + "</b>"), started.text());
    assertTrue(last(notifications(rina, Language.ID)).contains("Ada permintaan Lupa PIN")
        && last(notifications(rina, Language.ID)).contains(readyAt), notifications(rina, Language.ID).toString());

    // Money-out is locked at once: a transfer is refused before it asks anything.
    rina.send("/transfer @sari 5000 makan");
    Call refused = rina.expect("Reset PIN sedang berjalan");
    assertTrue(refused.text().contains(readyAt) && refused.buttonLabels().contains("✖️ Batalkan reset PIN"), refused.text());
    assertEquals(99_000, bot.balance(rina));

    // One minute early: still waiting, no "ready" message.
    clock.advance(Duration.ofHours(24).minusMinutes(1));
    assertEquals(0, resets.notifyReady(100));
    rina.send("/settings");
    rina.press(rina.expect("Pengaturan"), "🔒 PIN");
    rina.expect("Reset PIN sedang berjalan");

    clock.advance(Duration.ofMinutes(1));
    assertEquals(1, resets.notifyReady(100));
    assertEquals(0, resets.notifyReady(100), "the ready message is queued once");
    assertTrue(last(notifications(rina, Language.ID)).startsWith("pin_reset_ready: 🔑 Masa tunggu Lupa PIN selesai"),
        notifications(rina, Language.ID).toString());
    rina.send("/transfer @sari 5000");
    rina.expect("Masa tunggu reset PIN sudah selesai"); // still locked until the new PIN is set

    rina.send("/settings");
    rina.press(rina.expect("Pengaturan"), "🔒 PIN");
    rina.expect("Ketik PIN baru");
    rina.send("123456");
    rina.expect("angkanya berurutan naik atau turun");
    rina.send("999999");
    rina.expect("semua angkanya sama");
    rina.send("121212");
    rina.expect("PIN yang paling sering dipakai");
    rina.send("739205");
    rina.expect("Ketik PIN yang sama");
    rina.send("739205");
    rina.expect("PIN baru tersimpan. Uang keluar bisa dipakai lagi");
    assertTrue(last(notifications(rina, Language.ID)).startsWith("pin_changed: 🔒 PIN BizCash kamu diganti lewat Lupa PIN"),
        notifications(rina, Language.ID).toString());
    assertEquals(1, bot.count("SELECT count(*) FROM pin_resets WHERE status = 'completed' AND user_id = " + bot.userId(rina)));

    // The old PIN is gone, the new one moves money.
    rina.send("/transfer @sari 5000 makan");
    rina.press(rina.expect("Periksa dulu"), "Konfirmasi");
    rina.expect("Masukkan PIN 6 angka");
    rina.send("480726");
    rina.expect("PIN salah");
    rina.send("739205");
    rina.expect("Terkirim <b>Rp 5.000</b> ke @sari");
    assertEquals(94_000, bot.balance(rina));
    assertEquals(6_000, bot.balance(sari));
  }

  @Test
  void a_locked_out_user_is_offered_forgot_pin_and_can_cancel_the_reset_which_is_then_never_ready() {
    Person tom = bot.registered("tom", "en", 50_000);
    bot.registered("uma", "en", 0);
    tom.send("/transfer @uma 1000 first");
    int pressed = tom.press(tom.expect("Please check"), "Confirm");
    assertEquals("Set your PIN.", tom.expectAnswer(pressed).body().path("text").asText(),
        "the toast asks to set a PIN when there is none");
    tom.send("654321");
    tom.expect("its digits run up or down in order");
    tom.send("890123");
    tom.expect("its digits run up or down in order");
    tom.send("000000");
    tom.expect("all its digits are the same");
    tom.send("159753");
    tom.expect("one of the PINs people use most");
    tom.send("502718");
    tom.expect("same PIN once more");
    tom.send("502718");
    tom.expect("Sent <b>Rp 1.000</b> to @uma");

    tom.send("/transfer @uma 2000 again");
    int again = tom.press(tom.expect("Please check"), "Confirm");
    assertEquals("Enter your PIN.", tom.expectAnswer(again).body().path("text").asText());
    tom.send("111112");
    tom.expect("Attempts left: 2");
    tom.send("111113");
    tom.expect("Attempts left: 1");
    tom.send("111114");
    Call locked = tom.expect("Money out (send and withdraw) is locked until");
    assertTrue(locked.text().contains("Forgot your PIN?"), locked.text());
    tom.press(locked, "🔑 Forgot PIN");
    tom.press(tom.expect("waiting time of 24 hours"), "🔑 Yes, reset my PIN");
    Call started = tom.expect("PIN reset started");
    assertTrue(notifications(tom, Language.EN).stream().anyMatch(n -> n.startsWith("pin_reset_requested: 🔑 Someone asked")),
        notifications(tom, Language.EN).toString());

    tom.press(started, "✖️ Cancel the PIN reset");
    tom.expect("PIN reset cancelled. Your old PIN stays valid");
    assertTrue(last(notifications(tom, Language.EN)).startsWith("pin_reset_cancelled: 🔓 The PIN reset was cancelled"),
        notifications(tom, Language.EN).toString());
    int twice = tom.press(started, "✖️ Cancel the PIN reset");
    assertEquals("No PIN reset is running.", tom.expectAnswer(twice).body().path("text").asText());

    // Cancelled: the wait passing changes nothing, and the old PIN works once the lockout is over.
    clock.advance(Duration.ofHours(25));
    assertEquals(0, bot.count("SELECT count(*) FROM pin_resets WHERE status = 'waiting' AND user_id = " + bot.userId(tom)));
    resets.notifyReady(100);
    assertTrue(notifications(tom, Language.EN).stream().noneMatch(n -> n.startsWith("pin_reset_ready")));
    tom.send("/transfer @uma 2000 again");
    tom.press(tom.expect("Please check"), "Confirm");
    tom.expect("Enter your 6-digit PIN");
    tom.send("502718");
    tom.expect("Sent <b>Rp 2.000</b> to @uma");
    assertEquals(47_000, bot.balance(tom));
  }

  @Test
  void a_pin_change_in_settings_refuses_a_weak_pin_and_is_notified() {
    Person vera = bot.registered("vera", "en", 10_000);
    bot.registered("wawan", "en", 0);
    vera.send("/transfer @wawan 1000 x");
    vera.press(vera.expect("Please check"), "Confirm");
    vera.send("502718");
    vera.send("502718");
    vera.expect("Sent <b>Rp 1.000</b>");
    vera.send("/settings");
    vera.press(vera.expect("Settings"), "🔒 PIN");
    vera.expect("First type your current PIN");
    vera.send("502718");
    vera.expect("Type a new 6-digit PIN");
    vera.send("112233");
    vera.expect("one of the PINs people use most");
    vera.send("604815");
    vera.send("604815");
    vera.expect("PIN saved");
    assertTrue(last(notifications(vera, Language.EN)).startsWith("pin_changed: 🔒 Your BizCash PIN was changed"),
        notifications(vera, Language.EN).toString());
  }
}
