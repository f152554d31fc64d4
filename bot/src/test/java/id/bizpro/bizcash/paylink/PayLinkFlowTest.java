package id.bizpro.bizcash.paylink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.QrDecoding;
import id.bizpro.bizcash.topup.TopUpOrders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /link through the real TelegramBots client: the link, its page address and its QR code photo. */
class PayLinkFlowTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  @Test
  void a_link_is_created_with_its_reference_page_and_a_qr_photo_that_decodes_to_the_page() {
    Person nina = bot.registered("nina_pl", "id", 0);
    nina.send("/link 500000 Invoice INV-017 <desain>");
    Call created = nina.expect("Link pembayaran <code>INV-");
    String text = created.text();
    assertTrue(text.contains("Jumlah: <b>Rp 500.000</b>") && text.contains("Invoice INV-017 &lt;desain&gt;"), text);
    Matcher url = Pattern.compile("http://localhost:8080/pay/[A-Za-z0-9_-]{22}").matcher(text);
    assertTrue(url.find(), text);
    assertEquals(url.group(), created.button("Buka halaman"), "the button opens the page");
    Matcher ref = Pattern.compile("INV-[A-Z0-9]{6}").matcher(text);
    assertTrue(ref.find());
    long total = bot.db.jdbi().withHandle(h -> h.createQuery("SELECT total FROM topup_orders WHERE reference = :r AND kind = 'paylink'")
        .bind("r", ref.group()).mapTo(Long.class).one());
    assertTrue(total > 500_000 && total < 501_000, "amount + unique code: " + total);
    assertTrue(text.contains(Money.rupiah(total).format()), text);

    Call photo = nina.expectMethod("sendphoto");
    byte[] png = photo.upload("photo").bytes();
    assertEquals(url.group(), QrDecoding.png(png), "the QR code is the link");
    assertTrue(photo.body().path("caption").asText().contains(url.group()), photo.body().toString());

    nina.send("/link");
    Call list = nina.expect("Link pembayaran terakhir");
    assertTrue(list.text().contains(ref.group()) && list.text().contains("belum dibayar"), list.text());

    // Paid (as a payment route would): the history names the link, its payer and its note.
    var paid = bot.services.topUpOrders().pay(ref.group(), new TopUpOrders.Payment("payments", Optional.of("BCA-991"),
        Money.rupiah(total), Optional.empty()).payer(Optional.of("Budi Santoso")));
    assertTrue(paid instanceof TopUpOrders.PayResult.Credited, paid.toString());
    assertEquals(total, bot.balance(nina), "PAYLINK_FEE defaults to Rp 0");
    nina.send("/history");
    Call history = nina.expect("Link pembayaran <code>" + ref.group() + "</code> dibayar oleh Budi Santoso");
    assertTrue(history.text().contains("Invoice INV-017 &lt;desain&gt;"), history.text());
    nina.send("/link");
    assertTrue(nina.expect("Link pembayaran terakhir").text().contains("lunas"));
  }

  @Test
  void bad_amounts_and_notes_get_specific_answers_and_create_nothing() {
    Person omar = bot.registered("omar_pl", "en", 0);
    omar.send("/link 5000 too small");
    omar.expect("The smallest payment link is Rp 10.000");
    omar.send("/link 999999999 too big");
    omar.expect("The largest payment link is");
    omar.send("/link lots of money");
    omar.expect("/link AMOUNT DESCRIPTION");
    omar.send("/link 50000 " + "x".repeat(101));
    omar.expect("at most 100 characters");
    bot.awaitQuiet();
    assertEquals(0, bot.count("SELECT count(*) FROM topup_orders o JOIN users u ON u.id = o.user_id WHERE u.telegram_id = " + omar.id));
  }
}
