package id.bizpro.bizcash.inline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sending from any chat through the real TelegramBots client: inline query → answerInlineQuery
 * with the card; the sender confirms through the deep link with the PIN (the money is held); the
 * first other claimer gets it once under a race; the sender cannot claim; unclaimed, it returns.
 */
class InlineFlowTest {
  static final MovableClock clock = new MovableClock();
  @RegisterExtension static final BotHarness bot = new BotHarness(MoneyRules.defaults(), clock);

  private static Call answerTo(int updateId) {
    return bot.telegram.await(c -> c.method().equals("answerinlinequery")
        && c.body().path("inline_query_id").asText().equals("iq" + updateId), "the answer to inline query " + updateId);
  }

  private static String claimCode(JsonNode result) {
    for (JsonNode row : result.path("reply_markup").path("inline_keyboard")) {
      for (JsonNode b : row) {
        if (b.path("callback_data").asText().startsWith("in:cl:")) {
          return b.path("callback_data").asText().substring("in:cl:".length());
        }
      }
    }
    throw new AssertionError("no claim button in " + result);
  }

  private static String toast(Person p, int update) {
    return p.expectAnswer(update).body().path("text").asText();
  }

  /** Offers, posts and confirms a card of {@code amount}; returns its code. */
  private static String confirmedCard(Person sender, String query, String inlineMessageId, String pin, boolean newPin) {
    int q = sender.inlineQuery(query);
    JsonNode result = answerTo(q).body().path("results").get(0);
    String code = result.path("id").asText();
    sender.chooseInline(code, inlineMessageId, query);
    sender.send("/start inl_" + code);
    Call confirm = sender.expect("Kirim lewat chat");
    sender.press(confirm, "Konfirmasi");
    if (newPin) {
      sender.expect("Buat PIN 6 angka");
      sender.send(pin);
      sender.expect("Ketik PIN yang sama");
    } else {
      sender.expect("PIN");
    }
    sender.send(pin);
    sender.expect("ditahan untuk kiriman");
    return code;
  }

  @Test
  void a_card_is_offered_confirmed_with_the_pin_and_one_of_two_racing_claimers_gets_it_once() {
    Person alice = bot.registered("alice_in", "id", 100_000);
    Person bob = bot.registered("bob_in", "id", 0);
    Person carol = bot.registered("carol_in", "id", 0);

    int q = alice.inlineQuery("50000 makan <siang>");
    Call answer = answerTo(q);
    assertEquals(0, answer.body().path("cache_time").asInt());
    assertTrue(answer.body().path("is_personal").asBoolean());
    JsonNode result = answer.body().path("results").get(0);
    assertEquals("article", result.path("type").asText());
    assertEquals("Kirim Rp 50.000 · makan <siang>", result.path("title").asText());
    String card = result.path("input_message_content").path("message_text").asText();
    assertTrue(card.contains("@alice_in mengirim <b>Rp 50.000</b> · makan &lt;siang&gt;"), card);
    assertFalse(card.contains("100.000") || card.toLowerCase().contains("saldo"), "no balance on a card others see");
    String code = claimCode(result);
    assertEquals(code, result.path("id").asText());
    assertTrue(result.toString().contains("https://t.me/BizCashTestBot?start=inl_" + code), result.toString());
    alice.chooseInline(code, "IM-alice-1", "50000 makan <siang>");

    // Before the sender confirms, nobody can claim, and nothing is held.
    assertTrue(toast(bob, bob.pressInline("in:cl:" + code, "IM-alice-1")).contains("belum mengonfirmasi"));
    bot.awaitQuiet();
    assertEquals(100_000, bot.balance(alice));

    alice.send("/start inl_" + code);
    Call confirm = alice.expect("Kirim lewat chat: <b>Rp 50.000</b>");
    alice.press(confirm, "Konfirmasi");
    alice.expect("Buat PIN 6 angka");
    alice.send("507381");
    alice.expect("Ketik PIN yang sama");
    alice.send("507381");
    alice.expect("<b>Rp 50.000</b> ditahan untuk kiriman <code>ILN-" + code + "</code>");
    assertEquals(50_000, bot.balance(alice));
    Call claimable = bot.telegram.await(c -> c.method().equals("editmessagetext")
        && c.body().path("inline_message_id").asText().equals("IM-alice-1") && c.text().contains("Siap diklaim"), "the card made claimable");
    assertFalse(claimable.text().contains("Rp 100.000"));

    assertTrue(toast(alice, alice.pressInline("in:cl:" + code, "IM-alice-1")).contains("tidak bisa mengklaim kirimanmu sendiri"));
    int bobPress = bob.pressInline("in:cl:" + code, "IM-alice-1");
    int carolPress = carol.pressInline("in:cl:" + code, "IM-alice-1");
    String bobToast = toast(bob, bobPress);
    String carolToast = toast(carol, carolPress);
    bot.awaitQuiet();
    assertEquals(1, (bobToast.contains("Kamu menerima Rp 50.000") ? 1 : 0) + (carolToast.contains("Kamu menerima Rp 50.000") ? 1 : 0),
        bobToast + " / " + carolToast);
    assertTrue(bobToast.contains("sudah diklaim") || carolToast.contains("sudah diklaim"), bobToast + " / " + carolToast);
    assertEquals(50_000, bot.balance(bob) + bot.balance(carol));
    assertEquals(50_000, bot.balance(alice));
    String winner = bot.balance(bob) == 50_000 ? "@bob_in" : "@carol_in";
    bot.telegram.await(c -> c.method().equals("editmessagetext") && c.body().path("inline_message_id").asText().equals("IM-alice-1")
        && c.text().contains("Diklaim oleh " + winner), "the card edited to name the claimer");
    assertEquals(1, bot.count("SELECT count(*) FROM transfers WHERE kind = 'inline_claim'"));
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'inline_claimed' AND chat_id = " + alice.id));
    // A late claim after it was taken changes nothing.
    Person dave = bot.registered("dave_in", "id", 0);
    assertTrue(toast(dave, dave.pressInline("in:cl:" + code, "IM-alice-1")).contains("sudah diklaim"));
    bot.awaitQuiet();
    assertEquals(0, bot.balance(dave));
    // The history of both names it.
    alice.send("/history");
    alice.expect("Kirim lewat chat <code>ILN-" + code + "</code>");
  }

