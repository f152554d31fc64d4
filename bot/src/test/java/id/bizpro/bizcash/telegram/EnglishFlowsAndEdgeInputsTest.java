package id.bizpro.bizcash.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The money-out flows in English, non-text input where text is expected, a 4096-character message
 * at an amount step, and an update Telegram delivers twice.
 */
class EnglishFlowsAndEdgeInputsTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  @Test
  void a_withdrawal_in_english_adds_an_account_and_holds_amount_and_fee() {
    Person fay = bot.registered("fay", "en");
    bot.fund(fay, 200_000);
    fay.send("/withdraw");
    Call pick = fay.expect("no saved bank account");
    fay.press(pick, "Add");
    Call banks = fay.expect("Pick a bank");
    fay.press(banks, "BRI");
    fay.expect("account number");
    fay.send("0021 0100 1234 567");
    fay.expect("holder");
    fay.send("Fay Kusuma");
    Call added = fay.expect("not liable");
    assertTrue(added.text().contains("BizPro") && added.text().contains("<code>002101001234567</code>"), added.text());
    fay.press(added, "Confirm");
    fay.expect("PIN");
    fay.send("864200");
    fay.send("864200");
    fay.expect("How much do you want to withdraw");
    fay.send("75rb");
    Call confirm = fay.expect("Total from balance: <b>Rp 83.000</b>");
    assertTrue(confirm.text().contains("You receive: <b>Rp 75.000</b>"), confirm.text());
    fay.press(confirm, "Confirm");
    fay.expect("Enter your 6-digit PIN");
    fay.send("864200");
    Call receipt = fay.expect("Withdrawal <code>WD-");
    assertTrue(receipt.text().contains("Your balance is now Rp 117.000"), receipt.text());
    assertEquals(117_000, bot.balance(fay));
  }

  @Test
  void a_top_up_order_in_english_shows_the_breakdown_and_total() {
    Person gus = bot.registered("gus", "en");
    gus.send("/topup");
    Call ask = gus.expect("How much?");
    assertEquals(java.util.List.of("50k", "100k", "250k", "500k", "1M"), ask.buttonLabels(), "no Indonesian words for English users");
    gus.press(ask, "100k");
    Call order = gus.expect("Top-up order <code>TOP-");
    assertTrue(order.text().contains("\nFee: Rp 6.000\n"), order.text());
    assertTrue(order.text().contains("Transfer to BCA <code>8830012345</code>"), order.text());
    assertTrue(order.text().contains("Pay exactly the total before"), order.text());
  }

  @Test
  void stickers_voice_notes_and_files_at_an_amount_step_are_refused_and_the_flow_waits() {
    Person hana = bot.registered("hana", "en");
    bot.fund(hana, 50_000);
    bot.registered("ivan", "en");
    hana.send("/transfer");
    hana.expect("Who");
    hana.send("@ivan");
    hana.expect("How much");
    for (String kind : new String[] {"voice", "document", "photo"}) {
      hana.sendMedia(kind);
      hana.expect("At this step I need text");
    }
    hana.send("x".repeat(4096));
    hana.expect("That number is too long");
    hana.send("10000");
    hana.expect("note");
    hana.send("/cancel");
    assertEquals(50_000, bot.balance(hana));
  }

  @Test
  void an_update_delivered_twice_is_handled_once() throws Exception {
    Person jo = bot.registered("jo", "en");
    String raw =
        """
        {"update_id": 987654, "message": {"message_id": 5, "date": 1764140000,
         "chat": {"id": %d, "type": "private"},
         "from": {"id": %d, "is_bot": false, "first_name": "Jo", "username": "jo", "language_code": "en"},
         "text": "/balance"}}
        """.formatted(jo.id, jo.id);
    Update update = new ObjectMapper().readValue(raw, Update.class);
    jo.skipAll();

    bot.handle(update);
    bot.handle(update);

    jo.expect("Your balance:");
    bot.awaitQuiet();
    long balanceReplies = jo.mine().stream()
        .filter(c -> c.method().equals("sendmessage") && c.text().contains("Your balance:")).count();
    assertEquals(2, balanceReplies, "one for /start's greeting, one for the single handled /balance");
    assertEquals(1, bot.count("SELECT count(*) FROM processed_updates WHERE update_id = 987654"));
  }
}
