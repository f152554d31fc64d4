package id.bizpro.bizcash.start;

import static id.bizpro.bizcash.telegram.InProcessBot.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.telegram.InProcessBot;
import id.bizpro.bizcash.telegram.InProcessChats.Chat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/**
 * /start, /help, /balance, /language, /cancel, unknown input and groups, in process (the
 * conversations as the application wires them, without the HTTP client; the command menus sent
 * at start-up are checked through long polling in {@code CommandMenuRegistrationTest}).
 */
class StartAndBasicsTest {
  @RegisterExtension static final InProcessBot bot = new InProcessBot();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void start_registers_the_user_and_greets_in_indonesian_with_balance_and_menu() {
    Chat ani = bot.person("ani", "Ani", "id");
    List<BotApiMethod<?>> replies = ani.send("/start");
    String hello = expect(replies, "Halo Ani");
    assertTrue(hello.contains("Saldo kamu: <b>Rp 0</b>"), hello);
    SendMessage greeting = (SendMessage) replies.stream().filter(r -> r instanceof SendMessage s && s.getText().contains("Halo Ani"))
        .findFirst().orElseThrow();
    assertTrue(greeting.getParseMode().equalsIgnoreCase("html"));
    JsonNode body = JSON.valueToTree(greeting);
    assertTrue(body.path("reply_markup").path("keyboard").toString().contains("💸 Kirim"), body.toString());
    assertEquals(1, bot.count("SELECT count(*) FROM users WHERE telegram_id = ? AND username = 'ani'", ani.telegramId()));
  }

  @Test
  void an_english_telegram_user_is_answered_in_english() {
    Chat bob = bot.person("bob_en", "Bob", "en");
    String hello = expect(bob.send("/start"), "Hi Bob, welcome");
    assertTrue(hello.contains("Your balance: <b>Rp 0</b>"));
    String help = expect(bob.send("/help"), "/transfer send BizCash");
    assertTrue(help.contains("/tagih ask another user to pay you") && help.contains("/link a payment link"), help);
    expect(bob.send("/balance"), "No top-up orders");
  }

  @Test
  void usernames_are_refreshed_on_every_update() {
    Chat cici = bot.person("cici_old", "Cici", "id");
    expect(cici.send("/start"), "Halo Cici");
    Chat renamed = bot.renamed(cici, "cici_new", "Cici", "id");
    expect(renamed.send("/balance"), "Saldo kamu");
    assertEquals(1, bot.count("SELECT count(*) FROM users WHERE telegram_id = ? AND username = 'cici_new'", cici.telegramId()));
  }

  @Test
  void language_can_be_switched_with_a_button() {
    Chat dedi = bot.person("dedi", "Dedi", "id");
    expect(dedi.send("/language"), "Pilih bahasa");
    List<BotApiMethod<?>> pressed = dedi.press("English");
    expect(pressed, "Language changed to English");
    AnswerCallbackQuery answer = (AnswerCallbackQuery) pressed.getLast();
    assertTrue(answer.getText().contains("English"), answer.getText());
    expect(dedi.send("/balance"), "Your balance");
  }

  @Test
  void unknown_commands_stickers_and_stray_text_get_a_friendly_hint() {
    Chat eka = bot.person("eka", "Eka", "id");
    expect(eka.send("/terbang"), "Perintah /terbang tidak aku kenal");
    expect(eka.sendSticker(), "Aku cuma bisa baca teks");
    expect(eka.send("halo bot"), "Aku belum paham");
    expect(eka.send("/cancel"), "Tidak ada langkah");
  }

  @Test
  void a_forged_callback_is_answered_and_changes_nothing() {
    Chat fani = bot.person("fani", "Fani", "id");
    List<BotApiMethod<?>> forged = fani.pressData("pa:ok:999999", 1);
    assertTrue(forged.getLast() instanceof AnswerCallbackQuery a && a.getText().contains("tidak berlaku"), forged.toString());
    List<BotApiMethod<?>> garbage = fani.pressData("%%%", 1);
    assertTrue(garbage.getLast() instanceof AnswerCallbackQuery, garbage.toString());
    assertEquals(0, bot.count("SELECT count(*) FROM transfers"));
  }

  @Test
  void in_a_group_the_bot_says_once_to_chat_privately() {
    Chat gita = bot.person("gita", "Gita", "id");
    List<BotApiMethod<?>> first = gita.sendInGroup(-100, "/balance");
    List<BotApiMethod<?>> second = gita.sendInGroup(-100, "/start");
    assertEquals(1, first.size() + second.size(), "one notice in the group, whatever is sent there");
    expect(first.isEmpty() ? second : first, "chat pribadi");
    assertEquals(1, bot.count("SELECT count(*) FROM group_notices WHERE chat_id = -100"));
  }

  @Test
  void a_payment_link_made_in_process_comes_with_its_qr_photo() {
    Chat hana = bot.person("hana", "Hana", "id");
    expect(hana.send("/start"), "Halo Hana");
    expect(hana.send("/link 150000 Desain logo"), "INV-");
    assertEquals(1, hana.photos().size(), "the QR code of the link");
  }
}
