package id.bizpro.bizcash.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /transfer end to end: recipient, amount, note, confirmation, PIN, receipt — and what goes wrong. */
class TransferFlowTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  /** Confirms the shown transfer and chooses (first time) or enters the PIN. */
  private static void confirmWithNewPin(Person p, Call confirmation, String pin) {
    p.press(confirmation, "Konfirmasi");
    p.expect("Buat PIN 6 angka");
    p.send(pin);
    p.expect("Ketik PIN yang sama");
    p.send(pin);
    p.expect("PIN tersimpan");
  }

  @Test
  void a_transfer_step_by_step_moves_the_money_once_with_a_new_pin_and_shows_a_receipt() {
    Person alice = bot.registered("alice", "id", 100_000);
    Person bob = bot.registered("bob", "id", 0);
    alice.send("/transfer");
    alice.expect("Kirim ke siapa?");
    alice.send("@bob");
    alice.expect("Berapa yang mau kamu kirim ke @bob? Saldo kamu Rp 100.000");
    alice.send("25rb");
    alice.expect("Tambahkan berita");
    alice.send("makan <siang>");
    Call confirm = alice.expect("Periksa dulu");
    assertTrue(confirm.text().contains("Rp 25.000") && confirm.text().contains("makan &lt;siang&gt;"), confirm.text());
    confirmWithNewPin(alice, confirm, "246819");
    Call receipt = alice.expect("Terkirim <b>Rp 25.000</b> ke @bob");
    assertTrue(receipt.text().contains("Saldo kamu sekarang Rp 75.000"), receipt.text());
    assertTrue(receipt.text().contains("<code>P2P-"), receipt.text());
    assertEquals(75_000, bot.balance(alice));
    assertEquals(25_000, bot.balance(bob));
    // The PIN messages were deleted, and the recipient's notification is queued in the outbox.
    bot.awaitQuiet(); // the deletions are sent after the receipt
    assertEquals(2, alice.mine().stream().filter(c -> c.method().equals("deletemessage")).count());
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received' AND chat_id = " + bob.id));
    assertEquals(1, bot.count("SELECT count(*) FROM user_pins p JOIN users u ON u.id = p.user_id WHERE u.telegram_id = "
        + alice.id + " AND p.hash <> convert_to('246819', 'UTF8')"));
  }

  @Test
  void the_one_line_form_works_in_english_and_a_double_tap_moves_money_once() {
    Person carol = bot.registered("carol", "en", 80_000);
    Person dave = bot.registered("dave", "en", 0);
    carol.send("/transfer @dave 30000 lunch");
    Call confirm = carol.expect("Please check");
    assertTrue(confirm.text().contains("Rp 30.000") && confirm.text().contains("lunch"));
    int first = carol.press(confirm.button("Confirm"), confirm.body().path("_message_id").asInt());
    int second = carol.press(confirm.button("Confirm"), confirm.body().path("_message_id").asInt());
    carol.expect("You have no PIN yet");
    carol.expectAnswer(first);
    carol.expectAnswer(second);
    carol.send("135790");
    carol.expect("same PIN once more");
    carol.send("135790");
    carol.expect("Sent <b>Rp 30.000</b> to @dave");
    // An old button pressed after the transfer does nothing either.
    int late = carol.press(confirm.button("Confirm"), confirm.body().path("_message_id").asInt());
    assertTrue(carol.expectAnswer(late).body().path("text").asText().contains("already done"));
    carol.send("/balance");
    carol.expect("Your balance: <b>Rp 50.000</b>");
    bot.awaitQuiet();
    assertEquals(1, carol.mine().stream().filter(c -> c.text().contains("Sent <b>Rp 30.000</b>")).count(), "one receipt");
    assertEquals(30_000, bot.balance(dave));
    assertEquals(1, bot.count("SELECT count(*) FROM transfers WHERE kind = 'p2p' AND amount = 30000"));
  }

  @Test
  void a_note_reaches_the_recipient_without_bidi_controls_or_invisible_characters() {
    Person gina = bot.registered("gina", "en", 50_000);
    bot.registered("hugo", "en", 0);
    gina.send("/transfer @hugo 10000 refund\u202E0001 pR\u200B");
    Call confirm = gina.expect("Please check");
    assertTrue(confirm.text().contains("refund0001 pR") && !confirm.text().contains("\u202E"), confirm.text());
    int press = gina.press(confirm.button("Confirm"), confirm.body().path("_message_id").asInt());
    gina.expectAnswer(press);
    gina.send("246813");
    gina.expect("same PIN once more");
    gina.send("246813");
    gina.expect("Sent <b>Rp 10.000</b> to @hugo");
    // What the recipient's notification, history and statements read: the stored note.
    assertEquals(1, bot.count("SELECT count(*) FROM transfers WHERE note = 'refund0001 pR'"));
    assertEquals(1, bot.count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received' AND params->>'note' = 'refund0001 pR'"));
    assertEquals(0, bot.count("SELECT count(*) FROM transfers WHERE note LIKE '%' || chr(8238) || '%'"));
  }

  @Test
  void bad_amounts_and_recipients_get_specific_answers_and_change_nothing() {
    Person eve = bot.registered("eve", "id", 20_000);
    Person frank = bot.registered("frank", "id", 0);
    // Frank lets others find him by name (a name search finds only such people).
    frank.send("/settings");
    frank.press(frank.expect("Pengaturan"), "🔎 Bisa dicari dengan nama: tidak");
    frank.expect("orang lain bisa menemukanmu");
    eve.send("/transfer");
    eve.expect("Kirim ke siapa?");
    eve.send("@eve");
    eve.expect("tidak bisa mengirim ke diri sendiri");
    eve.send("@nobody_here");
    eve.expect("belum memakai BizCash");
    eve.expect("https://t.me/BizCashTestBot?start=");
    eve.send("x".repeat(4096));
    eve.expect("terlalu panjang");
    eve.sendMedia("photo");
    eve.expect("butuh teks");
    eve.send("fran");
    Call pick = eve.expect("Pilih penerima");
    eve.press(pick, "@frank");
    eve.expect("Berapa yang mau kamu kirim ke @frank");
    eve.send("-5000");
    eve.expect("tidak boleh negatif");
    eve.send("0");
    eve.expect("lebih dari nol");
    eve.send("abc");
    eve.expect("bukan jumlah uang");
    eve.send("12,5");
    eve.expect("tidak pakai sen: kirim jumlah bulat, misalnya 12.");
    eve.send("99999999999999999999");
    eve.expect("terlalu panjang");
    eve.send("500");
    eve.expect("Minimal kirim Rp 1.000");
    eve.send("50000");
    eve.expect("Saldo kamu tidak cukup: saldo Rp 20.000, kamu mencoba mengirim Rp 50.000");
    eve.send("/cancel");
    eve.expect("dibatalkan");
    assertEquals(20_000, bot.balance(eve));
  }

  @Test
  void a_restart_between_two_steps_continues_where_the_user_was() {
    Person gina = bot.registered("gina", "id", 60_000);
    Person hadi = bot.registered("hadi", "id", 0);
    gina.send("/transfer @hadi");
    gina.expect("Berapa yang mau kamu kirim ke @hadi");
    bot.restart();
    gina.send("10000");
    Call skip = gina.expect("Tambahkan berita");
    gina.press(skip, "Lewati");
    Call confirm = gina.expect("Periksa dulu");
    confirmWithNewPin(gina, confirm, "581239");
    gina.expect("Terkirim <b>Rp 10.000</b> ke @hadi");
    assertEquals(10_000, bot.balance(hadi));
  }

  @Test
  void three_wrong_pins_lock_money_out_for_an_hour() {
    Person ika = bot.registered("ika", "id", 50_000);
    bot.registered("joko", "id", 0);
    ika.send("/transfer @joko 5000 tes");
    confirmWithNewPin(ika, ika.expect("Periksa dulu"), "731946");
    ika.expect("Terkirim");
    ika.send("/transfer @joko 5000");
    ika.expect("Tambahkan berita");
    ika.send("lagi");
    ika.press(ika.expect("Periksa dulu"), "Konfirmasi");
    ika.expect("Masukkan PIN 6 angka");
    ika.send("12ab");
    ika.expect("PIN harus 6 angka");
    ika.send("222222");
    ika.expect("Sisa percobaan: 2");
    ika.send("333333");
    ika.expect("Sisa percobaan: 1");
    ika.send("444444");
    Call locked = ika.expect("dikunci sampai");
    assertTrue(locked.text().matches("(?s).*\\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2} WIB.*"), locked.text());
    ika.send("/transfer @joko 5000");
    ika.expect("dikunci sampai");
    assertEquals(45_000, bot.balance(ika));
  }

  @Test
  void two_chats_are_served_at_the_same_time() {
    Person kiki = bot.registered("kiki", "id", 10_000);
    Person lala = bot.registered("lala", "en", 10_000);
    kiki.send("/balance");
    lala.send("/balance");
    kiki.send("/transfer @lala");
    lala.send("/transfer @kiki");
    kiki.expect("Saldo kamu: <b>Rp 10.000</b>");
    lala.expect("Your balance: <b>Rp 10.000</b>");
    kiki.expect("Berapa yang mau kamu kirim ke @lala");
    lala.expect("How much do you want to send to @kiki");
  }
}
