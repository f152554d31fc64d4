package id.bizpro.bizcash.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.user.Language;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /topup, /withdraw, /settings and /history end to end. */
class MoneyFlowsTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  private static String reference(Call c, String prefix) {
    Matcher m = Pattern.compile(prefix + "-[A-Z0-9]{6}").matcher(c.text());
    assertTrue(m.find(), c.text());
    return m.group();
  }

  @Test
  void a_top_up_order_shows_the_total_and_bank_and_is_credited_when_paid() {
    Person budi = bot.registered("budi", "id");
    budi.send("/topup");
    Call ask = budi.expect("Mau isi berapa?");
    budi.press(ask, "100rb");
    Call order = budi.expect("Order top-up <code>TOP-");
    assertTrue(order.text().contains("Nominal: Rp 100.000\nBiaya: Rp 6.000\n"), order.text());
    assertTrue(order.text().contains("BCA <code>8830012345</code>") && order.text().contains("WIB"), order.text());
    String ref = reference(order, "TOP");
    var open = new TopUpOrders(bot.db.jdbi(), new id.bizpro.bizcash.ledger.Ledger(bot.db.jdbi(), bot.rules.ledgerLimits()), bot.rules,
        Clock.systemUTC()).byReference(ref).orElseThrow();
    assertTrue(order.text().contains("<code>" + open.total().plain() + "</code>"));
    budi.press(order, "Cek status");
    budi.expect("masih menunggu pembayaran");
    new TopUpOrders(bot.db.jdbi(), new id.bizpro.bizcash.ledger.Ledger(bot.db.jdbi(), bot.rules.ledgerLimits()), bot.rules,
        Clock.systemUTC()).pay(ref, new TopUpOrders.Payment("test", java.util.Optional.of("test-1"), open.total(),
            java.util.Optional.empty()));
    budi.press(order, "Cek status");
    budi.expect("sudah dibayar");
    assertEquals(open.credited().rupiah(), bot.balance(budi));
  }

  @Test
  void top_up_refuses_bad_amounts_and_a_fourth_open_order_and_can_cancel() {
    Person cinta = bot.registered("cinta", "en");
    cinta.send("/topup 5000");
    cinta.expect("minimum top-up is Rp 10.000");
    cinta.send("20jt");
    cinta.expect("maximum top-up is Rp 10.000.000");
    cinta.send("abc");
    cinta.expect("not an amount");
    cinta.send("50000");
    Call first = cinta.expect("Top-up order <code>TOP-");
    cinta.send("/topup 60000");
    cinta.expect("Top-up order");
    cinta.send("/topup 70000");
    cinta.expect("Top-up order");
    cinta.send("/topup 80000");
    cinta.expect("already have 3 top-up orders");
    cinta.press(first, "Cancel order");
    cinta.expect("is cancelled");
    cinta.send("/balance");
    cinta.expect("Top-up orders waiting for payment: 2");
  }

  @Test
  void a_withdrawal_adds_an_account_holds_amount_and_fee_and_gives_a_wd_reference() {
    Person dewi = bot.registered("dewi", "id");
    bot.fund(dewi, 200_000);
    dewi.send("/withdraw");
    Call pick = dewi.expect("belum punya rekening");
    dewi.press(pick, "Tambah rekening");
    Call banks = dewi.expect("Pilih bank");
    dewi.press(banks, "BCA");
    dewi.expect("Nomor rekening BCA");
    dewi.send("12ab");
    dewi.expect("harus 6–20 angka");
    dewi.send("1234567890");
    dewi.expect("Nama pemilik");
    dewi.send("Dewi Lestari");
    // The number in full for a last check, then the PIN (chosen now: her first money-out step).
    Call check = dewi.expect("rekening yang akan disimpan");
    assertTrue(check.text().contains("<code>1234567890</code>") && check.text().contains("Dewi Lestari")
        && check.text().contains("tidak bertanggung jawab"), check.text());
    dewi.press(check, "Konfirmasi");
    dewi.expect("Buat PIN");
    dewi.send("975310");
    dewi.send("975310");
    dewi.expect("Rekening BCA ••••7890 a.n. Dewi Lestari tersimpan");
    dewi.expect("Berapa yang mau ditarik");
    dewi.send("10000");
    dewi.expect("Minimal penarikan Rp 50.000");
    dewi.send("500000");
    dewi.expect("Saldo kamu tidak cukup");
    dewi.send("100000");
    Call confirm = dewi.expect("Total dari saldo: <b>Rp 108.000</b>");
    assertTrue(confirm.text().contains("••••7890") && confirm.text().contains("Paling lambat dibayar"));
    dewi.press(confirm, "Konfirmasi");
    dewi.expect("Masukkan PIN");
    dewi.send("975310");
    Call receipt = dewi.expect("Penarikan <code>WD-");
    assertTrue(receipt.text().contains("Saldo kamu sekarang Rp 92.000"), receipt.text());
    assertEquals(92_000, bot.balance(dewi));
    dewi.send("/balance");
    dewi.expect("Ditahan untuk penarikan: Rp 108.000");
  }

  @Test
  void settings_list_and_remove_bank_accounts_in_english() {
    Person eko = bot.registered("eko", "en");
    eko.send("/settings");
    Call menu = eko.expect("Settings");
    eko.press(menu, "Bank accounts");
    Call list = eko.expect("No bank account saved");
    eko.press(list, "Add account");
    eko.expect("Pick a bank");
    eko.send("mandiri");
    eko.expect("Mandiri account number");
    eko.send("1230009876543");
    eko.expect("holder's name");
    eko.send("Eko Prasetyo");
    Call check = eko.expect("not liable");
    assertTrue(check.text().contains("<code>1230009876543</code>"), "the number in full before saving: " + check.text());
    eko.press(check, "Confirm");
    eko.expect("You have no PIN yet");
    eko.send("864219");
    eko.send("864219");
    eko.expect("Account Mandiri ••••6543 (holder Eko Prasetyo) saved");
    eko.send("/settings");
    eko.press(eko.expect("Settings"), "Bank accounts");
    Call accounts = eko.expect("Your bank accounts");
    assertTrue(accounts.text().contains("••••6543"));
    eko.press(accounts, "Remove");
    Call remove = eko.expect("Remove this account?");
    assertTrue(remove.text().contains("<code>1230009876543</code>"), remove.text());
    eko.press(remove, "Confirm");
    eko.expect("Enter your 6-digit PIN");
    eko.send("864219");
    eko.expect("Account removed");
    assertEquals(0, bot.count("SELECT count(*) FROM bank_accounts b JOIN users u ON u.id = b.user_id WHERE u.telegram_id = "
        + eko.id + " AND b.removed_at IS NULL"));
  }

  @Test
  void history_pages_ten_entries_newest_first_with_notes_editing_the_message() {
    Person fajar = bot.registered("fajar", "id");
    Person gilang = bot.registered("gilang", "id");
    bot.fund(fajar, 1_000_000);
    for (int i = 1; i <= 11; i++) {
      new id.bizpro.bizcash.transfer.P2pTransfers(bot.db.jdbi(), new id.bizpro.bizcash.ledger.Ledger(bot.db.jdbi(), bot.rules.ledgerLimits()))
          .send("h-" + i, bot.userId(fajar), bot.userId(gilang), Money.rupiah(1_000L * i), java.util.Optional.of("bayar " + i));
    }
    fajar.send("/history");
    Call page = fajar.expect("Riwayat (transaksi 1–10");
    assertTrue(page.text().indexOf("Rp 11.000") < page.text().indexOf("Rp 10.000"), page.text());
    assertTrue(page.text().contains("ke @gilang") && page.text().contains("Berita: bayar 11"));
    fajar.press(page, "Lebih lama");
    Call older = fajar.expectMethod("editmessagetext");
    assertTrue(older.text().contains("transaksi 11–12") && older.text().contains("Top-up"), older.text());
  }

  @Test
  void every_message_key_exists_in_both_languages() {
    Messages m = new Messages();
    assertEquals(m.keys(Language.ID), m.keys(Language.EN));
  }
}
