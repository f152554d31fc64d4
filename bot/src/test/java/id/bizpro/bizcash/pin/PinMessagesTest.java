package id.bizpro.bizcash.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message that carries a PIN leaves the chat whatever happens: typed at the prompt (right,
 * wrong, locked out, expired, the turn failing in the database) or where no step waits for it; and
 * a six-digit amount where a step wants an amount is never taken for a PIN.
 */
class PinMessagesTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  /** Sends {@code text} and returns the id of the message it was sent as. */
  private static int type(Person p, String text) {
    p.send(text);
    return p.lastMessageId();
  }

  /** Waits until Telegram was asked to delete message {@code messageId} of {@code p}'s chat. */
  private static void assertDeleted(Person p, int messageId) {
    bot.telegram.await(c -> isDeletion(c, p, messageId), "the deletion of message " + messageId + " in chat " + p.id);
  }

  /** Whether a deletion was asked for; meaningful once a reply sent after it has arrived. */
  private static boolean deleted(Person p, int messageId) {
    return p.mine().stream().anyMatch(c -> isDeletion(c, p, messageId));
  }

  private static boolean isDeletion(Call c, Person p, int messageId) {
    return c.method().equals("deletemessage") && c.chatId() == p.id && c.body().path("message_id").asInt() == messageId;
  }

  /** Makes every update of {@code chatId} fail in the database before its step sees it. */
  private static void failConversation(long chatId) {
    bot.db.jdbi().useHandle(h -> {
      h.execute("CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected by test'; END $$");
      h.execute("CREATE TRIGGER test_fail_conversation BEFORE INSERT ON conversations FOR EACH ROW WHEN (NEW.chat_id = "
          + chatId + ") EXECUTE FUNCTION test_fail()");
    });
  }

  /** Makes checking the PIN of {@code userId} fail in the database, inside the PIN step. */
  private static void failPinCheck(long userId) {
    bot.db.jdbi().useHandle(h -> {
      h.execute("CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected by test'; END $$");
      h.execute("CREATE TRIGGER test_fail_pin BEFORE UPDATE ON user_pins FOR EACH ROW WHEN (NEW.user_id = "
          + userId + ") EXECUTE FUNCTION test_fail()");
    });
  }

  private static void healDatabase() {
    bot.db.jdbi().useHandle(h -> {
      h.execute("DROP TRIGGER IF EXISTS test_fail_conversation ON conversations");
      h.execute("DROP TRIGGER IF EXISTS test_fail_pin ON user_pins");
    });
  }

  private static void confirmTransfer(Person p, String command) {
    p.send(command);
    p.press(p.expect("Periksa dulu"), "Konfirmasi");
  }

  @Test
  void a_pin_typed_at_the_prompt_is_deleted_when_right_wrong_expired_locked_out_or_when_the_turn_fails() {
    Person ani = bot.registered("ani", "id", 100_000);
    bot.registered("beni", "id", 0);
    confirmTransfer(ani, "/transfer @beni 5000 satu");
    ani.expect("Buat PIN 6 angka");
    int chosen = type(ani, "480726");
    ani.expect("Ketik PIN yang sama");
    assertDeleted(ani, chosen);
    int repeated = type(ani, "480726");
    ani.expect("Terkirim <b>Rp 5.000</b> ke @beni");
    assertDeleted(ani, repeated);

    // Right PIN, but the confirmation expired while the prompt waited.
    confirmTransfer(ani, "/transfer @beni 5000 dua");
    ani.expect("Masukkan PIN 6 angka");
    bot.db.jdbi().useHandle(h -> h.execute(
        "UPDATE pending_actions SET expires_at = now() - interval '1 minute' WHERE status = 'PENDING' AND user_id = ?",
        bot.userId(ani)));
    int late = type(ani, "480726");
    ani.expect("sudah kedaluwarsa");
    assertDeleted(ani, late);

    confirmTransfer(ani, "/transfer @beni 5000 tiga");
    ani.expect("Masukkan PIN 6 angka");
    int wrong = type(ani, "222222");
    ani.expect("Sisa percobaan: 2");
    assertDeleted(ani, wrong);

    // The database fails inside the PIN step: the turn rolls back, the PIN still leaves the chat.
    failPinCheck(bot.userId(ani));
    int failedInStep = type(ani, "480726");
    ani.expect("Maaf, ada gangguan");
    assertDeleted(ani, failedInStep);
    healDatabase();

    // The database fails before any step could see the message: what looks like a PIN goes, the
    // rest stays.
    failConversation(ani.id);
    int failedEarly = type(ani, "111 111");
    ani.expect("Maaf, ada gangguan");
    assertDeleted(ani, failedEarly);
    int words = type(ani, "halo");
    ani.expect("Maaf, ada gangguan");
    healDatabase();

    // The prompt survived the failures (they changed nothing); two more wrong PINs lock money out.
    int wrongAgain = type(ani, "333333");
    ani.expect("Sisa percobaan: 1");
    assertDeleted(ani, wrongAgain);
    int locking = type(ani, "444444");
    ani.expect("dikunci sampai");
    assertDeleted(ani, locking);
    assertFalse(deleted(ani, words), "a failed turn deletes only what looks like a PIN");
    assertEquals(95_000, bot.balance(ani));
  }

  @Test
  void a_pin_sent_where_no_step_wants_it_is_deleted_and_the_user_is_told_why() {
    Person cara = bot.registered("cara", "en", 50_000);
    bot.registered("dedi", "en", 0);
    cara.send("/transfer @dedi 1000 first");
    cara.press(cara.expect("Please check"), "Confirm");
    cara.expect("You have no PIN yet");
    cara.send("135790");
    cara.expect("same PIN once more");
    cara.send("135790");
    cara.expect("Sent <b>Rp 1.000</b> to @dedi");

    // No flow at all, typed with spaces.
    int idle = type(cara, "135 790");
    cara.expect("I deleted your message for your safety: it looks like a PIN");
    assertDeleted(cara, idle);

    // As the note: deleted, never used as the note, and the step still waits for one.
    cara.send("/transfer @dedi 2000");
    cara.expect("Add a note");
    int asNote = type(cara, "135790");
    cara.expect("Carry on with your step, or /cancel");
    assertDeleted(cara, asNote);
    cara.send("rent");
    Call confirm = cara.expect("Please check");
    assertTrue(confirm.text().contains("rent") && !confirm.text().contains("135790"), confirm.text());

    // At the confirmation, before Confirm was tapped: deleted, and Confirm still works.
    int early = type(cara, "135790");
    cara.expect("it looks like a PIN");
    assertDeleted(cara, early);
    cara.press(confirm, "Confirm");
    cara.expect("Enter your 6-digit PIN");
    cara.send("135790");
    cara.expect("Sent <b>Rp 2.000</b> to @dedi");
    assertEquals(47_000, bot.balance(cara));

    // Someone without a PIN has nothing to leak: six digits get the ordinary answer.
    Person edo = bot.registered("edo", "en", 0);
    int digits = type(edo, "123456");
    edo.expect("I didn't get that");
    assertFalse(deleted(edo, digits));
  }

  @Test
  void six_digits_are_an_amount_where_a_step_wants_an_amount_and_a_deleted_pin_anywhere_else() {
    Person fajar = bot.registered("fajar", "id", 300_000);
    bot.registered("gita", "id", 0);
    // Fajar's PIN is 100000, exactly the amount he is about to type.
    confirmTransfer(fajar, "/transfer @gita 1000 pin");
    fajar.expect("Buat PIN 6 angka");
    fajar.send("100000");
    fajar.expect("Ketik PIN yang sama");
    fajar.send("100000");
    fajar.expect("Terkirim <b>Rp 1.000</b>");

    fajar.send("/topup");
    fajar.expect("Mau isi berapa?");
    int topUp = type(fajar, "100000");
    Call order = fajar.expect("Order top-up <code>TOP-");
    assertTrue(order.text().contains("Nominal: Rp 100.000"), order.text());

    fajar.send("/transfer @gita");
    fajar.expect("Berapa yang mau kamu kirim ke @gita");
    int transfer = type(fajar, "100000");
    fajar.expect("Tambahkan berita");
    fajar.send("/cancel");
    fajar.expect("dibatalkan");

    int idle = type(fajar, "100000");
    fajar.expect("Pesanmu aku hapus demi keamanan karena mirip PIN");
    assertDeleted(fajar, idle);
    assertFalse(deleted(fajar, topUp), "the top-up amount stays");
    assertFalse(deleted(fajar, transfer), "the transfer amount stays");
  }
}
