package id.bizpro.bizcash.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.notify.NotificationRenderer;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.MovableClock;
import id.bizpro.bizcash.user.Language;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /tagih end to end through the real TelegramBots client: a request reaches the payer with Pay and
 * Decline, Pay goes through the transfer confirmation and PIN, and the request is paid at most once
 * whatever is pressed twice, late, or by someone else; decline, cancel, expiry and the listing.
 */
class RequestFlowTest {
  static final MovableClock clock = new MovableClock();
  @RegisterExtension static final BotHarness bot = new BotHarness(MoneyRules.defaults(), clock);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The id of the newest request the outbox queued to {@code payer}, and checks its buttons render. */
  private static long requestTo(Person payer) {
    bot.awaitQuiet();
    String params = bot.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT params::text FROM outbox WHERE kind = 'request_received' AND chat_id = :c ORDER BY id DESC LIMIT 1")
        .bind("c", payer.id).mapTo(String.class).one());
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> p = JSON.readValue(params, Map.class);
      long id = ((Number) p.get("request_id")).longValue();
      // What the dispatcher sends the payer: the request with Pay and Decline carrying its id.
      NotificationRenderer renderer = new NotificationRenderer();
      var keyboard = renderer.keyboard("request_received", p, Language.ID).orElseThrow();
      assertEquals("rq:pay:" + id, keyboard.getKeyboard().get(0).get(0).getCallbackData());
      assertEquals("rq:no:" + id, keyboard.getKeyboard().get(0).get(1).getCallbackData());
      String text = renderer.render("request_received", p, Language.ID);
      assertTrue(text.contains("menagih <b>Rp"), text);
      return id;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void confirmWithPin(Person p, Call confirmation, String pin, boolean firstTime) {
    p.press(confirmation, "Konfirmasi");
    if (firstTime) {
      p.expect("Buat PIN 6 angka");
      p.send(pin);
      p.expect("Ketik PIN yang sama");
    } else {
      p.expect("PIN");
    }
    p.send(pin);
  }

  private static int p2pCount(long amount) {
    return bot.count("SELECT count(*) FROM transfers WHERE kind = 'p2p' AND amount = " + amount);
  }

