package id.bizpro.bizcash.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.WalletMoves;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /history end to end: what each line says, and paging that edits the message in place. */
class HistoryFlowTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();
  static final WalletMoves moves = new WalletMoves(bot);

  @Test
  void each_line_says_when_in_or_out_what_it_was_the_note_the_amount_and_the_balance_after() {
    Person rina = bot.registered("rina", "id");
    Person sule = bot.registered("sule", "id");
    bot.fund(rina, 300_000);
    bot.fund(sule, 50_000);
    moves.transfer(sule, rina, 20_000, "bayar kopi");
    moves.transfer(rina, sule, 15_000, "patungan kado");
    Withdrawal paid = moves.withdraw(rina, "1234567890", 100_000);
    Withdrawal failed = moves.withdraw(rina, "1234567890", 50_000);
    moves.fail(failed);
    rina.send("/history");
    String page = rina.expect("Riwayat (transaksi 1–6").text();
    // A withdrawal is its amount and its fee, two lines under one reference, with its status; a
    // failed one shows both coming back.
    assertTrue(page.contains("⬇️ Masuk <b>Rp 50.000</b>\nPengembalian penarikan <code>" + failed.reference() + "</code>\n"
        + "⬇️ Masuk <b>Rp 8.000</b> · Biaya penarikan <code>" + failed.reference() + "</code> dikembalikan\nSaldo: Rp 197.000"), page);
    assertTrue(page.contains("⬆️ Keluar <b>Rp 50.000</b>\nPenarikan <code>" + failed.reference()
        + "</code> ke BCA ••••7890 · ↩️ gagal, dana dikembalikan\n⬆️ Keluar <b>Rp 8.000</b> · Biaya penarikan <code>"
        + failed.reference() + "</code>\nSaldo: Rp 139.000"), page);
    assertTrue(page.contains("⬆️ Keluar <b>Rp 100.000</b>\nPenarikan <code>" + paid.reference()
        + "</code> ke BCA ••••7890 · ⏳ menunggu pembayaran\n⬆️ Keluar <b>Rp 8.000</b> · Biaya penarikan <code>"
        + paid.reference() + "</code>\nSaldo: Rp 197.000"), page);
    assertTrue(page.contains("⬆️ Keluar <b>Rp 15.000</b>\nTransfer ke @sule\nBerita: patungan kado\nSaldo: Rp 305.000"), page);
    assertTrue(page.contains("⬇️ Masuk <b>Rp 20.000</b>\nTransfer dari @sule\nBerita: bayar kopi\nSaldo: Rp 320.000"), page);
    assertTrue(page.contains("⬇️ Masuk <b>Rp 300.000</b>\nTop-up <code>TOP-FUND</code>\nSaldo: Rp 300.000"), page);
    assertTrue(page.contains("WIB · ⬇️ Masuk"), page);
    assertTrue(page.indexOf(failed.reference()) < page.indexOf("TOP-FUND"), "newest first");
    assertFalse(page.contains("Lebih lama"), "one page only: no buttons");
  }

  @Test
  void older_and_newer_buttons_edit_the_message_in_place_ten_at_a_time() {
    Person tari = bot.registered("tari", "en");
    Person umar = bot.registered("umar", "en");
    bot.fund(tari, 1_000_000);
    for (int i = 1; i <= 24; i++) {
      moves.transfer(tari, umar, 1_000L * i, "payment " + i);
    }
    tari.send("/history");
    Call first = tari.expect("History (transactions 1–10");
    assertTrue(first.text().contains("Note: payment 24") && !first.text().contains("Note: payment 14\n"), first.text());
    assertEquals(java.util.List.of("⬅️ Older"), first.buttonLabels());
    tari.press(first, "Older");
    Call second = tari.expectMethod("editmessagetext");
    assertEquals(first.body().path("_message_id").asInt(), second.body().path("message_id").asInt());
    assertTrue(second.text().contains("transactions 11–20") && second.text().contains("Note: payment 14"), second.text());
    tari.press(second, "Older");
    Call third = tari.expectMethod("editmessagetext");
    assertTrue(third.text().contains("transactions 21–25") && third.text().contains("Top-up"), third.text());
    assertEquals(java.util.List.of("Newer ➡️"), third.buttonLabels());
    tari.press(third, "Newer");
    Call back = tari.expectMethod("editmessagetext");
    assertTrue(back.text().contains("transactions 11–20") && back.text().contains("Note: payment 14"), back.text());
    tari.press(back, "Newer");
    Call newest = tari.expectMethod("editmessagetext");
    assertTrue(newest.text().contains("transactions 1–10") && newest.text().contains("Note: payment 24"), newest.text());
  }

  @Test
  void a_top_up_shows_what_was_paid_with_its_fee_as_a_line_of_its_own_and_a_paid_withdrawal_says_so_in_both_languages() {
    for (String language : java.util.List.of("en", "id")) {
      Person p = bot.registered("yudi" + language, language);
      TopUpOrder order = moves.topUp(p, 100_000);
      long code = order.uniqueCode().rupiah();
      Withdrawal w = moves.withdraw(p, "1234567890", 50_000);
      moves.pay(w);
      p.send("/history");
      String page = p.expect(language.equals("en") ? "History (transactions 1–2" : "Riwayat (transaksi 1–2").text();
      String paid = Money.rupiah(100_000 + code + 6_000).format();
      String ref = "<code>" + order.reference() + "</code>";
      String wd = "<code>" + w.reference() + "</code>";
      if (language.equals("en")) {
        assertTrue(page.contains("⬇️ In <b>" + paid + "</b>\nTop-up " + ref + " (paid: amount Rp 100.000 + unique code "
            + Money.rupiah(code).format() + " + fee Rp 6.000)\n⬆️ Out <b>Rp 6.000</b> · Top-up fee " + ref
            + "\nBalance: " + Money.rupiah(100_000 + code).format()), page);
        assertTrue(page.contains("⬆️ Out <b>Rp 50.000</b>\nWithdrawal " + wd + " to BCA ••••7890 · ✅ paid\n"
            + "⬆️ Out <b>Rp 8.000</b> · Withdrawal fee " + wd + "\nBalance: " + Money.rupiah(42_000 + code).format()), page);
      } else {
        assertTrue(page.contains("⬇️ Masuk <b>" + paid + "</b>\nTop-up " + ref + " (dibayar: nominal Rp 100.000 + kode unik "
            + Money.rupiah(code).format() + " + biaya Rp 6.000)\n⬆️ Keluar <b>Rp 6.000</b> · Biaya top-up " + ref
            + "\nSaldo: " + Money.rupiah(100_000 + code).format()), page);
        assertTrue(page.contains("Penarikan " + wd + " ke BCA ••••7890 · ✅ sudah dibayar\n"
            + "⬆️ Keluar <b>Rp 8.000</b> · Biaya penarikan " + wd), page);
      }
    }
  }

  @Test
  void tampered_page_data_never_shows_someone_elses_history() {
    Person vera = bot.registered("vera", "id");
    Person wati = bot.registered("wati", "id");
    bot.fund(wati, 90_000);
    moves.transfer(wati, vera, 10_000, "rahasia wati");
    moves.transfer(wati, vera, 5_000, "catatan kedua");
    vera.send("/history");
    Call mine = vera.expect("Riwayat (transaksi 1–2");
    int message = mine.body().path("_message_id").asInt();
    int garbage = vera.press("hi:abc", message);
    assertTrue(vera.expectAnswer(garbage).body().path("text").asText().contains("tidak berlaku"));
    int tooOld = vera.press("hi:1:1", message);
    assertTrue(vera.expectAnswer(tooOld).body().path("text").asText().contains("Ketik /history lagi"));
    // Any anchor only ever reads the presser's own wallet: wati's top-up and balance stay hidden.
    vera.press("hi:999999999:1", message);
    Call edited = vera.expectMethod("editmessagetext");
    assertTrue(edited.text().contains("dari @wati") && !edited.text().contains("TOP-FUND")
        && !edited.text().contains("Rp 75.000"), edited.text());
  }
}
