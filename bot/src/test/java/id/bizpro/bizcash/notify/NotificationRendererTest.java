package id.bizpro.bizcash.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.user.Language;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationRendererTest {
  private final NotificationRenderer renderer = new NotificationRenderer();

  private static Map<String, Object> transfer(String note) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("from", "@alice");
    p.put("amount", 25_000);
    p.put("note", note);
    p.put("balance", 125_000);
    return p;
  }

  @Test
  void transfer_received_reads_as_the_product_voice_in_indonesian() {
    assertEquals(
        "💸 Kamu menerima <b>Rp 25.000</b> dari @alice\nBerita: makan siang\nSaldo kamu sekarang Rp 125.000\n"
            + "Lihat riwayat dengan /history.",
        renderer.render("transfer_received", transfer("makan siang"), Language.ID));
  }

  @Test
  void transfer_received_reads_in_english_for_english_users() {
    String text = renderer.render("transfer_received", transfer("lunch"), Language.EN);
    assertTrue(text.startsWith("💸 You received <b>Rp 25.000</b> from @alice\nNote: lunch\n"), text);
  }

  @Test
  void a_transfer_without_a_note_has_no_note_line() {
    String text = renderer.render("transfer_received", transfer(""), Language.ID);
    assertTrue(!text.contains("Berita"), text);
  }

  @Test
  void user_supplied_values_are_html_escaped() {
    Map<String, Object> p = transfer("<b>bonus</b> & \"tip\"");
    p.put("from", "Budi <script>");
    String text = renderer.render("transfer_received", p, Language.ID);
    assertTrue(text.contains("dari Budi &lt;script&gt;"), text);
    assertTrue(text.contains("Berita: &lt;b&gt;bonus&lt;/b&gt; &amp; &quot;tip&quot;"), text);
  }

  @Test
  void a_held_payment_is_refunded_to_the_bank_but_a_held_bizpro_payment_goes_back_to_bizpro() {
    Map<String, Object> bank = Map.of("receipt", "SUS-7K2M9Q", "amount", 300_000, "bank_reference", "TRX77");
    String refunded = renderer.render("receipt_refunded", bank, Language.ID);
    assertTrue(refunded.contains("dikembalikan ke rekening pengirim") && refunded.contains("Referensi bank: <code>TRX77</code>"),
        refunded);
    Map<String, Object> platform = Map.of("receipt", "SUS-7K2M9Q", "amount", 300_000, "bank_reference", "TICKET-42",
        "to", "bizpro");
    String id = renderer.render("receipt_refunded", platform, Language.ID);
    assertTrue(id.contains("dikembalikan ke BizPro") && id.contains("<code>TICKET-42</code>"), id);
    assertTrue(!id.contains("rekening") && !id.contains("bank"), id);
    String en = renderer.render("receipt_refunded", platform, Language.EN);
    assertTrue(en.contains("returned to BizPro") && !en.contains("bank"), en);
  }

  @Test
  void every_kind_renders_from_the_params_its_writer_puts() {
    assertTrue(renderer.render("topup_credited",
            Map.of("reference", "TOP-8K2QX7", "amount", 100_123, "balance", 150_123, "late", true), Language.ID)
        .contains("<b>Rp 100.123</b>"));
    assertTrue(renderer.render("topup_expired", Map.of("reference", "TOP-8K2QX7", "total", 106_123), Language.EN)
        .contains("Rp 106.123"));
    assertTrue(renderer.render("withdrawal_paid",
            Map.of("reference", "WD-3M9ZQ1", "amount", 50_000, "bank", "BCA ••••6789", "payout_reference", "TRX1"),
            Language.ID)
        .contains("Referensi bank: <code>TRX1</code>"));
    String failed = renderer.render("withdrawal_failed",
        Map.of("reference", "WD-3M9ZQ1", "refund", 58_000, "reason", "rekening <tutup>", "balance", 90_000),
        Language.ID);
    assertTrue(failed.contains("Alasan: rekening &lt;tutup&gt;") && failed.contains("<b>Rp 58.000</b>"), failed);
    String alert = renderer.render("admin_payment_alert",
        Map.of("provider", "moota", "expected", 106_123, "paid", 106_000), Language.ID);
    assertTrue(alert.contains("Seharusnya: Rp 106.123") && alert.contains("Dibayar: Rp 106.000"), alert);
  }

  @Test
  void an_event_conflict_alert_names_the_problem_and_both_callbacks_in_each_language() {
    Map<String, Object> params = Map.of("problem", "event_conflict", "provider", "payments", "event_id", "evt-1",
        "first_callback_id", 41, "callback_id", 42);
    String id = renderer.render("admin_payment_alert", params, Language.ID);
    String en = renderer.render("admin_payment_alert", params, Language.EN);
    assertTrue(id.contains("Masalah: event yang sama datang lagi dengan isi berbeda") && id.contains("ID callback pertama: 41"), id);
    assertTrue(en.contains("Problem: the same event arrived again with a different body") && en.contains("First callback id: 41"), en);
  }

  @Test
  void a_missing_parameter_or_unknown_kind_cannot_be_rendered() {
    assertThrows(NotificationRenderer.RenderException.class,
        () -> renderer.render("transfer_received", Map.of("from", "@a"), Language.ID));
    assertThrows(NotificationRenderer.RenderException.class,
        () -> renderer.render("birthday", Map.of(), Language.ID));
  }

  @Test
  void a_reversed_payment_link_payment_is_told_as_a_payment_link_not_a_top_up() {
    Map<String, Object> p = Map.of("reference", "INV-8K2QX7", "amount", 500_213, "balance", 0);
    String id = renderer.render("topup_reversed", p, Language.ID);
    assertTrue(id.startsWith("↩️ Pembayaran link pembayaran <code>INV-8K2QX7</code> dibatalkan"), id);
    String en = renderer.render("topup_reversed", p, Language.EN);
    assertTrue(en.startsWith("↩️ The payment of payment link <code>INV-8K2QX7</code>") && !en.contains("top-up"), en);
    assertTrue(renderer.render("topup_reversed", Map.of("reference", "TOP-8K2QX7", "amount", 100_123, "balance", 0),
        Language.EN).contains("top-up <code>TOP-8K2QX7</code>"));
  }

  @Test
  void ppob_alerts_name_their_problem_in_the_admins_language() {
    for (String problem : new String[] {"ppob_contradiction", "ppob_deposit_low", "ppob_pending_too_long", "ppob_provider_mismatch"}) {
      String en = renderer.render("admin_payment_alert", Map.of("problem", problem, "reference", "PPOB-8K2QX7"), Language.EN);
      String id = renderer.render("admin_payment_alert", Map.of("problem", problem, "reference", "PPOB-8K2QX7"), Language.ID);
      assertTrue(!en.contains(problem) && en.contains("PPOB"), en);
      assertTrue(!id.contains(problem) && id.contains("PPOB"), id);
    }
  }
}