  @Test
  void a_request_is_paid_through_the_confirmation_and_pin_and_both_are_told() {
    Person alice = bot.registered("alice_rq", "id", 0);
    Person bob = bot.registered("bob_rq", "id", 500_000);
    alice.send("/tagih @bob_rq 250000 desain <logo>");
    Call sent = alice.expect("Tagihan <code>REQ-");
    assertTrue(sent.text().contains("Rp 250.000") && sent.text().contains("desain &lt;logo&gt;"), sent.text());
    long id = requestTo(bob);
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'request_received' AND params->>'note' = 'desain <logo>'"));

    bob.press("rq:pay:" + id, 1);
    Call confirm = bob.expect("Bayar tagihan");
    assertTrue(confirm.text().contains("@alice_rq") && confirm.text().contains("<b>Rp 250.000</b>")
        && confirm.text().contains("Biaya: Rp 0") && confirm.text().contains("desain &lt;logo&gt;"), confirm.text());
    confirmWithPin(bob, confirm, "580274", true);
    Call receipt = bob.expect("dibayar: <b>Rp 250.000</b> ke @alice_rq");
    assertTrue(receipt.text().contains("Saldo kamu sekarang Rp 250.000"), receipt.text());
    assertEquals(250_000, bot.balance(alice));
    assertEquals(250_000, bot.balance(bob));
    assertEquals(1, bot.count("SELECT count(*) FROM payment_requests WHERE id = " + id + " AND status = 'paid' AND transfer_id IS NOT NULL"));
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'request_paid' AND chat_id = " + alice.id
        + " AND params->>'payer' = '@bob_rq'"));
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received' AND chat_id = " + alice.id));

    // Pressed again afterwards (an old message): nothing moves.
    int late = bob.press("rq:pay:" + id, 1);
    assertTrue(bob.expectAnswer(late).body().path("text").asText().contains("sudah dibayar"));
    bot.awaitQuiet();
    assertEquals(250_000, bot.balance(bob));
  }

  @Test
  void pay_pressed_twice_with_two_confirmations_open_pays_once() {
    Person carol = bot.registered("carol_rq", "en", 0);
    Person dave = bot.registered("dave_rq", "en", 100_000);
    carol.send("/tagih @dave_rq 40000 lunch");
    carol.expect("Request <code>REQ-");
    long id = requestTo(dave);
    dave.press("rq:pay:" + id, 1);
    Call first = dave.expect("Pay request");
    dave.press("rq:pay:" + id, 1);
    Call second = dave.expect("Pay request");
    // The newest confirmation is the live one; the PIN pays the request.
    dave.press(second, "Confirm");
    dave.expect("no PIN yet");
    dave.send("135790");
    dave.expect("same PIN once more");
    dave.send("135790");
    dave.expect("paid: <b>Rp 40.000</b> to @carol_rq");
    // The older confirmation and another Pay now change nothing.
    int old = dave.press(first.button("Confirm"), first.body().path("_message_id").asInt());
    dave.expectAnswer(old);
    int again = dave.press("rq:pay:" + id, 1);
    assertTrue(dave.expectAnswer(again).body().path("text").asText().contains("already paid"));
    bot.awaitQuiet();
    assertEquals(60_000, bot.balance(dave));
    assertEquals(40_000, bot.balance(carol));
    assertEquals(1, p2pCount(40_000));
  }

  @Test
  void a_third_user_pressing_pay_on_a_forwarded_request_is_refused_and_nothing_moves() {
    Person erin = bot.registered("erin_rq", "id", 0);
    Person frank = bot.registered("frank_rq", "id", 100_000);
    Person mallory = bot.registered("mallory_rq", "id", 100_000);
    erin.send("/tagih @frank_rq 30000");
    erin.press(erin.expect("Tambahkan keterangan"), "Lewati");
    erin.expect("Tagihan <code>REQ-");
    long id = requestTo(frank);

    int pay = mallory.press("rq:pay:" + id, 1);
    assertTrue(mallory.expectAnswer(pay).body().path("text").asText().contains("bukan untukmu"));
    int decline = mallory.press("rq:no:" + id, 1);
    assertTrue(mallory.expectAnswer(decline).body().path("text").asText().contains("bukan untukmu"));
    int cancel = mallory.press("rq:cx:" + id, 1);
    assertTrue(mallory.expectAnswer(cancel).body().path("text").asText().contains("bukan untukmu"));
    bot.awaitQuiet();
    assertEquals(0, bot.count("SELECT count(*) FROM pending_actions p JOIN users u ON u.id = p.user_id WHERE u.telegram_id = " + mallory.id));
    assertEquals(100_000, bot.balance(mallory));
    assertEquals(1, bot.count("SELECT count(*) FROM payment_requests WHERE id = " + id + " AND status = 'open'"));
    // The payer can still pay it.
    frank.press("rq:pay:" + id, 1);
    frank.expect("Bayar tagihan");
  }

  @Test
  void the_payer_declines_and_the_requester_is_told_then_pay_does_nothing() {
    Person gina = bot.registered("gina_rq", "id", 0);
    Person hugo = bot.registered("hugo_rq", "id", 100_000);
    gina.send("/tagih @hugo_rq 20000 patungan");
    gina.expect("Tagihan <code>REQ-");
    long id = requestTo(hugo);
    hugo.press("rq:no:" + id, 1);
    hugo.expect("kamu tolak");
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'request_declined' AND chat_id = " + gina.id));
    int pay = hugo.press("rq:pay:" + id, 1);
    assertTrue(hugo.expectAnswer(pay).body().path("text").asText().contains("sudah ditolak"));
    bot.awaitQuiet();
    assertEquals(100_000, bot.balance(hugo));
    assertEquals(0, bot.balance(gina));
  }

  @Test
  void the_requester_cancels_and_the_payer_is_told_then_pay_does_nothing() {
    Person ivan = bot.registered("ivan_rq", "id", 0);
    Person judy = bot.registered("judy_rq", "id", 100_000);
    ivan.send("/tagih @judy_rq 15000 buku");
    Call sent = ivan.expect("Tagihan <code>REQ-");
    long id = requestTo(judy);
    ivan.press(sent, "Batalkan tagihan");
    ivan.expect("dibatalkan");
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'request_cancelled' AND chat_id = " + judy.id));
    int pay = judy.press("rq:pay:" + id, 1);
    assertTrue(judy.expectAnswer(pay).body().path("text").asText().contains("dibatalkan"));
    bot.awaitQuiet();
    assertEquals(100_000, bot.balance(judy));
  }

  @Test
  void an_open_request_expires_after_seven_days_pay_is_refused_and_the_job_tells_the_requester() {
    Person kim = bot.registered("kim_rq", "id", 0);
    Person leo = bot.registered("leo_rq", "id", 100_000);
    kim.send("/tagih @leo_rq 10000 satu");
    kim.expect("Tagihan <code>REQ-");
    long first = requestTo(leo);
    kim.send("/tagih @leo_rq 11000 dua");
    kim.expect("Tagihan <code>REQ-");
    long second = requestTo(leo);
    // A confirmation opened before the expiry cannot pay after it either.
    leo.press("rq:pay:" + second, 1);
    Call confirm = leo.expect("Bayar tagihan");
    clock.advance(Duration.ofDays(7).plusMinutes(1));
    leo.press("rq:pay:" + first, 1);
    leo.expect("sudah kedaluwarsa");
    assertEquals(1, bot.count("SELECT count(*) FROM payment_requests WHERE id = " + first + " AND status = 'expired'"));
    assertEquals(1, bot.services.requests().expireDue(100));
    assertEquals(2, bot.count("SELECT count(*) FROM outbox WHERE kind = 'request_expired' AND chat_id = " + kim.id));
    int old = leo.press(confirm.button("Konfirmasi"), confirm.body().path("_message_id").asInt());
    leo.expectAnswer(old);
    bot.awaitQuiet();
    assertEquals(100_000, bot.balance(leo));
    assertEquals(0, bot.balance(kim));
    assertEquals(0, bot.services.requests().expireDue(100), "expired once");
  }

  @Test
  void tagih_lists_sent_and_received_requests_open_first_and_refuses_bad_input() {
    Person mia = bot.registered("mia_rq", "en", 0);
    Person ned = bot.registered("ned_rq", "en", 100_000);
    mia.send("/tagih @mia_rq 5000");
    mia.expect("cannot ask yourself");
    mia.send("/tagih @ned_rq -5");
    mia.expect("negative");
    mia.send("/tagih @ned_rq 99999999999");
    mia.skipAll();
    mia.send("/tagih @ned_rq 12000 first");
    mia.expect("Request <code>REQ-");
    long paidId = requestTo(ned);
    ned.send("/tagih @mia_rq 3000 back");
    ned.expect("Request <code>REQ-");
    mia.send("/tagih @ned_rq 13000 second");
    mia.expect("Request <code>REQ-");
    ned.press("rq:no:" + paidId, 1);
    ned.expect("You declined");
    mia.send("/tagih");
    Call list = mia.expect("Your requests");
    String text = list.text();
    assertTrue(text.indexOf(" · second · ") < text.indexOf(" · first · ") && text.indexOf(" · back · ") < text.indexOf(" · first · "), text);
    assertTrue(text.contains("📥") && text.contains("📤") && text.contains("declined"), text);
    assertTrue(list.buttonLabels().stream().anyMatch(l -> l.startsWith("💸 Pay REQ-")), list.buttonLabels().toString());
    assertTrue(list.buttonLabels().stream().anyMatch(l -> l.startsWith("✖️ Cancel REQ-")), list.buttonLabels().toString());
    mia.expect("Whom do you want to ask?");
    mia.send("@ned_rq");
    mia.expect("How much");
    mia.send("7000");
    mia.expect("Add a note");
    mia.send("step by step");
    mia.expect("Request <code>REQ-");
    assertEquals(1, bot.count("SELECT count(*) FROM payment_requests WHERE note = 'step by step' AND amount = 7000"));
  }
}
