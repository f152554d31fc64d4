package id.bizpro.bizcash.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /start, /help, /balance, /language, /cancel, unknown input and groups, over the real Bot API client. */
class ConversationBasicsTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  @Test
  void start_registers_the_user_and_greets_in_indonesian_with_balance_and_menu() {
    Person ani = bot.telegram.person(9001, "ani", "Ani", "id");
    ani.send("/start");
    Call hello = ani.expect("Halo Ani");
    assertTrue(hello.text().contains("Saldo kamu: <b>Rp 0</b>"), hello.text());
    assertTrue(hello.body().path("parse_mode").asText().equalsIgnoreCase("html"));
    assertTrue(hello.body().path("reply_markup").path("keyboard").toString().contains("💸 Kirim"));
    assertEquals(1, bot.count("SELECT count(*) FROM users WHERE telegram_id = 9001 AND username = 'ani'"));
  }

  @Test
  void an_english_telegram_user_is_answered_in_english() {
    Person bob = bot.telegram.person(9002, "bob_en", "Bob", "en");
    bob.send("/start");
    Call hello = bob.expect("Hi Bob, welcome");
    assertTrue(hello.text().contains("Your balance: <b>Rp 0</b>"));
    bob.send("/help");
    bob.expect("/transfer send BizCash");
    bob.send("/balance");
    bob.expect("No top-up orders");
  }

  @Test
  void usernames_are_refreshed_on_every_update() {
    Person cici = bot.telegram.person(9003, "cici_old", "Cici", "id");
    cici.send("/start");
    cici.expect("Halo Cici");
    Person renamed = bot.telegram.person(9003, "cici_new", "Cici", "id");
    renamed.skipAll();
    renamed.send("/balance");
    renamed.expect("Saldo kamu");
    assertEquals(1, bot.count("SELECT count(*) FROM users WHERE telegram_id = 9003 AND username = 'cici_new'"));
  }

  @Test
  void language_can_be_switched_with_a_button() {
    Person dedi = bot.telegram.person(9004, "dedi", "Dedi", "id");
    dedi.send("/language");
    Call ask = dedi.expect("Pilih bahasa");
    int press = dedi.press(ask, "English");
    dedi.expect("Language changed to English");
    assertTrue(dedi.expectAnswer(press).body().path("text").asText().contains("English"));
    dedi.send("/balance");
    dedi.expect("Your balance");
  }

  @Test
  void unknown_commands_stickers_and_stray_text_get_a_friendly_hint() {
    Person eka = bot.telegram.person(9005, "eka", "Eka", "id");
    eka.send("/terbang");
    eka.expect("Perintah /terbang tidak aku kenal");
    eka.sendMedia("sticker");
    eka.expect("Aku cuma bisa baca teks");
    eka.send("halo bot");
    eka.expect("Aku belum paham");
    eka.send("/cancel");
    eka.expect("Tidak ada langkah");
  }

  @Test
  void a_forged_callback_is_answered_and_changes_nothing() {
    Person fani = bot.telegram.person(9006, "fani", "Fani", "id");
    int press = fani.press("pa:ok:999999", 1);
    assertTrue(fani.expectAnswer(press).body().path("text").asText().contains("tidak berlaku"));
    int garbage = fani.press("%%%", 1);
    fani.expectAnswer(garbage);
  }

  @Test
  void in_a_group_the_bot_says_once_to_chat_privately() {
    Person gita = bot.telegram.person(9007, "gita", "Gita", "id");
    gita.sendInGroup(-100, "/balance");
    gita.sendInGroup(-100, "/start");
    Call notice = bot.telegram.await(c -> c.chatId() == -100, "the group notice");
    assertTrue(notice.text().contains("chat pribadi"), notice.text());
    gita.send("/help"); // a private message afterwards, to know the group updates were handled
    gita.expect("Yang bisa kamu lakukan");
    long groupMessages = bot.telegram.calls().stream().filter(c -> c.chatId() == -100).count();
    assertEquals(1, groupMessages);
    assertEquals(1, bot.count("SELECT count(*) FROM group_notices WHERE chat_id = -100"));
  }

  @Test
  void commands_are_registered_in_indonesian_and_english_at_start() {
    var menus = bot.telegram.calls().stream().filter(c -> c.method().equals("setmycommands")).toList();
    assertTrue(menus.stream().anyMatch(c -> c.body().path("language_code").asText().equals("id")
        && c.body().path("commands").toString().contains("Kirim BizCash")));
    assertTrue(menus.stream().anyMatch(c -> c.body().path("language_code").asText().equals("en")
        && c.body().path("commands").toString().contains("Send BizCash")));
  }
}