  @Test
  void an_unclaimed_card_returns_the_money_after_24_hours_and_a_cancelled_one_at_once() {
    Person erin = bot.registered("erin_in", "en", 100_000);
    Person frank = bot.registered("frank_in", "en", 0);
    int q = erin.inlineQuery("20000 coffee");
    String code = answerTo(q).body().path("results").get(0).path("id").asText();
    erin.send("/start inl_" + code);
    erin.press(erin.expect("Send in a chat: <b>Rp 20.000</b>"), "Confirm");
    erin.expect("no PIN yet");
    erin.send("445566");
    erin.expect("same PIN once more");
    erin.send("445566");
    Call held = erin.expect("held for send");
    assertEquals(80_000, bot.balance(erin));

    clock.advance(Duration.ofHours(24).plusSeconds(1));
    assertEquals(1, bot.services.inlineSends().returnDue(100));
    assertEquals(100_000, bot.balance(erin));
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'inline_returned' AND chat_id = " + erin.id));
    assertTrue(toast(frank, frank.pressInline("in:cl:" + code, "IM-erin-1")).contains("no longer valid"));
    bot.awaitQuiet();
    assertEquals(0, bot.balance(frank));
    assertEquals(0, bot.services.inlineSends().returnDue(100), "returned once");

    // A second send, cancelled by its sender from the private chat: back at once.
    int q2 = erin.inlineQuery("15000 snack");
    String second = answerTo(q2).body().path("results").get(0).path("id").asText();
    erin.send("/start inl_" + second);
    erin.press(erin.expect("Send in a chat: <b>Rp 15.000</b>"), "Confirm");
    erin.expect("PIN");
    erin.send("445566");
    Call receipt = erin.expect("held for send");
    assertEquals(85_000, bot.balance(erin));
    erin.press(receipt, "Cancel the send");
    erin.expect("cancelled. The held money is back");
    assertEquals(100_000, bot.balance(erin));
    assertTrue(toast(frank, frank.pressInline("in:cl:" + second, "IM-erin-2")).contains("no longer valid"));
    // Someone else opening the deep link cannot confirm it.
    frank.send("/start inl_" + second);
    frank.expect("not yours");
    assertTrue(held.text().contains("Rp 20.000"));
  }

  @Test
  void bad_queries_get_a_hint_and_the_bot_asks_telegram_for_inline_updates() {
    Person gina = bot.registered("gina_in", "id", 10_000);
    Call hint = answerTo(gina.inlineQuery("makan siang"));
    assertEquals(0, hint.body().path("results").size());
    assertTrue(hint.body().path("button").path("text").asText().contains("Ketik jumlah"), hint.body().toString());
    assertEquals(0, answerTo(gina.inlineQuery("10")).body().path("results").size(), "below the transfer minimum");
    bot.awaitQuiet();
    assertEquals(0, bot.count("SELECT count(*) FROM inline_sends s JOIN users u ON u.id = s.sender_id WHERE u.telegram_id = " + gina.id));
    boolean asked = bot.telegram.wireMock().getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().toLowerCase().contains("getupdates"))
        .anyMatch(e -> e.getRequest().getBodyAsString().contains("inline_query")
            && e.getRequest().getBodyAsString().contains("chosen_inline_result"));
    assertTrue(asked, "getUpdates asks for inline_query and chosen_inline_result");
  }
}
