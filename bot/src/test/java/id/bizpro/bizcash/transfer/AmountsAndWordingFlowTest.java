package id.bizpro.bizcash.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Amounts and wording as users meet them: the total to pay with its digits to copy and no
 * alignment by spaces, the quick transfer form reading amounts as the top-up form does, the "no
 * cents" answer made from what was typed, no doubled "Rp", and no Indonesian words for English
 * users.
 */
class AmountsAndWordingFlowTest {
  @RegisterExtension static final BotHarness bot = new BotHarness(MoneyRules.defaults().withAbuse(
      new AbuseLimits(1_000, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000))), Clock.systemUTC());

  @Test
  void the_total_to_pay_reads_as_rupiah_with_its_bare_digits_to_copy_and_nothing_aligned_by_spaces() {
    for (String language : List.of("id", "en")) {
      Person p = bot.registered("payer" + language, language);
      p.send("/topup");
      Call ask = p.expect(language.equals("id") ? "Mau isi berapa?" : "How much?");
      assertFalse(ask.text().contains("Rp Rp"), ask.text());
      assertTrue(ask.text().contains("(Rp 10.000 " + (language.equals("id") ? "sampai" : "to") + " Rp 10.000.000)"), ask.text());
      p.send("10.000.000");
      String order = p.expect(language.equals("id") ? "Order top-up" : "Top-up order").text();
      Matcher m = Pattern.compile("<b>Rp (10\\.006\\.(\\d{3}))</b>").matcher(order);
      assertTrue(m.find(), order);
      String digits = m.group(1).replace(".", "");
      assertTrue(order.contains((language.equals("id") ? "Total bayar: <b>Rp " : "Total to pay: <b>Rp ") + m.group(1) + "</b>\n"
          + (language.equals("id") ? "Salin nominal: " : "Copy the amount: ") + "<code>" + digits + "</code>"), order);
      assertFalse(order.contains("  "), "no alignment by spaces: " + order);
      assertEquals(1, bot.count("SELECT count(*) FROM topup_orders WHERE total = " + digits));
    }
  }

  @Test
  void the_quick_form_reads_amounts_as_the_top_up_form_does_in_both_languages() {
    Person ani = bot.registered("ani2", "id", 100_000);
    bot.registered("dewi2", "id");
    for (String[] form : List.of(
        new String[] {"/transfer @dewi2 Rp 5.000 makan", "Rp 5.000"},
        new String[] {"/transfer @dewi2 5 ribu makan", "Rp 5.000"},
        new String[] {"/transfer @dewi2 10 rb makan", "Rp 10.000"},
        new String[] {"/transfer @dewi2 Rp5.000,- makan siang", "Rp 5.000"})) {
      ani.send(form[0]);
      Call card = ani.expect("Periksa dulu");
      assertTrue(card.text().contains("Jumlah: <b>" + form[1] + "</b>"), form[0] + " → " + card.text());
      assertTrue(card.text().endsWith("Berita: " + (form[0].endsWith("siang") ? "makan siang" : "makan")), card.text());
      ani.send("/cancel");
      ani.expect("dibatalkan");
    }
    ani.send("/transfer @dewi2 12.500,75 makan");
    ani.expect("Rupiah tidak pakai sen: kirim jumlah bulat, misalnya 12.500.");
    ani.send("/cancel");
    ani.expect("dibatalkan");

    Person bob = bot.registered("bob2", "en", 100_000);
    bob.send("/transfer @dewi2 10 rb lunch");
    Call card = bob.expect("Please check");
    assertTrue(card.text().contains("Amount: <b>Rp 10.000</b>") && card.text().endsWith("Note: lunch"), card.text());
    bob.send("/cancel");
    bob.send("/transfer @dewi2 Rp 1.250,5");
    Call cents = bob.expect("Rupiah has no cents");
    assertTrue(cents.text().contains("such as Rp 1.250."), cents.text());
    bob.send("/cancel");
    bob.send("/transfer @dewi2 lunch");
    Call notAnAmount = bob.expect("That is not an amount");
    assertFalse(notAnAmount.text().matches("(?s).*\\b(rb|jt|ribu|juta)\\b.*"), "no Indonesian words: " + notAnAmount.text());
  }
}
