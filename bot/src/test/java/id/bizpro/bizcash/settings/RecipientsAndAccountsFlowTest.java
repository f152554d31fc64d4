package id.bizpro.bizcash.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.notify.NotificationRenderer;
import java.time.Clock;
import java.time.Duration;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.WalletMoves;
import id.bizpro.bizcash.user.Language;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recipients and bank accounts, safely: a search needs three characters and finds only people who
 * allow it or who dealt with the sender (an exact username always works); the confirmation names
 * the recipient beside the username; adding or removing a bank account shows the number in full,
 * asks the PIN, is refused while money-out is locked, and is notified.
 */
class RecipientsAndAccountsFlowTest {
  // Many updates in a row from one user: a rate window that does not get in the way.
  @RegisterExtension static final BotHarness bot = new BotHarness(MoneyRules.defaults().withAbuse(
      new AbuseLimits(1_000, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000))), Clock.systemUTC());
  static final WalletMoves moves = new WalletMoves(bot);
  static final NotificationRenderer renderer = new NotificationRenderer();
  static final ObjectMapper JSON = new ObjectMapper();

  static List<String> notifications(Person p, String kind, Language language) {
    return bot.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT params::text FROM outbox WHERE chat_id = :c AND kind = :k ORDER BY id")
        .bind("c", p.id).bind("k", kind)
        .mapTo(String.class)
        .list()).stream().map(params -> {
          try {
            return renderer.render(kind, JSON.readValue(params, new TypeReference<Map<String, Object>>() {}), language);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }).toList();
  }

  @Test
  void a_search_needs_three_characters_and_finds_only_findable_people_or_those_dealt_with_in_both_languages() {
    Person ani = bot.registered("ani", "id", 50_000);
    Person bo = bot.registered("bo", "id"); // a two-letter username
    Person dewi = bot.registered("dewi_l", "id");
    Person kiki = bot.registered("kiki_w", "en", 20_000);

    ani.send("/transfer");
    ani.expect("Kirim ke siapa?");
    ani.send("de");
    ani.expect("minimal 3 huruf");
    ani.send("@bo"); // an exact username always works, however short
    ani.expect("Berapa yang mau kamu kirim ke @bo?");
    ani.send("/cancel");

    // Dewi has not allowed name search and never dealt with Ani: not found by name.
    ani.send("/transfer Namedewi");
    Call none = ani.expect("Pencarian nama hanya menemukan orang yang mengizinkannya");
    assertTrue(none.text().contains("Username lengkap selalu bisa"), none.text());
    dewi.send("/settings");
    Call menu = dewi.expect("Pengaturan");
    assertTrue(menu.buttonLabels().contains("🔎 Bisa dicari dengan nama: tidak"), menu.buttonLabels().toString());
    dewi.press(menu, "🔎 Bisa dicari dengan nama: tidak");
    dewi.expect("orang lain bisa menemukanmu dengan nama");
    ani.send("/transfer Namedewi");
    assertEquals(List.of("@dewi_l · Namedewi_l"), ani.expect("Pilih penerima").buttonLabels());
    ani.send("/cancel");

    // Kiki (English) is not findable either, but once Ani sent her money, Ani finds her by name.
    kiki.send("/transfer nameani");
    kiki.expect("A name search only finds people who allow it");
    kiki.send("/transfer ab");
    kiki.expect("at least 3 characters");
    moves.transfer(ani, kiki, 1_000, "halo");
    kiki.send("/transfer nameani");
    assertEquals(List.of("@ani · Nameani"), kiki.expect("Pick the recipient").buttonLabels());
    kiki.send("/cancel");
    ani.send("/transfer kiki_");
    assertEquals(List.of("@kiki_w · Namekiki_w"), ani.expect("Pilih penerima").buttonLabels(), "and the other way round");
    ani.send("/cancel");
  }

  @Test
  void the_confirmation_names_the_recipient_beside_the_username_and_has_no_empty_note_line() {
    Person tia = bot.registered("tia", "en", 50_000);
    bot.registered("dewa", "en");
    tia.send("/transfer @dewa 5000");
    tia.press(tia.expect("Add a note"), "Skip note");
    Call card = tia.expect("Please check");
    assertEquals("Please check:\nTo: @dewa · Namedewa\nAmount: <b>Rp 5.000</b>\nFee: Rp 0", card.text());
    tia.press(card, "Confirm");
    tia.send("604815");
    tia.send("604815");
    Call receipt = tia.expect("Sent <b>Rp 5.000</b> to @dewa");
    assertTrue(receipt.text().startsWith("✅ Sent <b>Rp 5.000</b> to @dewa\nYour balance is now Rp 45.000"), "no note line: " + receipt.text());
    Person uli = bot.registered("uli", "id", 50_000);
    uli.send("/transfer @dewa 5000 pulsa");
    Call withNote = uli.expect("Periksa dulu");
    assertEquals("Periksa dulu ya:\nPenerima: @dewa · Namedewa\nJumlah: <b>Rp 5.000</b>\nBiaya: Rp 0\nBerita: pulsa", withNote.text());
  }

  @Test
  void adding_and_removing_a_bank_account_asks_the_pin_is_refused_while_money_out_is_locked_and_is_notified() {
    Person rudi = bot.registered("rudi", "id", 100_000);
    bot.registered("sita", "id");
    // Rudi sets his PIN on a first transfer.
    rudi.send("/transfer @sita 1000 awal");
    rudi.press(rudi.expect("Periksa dulu"), "Konfirmasi");
    rudi.send("502718");
    rudi.send("502718");
    rudi.expect("Terkirim");

    rudi.send("/settings");
    rudi.press(rudi.expect("Pengaturan"), "Rekening bank");
    rudi.press(rudi.expect("Belum ada rekening"), "Tambah rekening");
    rudi.press(rudi.expect("Pilih bank"), "BNI");
    rudi.send("0987 6543 21");
    rudi.expect("Nama pemilik");
    rudi.send("Rudi Hartono");
    Call check = rudi.expect("rekening yang akan disimpan");
    assertTrue(check.text().contains("Nomor: <b><code>0987654321</code></b>") && check.text().contains("Rudi Hartono"), check.text());
    rudi.press(check, "Konfirmasi");
    rudi.expect("Masukkan PIN 6 angka");
    rudi.send("111112");
    rudi.expect("PIN salah");
    assertEquals(0, bot.count("SELECT count(*) FROM bank_accounts WHERE account_number = '0987654321'"), "nothing saved yet");
    rudi.send("502718");
    rudi.expect("Rekening BNI ••••4321 a.n. Rudi Hartono tersimpan");
    assertEquals(List.of("🏦 Rekening BNI ••••4321 a.n. Rudi Hartono disimpan di BizCash kamu.\nBukan kamu? Segera hubungi tim BizPro."),
        notifications(rudi, "bank_account_added", Language.ID));

    // Locked out by wrong PINs: neither adding nor removing goes on.
    rudi.send("/transfer @sita 1000");
    rudi.press(rudi.expect("Tambahkan berita"), "Lewati");
    rudi.press(rudi.expect("Periksa dulu"), "Konfirmasi");
    rudi.send("111113");
    rudi.send("111114");
    rudi.send("111115");
    rudi.expect("dikunci sampai");
    rudi.send("/settings");
    rudi.press(rudi.expect("Pengaturan"), "Rekening bank");
    Call list = rudi.expect("Rekening bank kamu");
    rudi.press(list, "Tambah rekening");
    rudi.expect("dikunci sampai");
    rudi.press(list, "Hapus BNI ••••4321 a.n. Rudi Hartono");
    rudi.expect("dikunci sampai");
    assertEquals(1, bot.count("SELECT count(*) FROM bank_accounts WHERE account_number = '0987654321' AND removed_at IS NULL"));

    // Once the lock is over, removing asks for the PIN and is notified.
    bot.db.jdbi().useHandle(h -> h.execute("UPDATE user_pins SET locked_until = now() - interval '1 second' WHERE user_id = ?",
        bot.userId(rudi)));
    rudi.press(list, "Hapus BNI ••••4321 a.n. Rudi Hartono");
    Call remove = rudi.expect("Hapus rekening ini?");
    assertTrue(remove.text().contains("<code>0987654321</code>"), remove.text());
    rudi.press(remove, "Konfirmasi");
    rudi.expect("Masukkan PIN 6 angka");
    rudi.send("502718");
    rudi.expect("Rekening dihapus");
    assertEquals(0, bot.count("SELECT count(*) FROM bank_accounts WHERE account_number = '0987654321' AND removed_at IS NULL"));
    assertEquals(List.of("🏦 Rekening BNI ••••4321 dihapus dari BizCash kamu.\nBukan kamu? Segera hubungi tim BizPro."),
        notifications(rudi, "bank_account_removed", Language.ID));
    assertFalse(notifications(rudi, "bank_account_removed", Language.EN).get(0).contains("Rekening"));
  }
}
