package id.bizpro.bizcash.webhook.paypage;

import static id.bizpro.bizcash.webhook.WebhookTestKit.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.config.PaidSettings;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.QrDecoding;
import id.bizpro.bizcash.topup.PayLinks;
import id.bizpro.bizcash.topup.PayLinks.PayLink;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookApp;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import id.bizpro.bizcash.webhook.midtrans.MidtransRoute;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Payment links end to end on the HTTP side: the public page before and after payment, payment
 * through the signed payments route and through Midtrans (credited once, total less PAYLINK_FEE),
 * a late payment of an expired link, and what the page may and may not show.
 */
class PayLinksWebhookTest {
  private static final long FEE = 2_500;
  private static final String BASE = "https://pay.bizcash.example";

  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");
  private final PayLinks links = new PayLinks(kit.f.db.jdbi(), kit.orders, MoneyRules.defaults(),
      new PaidSettings(Money.rupiah(FEE), Duration.ofDays(7), Duration.ofDays(7)));
  private final Javalin app = WebhookApp.create(kit.f.db,
      WebhookTestKit.settings().withPayments(URI.create(kit.midtrans.baseUrl()), java.util.Set.of(WebhookTestKit.PAYEE_ACCOUNT)),
      kit.services.withPayPage(new PayPageRoute.Source(links, kit.f.users,
          PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia"), BASE, kit.clock)));

  private PayLink link(long amount, String note) {
    return assertInstanceOf(PayLinks.CreateResult.Created.class, links.create(alice.id(), Money.rupiah(amount), note)).link();
  }

  private static String paid(String eventId, TopUpOrder o, long amount, String payer) {
    return """
        {"event_id":"%s","order_id":"%s","amount":%d,"status":"paid","reference":"BCA-%s","paid_at":"2026-11-26T07:30:00Z","payer_name":"%s"}"""
        .formatted(eventId, o.reference(), amount, eventId, payer);
  }

  private HttpResponse<String> pay(String origin, String body) {
    return kit.post(origin, "/webhooks/payments", body, "X-BizCash-Signature", sign(body));
  }

  private HttpResponse<String> page(String origin, PayLink l, String... headers) {
    return kit.get(origin, "/pay/" + l.publicId(), headers);
  }

  @Test
  void a_link_paid_through_the_signed_payments_route_credits_the_payee_once_less_the_fee_and_the_page_says_paid() {
    PayLink l = link(500_000, "Invoice INV-017");
    TopUpOrder o = l.order();
    assertTrue(o.reference().matches("INV-[A-Z0-9]{6}"), o.reference());
    assertEquals(500_000 + o.uniqueCode().rupiah(), o.total().rupiah(), "the payer pays amount + unique code, no top-up fee");
    JavalinTest.test(app, (server, client) -> {
      HttpResponse<String> before = page(client.getOrigin(), l);
      assertEquals(200, before.statusCode());
      assertTrue(before.body().contains("Belum dibayar"), before.body());
      assertTrue(before.body().contains(o.total().format()), before.body());
      assertTrue(before.body().contains("Invoice INV-017"), before.body());
      assertTrue(before.body().contains("8830012345"), "bank transfer details while payable");

      String body = paid("evt-1", o, o.total().rupiah(), "Budi Santoso");
      HttpResponse<String> r = pay(client.getOrigin(), body);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
      HttpResponse<String> again = pay(client.getOrigin(), body);
      assertEquals(200, again.statusCode(), again.body());
      // The same bank payment told again under a new event id: a repeat, not new money.
      HttpResponse<String> sameMoneyNewEvent = pay(client.getOrigin(), body.replace("\"event_id\":\"evt-1\"", "\"event_id\":\"evt-1b\""));
      assertTrue(sameMoneyNewEvent.body().contains("already_paid"), sameMoneyNewEvent.body());

      assertEquals(o.total().rupiah() - FEE, kit.balance(alice), "credited once: total less PAYLINK_FEE");
      assertEquals(FEE, kit.system(SystemAccount.FEE_REVENUE));
      assertEquals(-o.total().rupiah(), kit.system(SystemAccount.TOPUP_CLEARING));
      assertEquals(1, kit.outbox("paylink_paid"));
      assertEquals(0, kit.outbox("topup_credited"), "the payee hears of a paid link, not of a top-up");
      assertEquals("Budi Santoso", kit.f.db.jdbi().withHandle(h -> h.createQuery(
          "SELECT params->>'payer' FROM outbox WHERE kind = 'paylink_paid'").mapTo(String.class).one()));

      HttpResponse<String> after = page(client.getOrigin(), l);
      assertTrue(after.body().contains("LUNAS"), after.body());
      assertFalse(after.body().contains("8830012345"), "no ways to pay once paid");
      assertTrue(page(client.getOrigin(), l, "Accept-Language", "en-US,en;q=0.9").body().contains(">PAID<"));
    });
  }

  @Test
  void a_link_paid_through_midtrans_is_credited_once_and_a_failed_snap_attempt_keeps_it_open() {
    PayLink l = link(150_000, "Desain logo");
    TopUpOrder o = l.order();
    String gross = o.total().rupiah() + ".00";
    JavalinTest.test(app, (server, client) -> {
      HttpResponse<String> expired = midtrans(client.getOrigin(), o, "expire", "407", "", gross);
      assertEquals(200, expired.statusCode(), expired.body());
      assertTrue(expired.body().contains("link_kept_open"), expired.body());
      assertTrue(page(client.getOrigin(), l).body().contains("Belum dibayar"));
      assertEquals(0, kit.outbox("topup_expired"));

      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = midtrans(client.getOrigin(), o, "settlement", "200", "accept", gross);
        assertEquals(200, r.statusCode(), r.body());
      }
      assertEquals(o.total().rupiah() - FEE, kit.balance(alice));
      assertEquals(1, kit.outbox("paylink_paid"));
      assertEquals(List.of("link_kept_open", "credited"), kit.storedOutcomes("midtrans"), "repeats are handled once");
      assertTrue(page(client.getOrigin(), l).body().contains("LUNAS"));
    });
  }

  private HttpResponse<String> midtrans(String origin, TopUpOrder o, String status, String code, String fraud, String gross) {
    kit.midtransStatus(o.reference(), status, fraud, gross);
    String body = """
        {"transaction_time":"2026-11-26 14:45:13","transaction_status":"%s","transaction_id":"513f1f01-c9da-474c-9fc9-d5c64364b709",
         "status_message":"midtrans payment notification","status_code":"%s","signature_key":"%s",
         "settlement_time":"2026-11-26 14:50:13","payment_type":"bank_transfer","order_id":"%s","merchant_id":"G141532850",
         "gross_amount":"%s","fraud_status":"%s","currency":"IDR","va_numbers":[{"va_number":"41532850212","bank":"bca"}]}"""
        .formatted(status, code, MidtransRoute.signature(o.reference(), code, gross, WebhookTestKit.MIDTRANS_KEY),
            o.reference(), gross, fraud);
    return kit.post(origin, "/webhooks/midtrans", body);
  }

  @Test
  void a_late_payment_of_an_expired_link_follows_the_top_up_rules() {
    PayLink l = link(200_000, "");
    TopUpOrder o = l.order();
    kit.now.set(kit.now.get().plus(Duration.ofDays(7)).plusSeconds(60));
    assertEquals(1, kit.orders.expireDue(100));
    assertEquals(1, kit.outbox("paylink_expired"));
    assertEquals(0, kit.outbox("topup_expired"));
    JavalinTest.test(app, (server, client) -> {
      String closed = page(client.getOrigin(), l).body();
      assertTrue(closed.contains("Kedaluwarsa"), closed);
      assertFalse(closed.contains("8830012345"), "an expired link shows no ways to pay");

      // Within the quarantine its total is still its own: the late money pays it (credited late).
      HttpResponse<String> r = pay(client.getOrigin(), paid("evt-late", o, o.total().rupiah(), "Sari"));
      assertTrue(r.body().contains("\"outcome\":\"credited_late\""), r.body());
      assertEquals(o.total().rupiah() - FEE, kit.balance(alice));
      assertTrue(page(client.getOrigin(), l).body().contains("LUNAS"));
      // A second, distinct payment of the paid link is held in suspense, as for a top-up.
      HttpResponse<String> second = pay(client.getOrigin(), paid("evt-late-2", o, o.total().rupiah(), "Sari"));
      assertTrue(second.body().contains("second_payment"), second.body());
      assertEquals(o.total().rupiah() - FEE, kit.balance(alice));
      assertEquals(o.total().rupiah(), kit.system(SystemAccount.UNAPPLIED_RECEIPTS));
      // A wrong amount for another open link is held too, nothing credited.
      PayLink other = link(300_000, "");
      HttpResponse<String> wrong = pay(client.getOrigin(), paid("evt-wrong", other.order(), 299_999, "X"));
      assertTrue(wrong.body().contains("mismatch"), wrong.body());
      assertEquals(o.total().rupiah() - FEE, kit.balance(alice));
    });
  }

  @Test
  void the_page_escapes_user_text_loads_nothing_from_elsewhere_and_shows_only_what_it_may() {
    User mallory = kit.f.users.register(new TelegramProfile(777_000_123L, Optional.empty(),
        "<script>alert(1)</script>", Optional.empty(), Optional.of("id")));
    PayLink l = assertInstanceOf(PayLinks.CreateResult.Created.class,
        links.create(mallory.id(), Money.rupiah(50_000), "\"><img src=x onerror=alert(1)> & <b>bold</b>")).link();
    kit.f.fund(mallory, 1_234_567);
    JavalinTest.test(app, (server, client) -> {
      HttpResponse<String> r = page(client.getOrigin(), l, "Accept-Language", "en-GB,en;q=0.8,id;q=0.5");
      String html = r.body();
      assertEquals(200, r.statusCode());
      assertTrue(html.contains("Unpaid"), "English by Accept-Language");
      assertFalse(html.contains("<script>alert"));
      assertFalse(html.contains("<img"));
      assertFalse(html.contains("<b>bold"));
      assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the payee name, escaped: " + html);
      assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"), "the note, escaped");
      // Nothing outside the page: no scripts, no external src/href/url(), and a CSP that forbids them.
      Matcher tags = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").matcher(html);
      while (tags.find()) {
        String tag = tags.group(1).toLowerCase();
        String attributes = tags.group(2);
        assertFalse(List.of("script", "img", "link", "iframe", "object", "embed", "base", "form").contains(tag), tags.group());
        assertFalse(Pattern.compile("(?i)\\b(src|srcset|action|on[a-z]+)\\s*=").matcher(attributes).find(), tags.group());
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(attributes);
        if (href.find()) {
          assertTrue(href.group(1).startsWith("/pay/"), "only links to itself: " + href.group(1));
        }
      }
      String style = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
      assertFalse(style.contains("url(") || style.contains("@import") || style.contains("@font-face"), style);
      assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
      // Nothing about the payee but the display name: no Telegram id, no balance.
      assertFalse(html.contains("777000123"), "no Telegram id");
      assertFalse(html.contains("1.234.567") || html.contains("1234567"), "no balance");
      assertFalse(html.toLowerCase().contains("saldo") || html.toLowerCase().contains("balance"), "no balance");
      // The QR code on the page is the page's own public address.
      Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
      assertTrue(svg.find());
      assertEquals(BASE + "/pay/" + l.publicId(), QrDecoding.svg(svg.group()));
      assertTrue(kit.get(client.getOrigin(), "/pay/" + l.publicId() + "?lang=id", "Accept-Language", "en").body()
          .contains("Belum dibayar"), "?lang= wins over Accept-Language");
    });
  }

  @Test
  void a_payee_cannot_hold_more_than_twenty_open_links_and_a_paid_one_frees_a_slot() {
    List<PayLink> open = new java.util.ArrayList<>();
    for (int i = 0; i < PayLinks.MAX_OPEN; i++) {
      open.add(link(10_000 + i * 1_000L, "n" + i));
    }
    assertInstanceOf(PayLinks.CreateResult.TooManyOpen.class, links.create(alice.id(), Money.rupiah(75_000), ""));
    JavalinTest.test(app, (server, client) -> {
      TopUpOrder o = open.get(0).order();
      assertTrue(pay(client.getOrigin(), paid("evt-slot", o, o.total().rupiah(), "")).body().contains("credited"));
    });
    link(75_000, "after a payment");
  }

  @Test
  void a_bank_mutation_of_the_links_exact_total_pays_it_and_top_ups_and_links_never_share_a_total() {
    PayLink l = link(100_000, "Moota");
    TopUpOrder topUp = kit.order(kit.user("tina"), 100_000 - 6_000); // the same base total as the link
    assertTrue(topUp.total().rupiah() != l.total().rupiah(), "one pool of unique codes for both");
    String body = "[{\"account_number\":\"8830012345\",\"date\":\"2026-11-26 14:33:01\",\"description\":\"TRSF E-BANKING CR SARI\","
        + "\"note\":\"\",\"amount\":" + l.total().rupiah() + ",\"type\":\"CR\",\"balance\":52000000,"
        + "\"updated_at\":\"2026-11-26 14:33:01\",\"created_at\":\"2026-11-26 14:33:01\",\"mutation_id\":\"mut-inv-1\","
        + "\"token\":\"e42qjy2WGE5\",\"bank_id\":\"VLagzqBj42D\",\"bank\":{\"bank_type\":\"bca\",\"label\":\"BCA\","
        + "\"atas_nama\":\"PT BizPro Indonesia\"}}]";
    String signature = id.bizpro.bizcash.webhook.Signatures.hmacSha256Hex(WebhookTestKit.MOOTA_SECRET,
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JavalinTest.test(app, (server, client) -> {
      HttpResponse<String> r = kit.post(client.getOrigin(), "/webhooks/moota", body, "Signature", signature);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
      assertEquals(l.total().rupiah() - FEE, kit.balance(alice));
      assertTrue(page(client.getOrigin(), l).body().contains("LUNAS"));
      assertEquals(TopUpOrder.Status.OPEN, kit.reload(topUp).status());
    });
  }

  @Test
  void unknown_and_malformed_ids_answer_404_alike() {
    link(50_000, "x");
    JavalinTest.test(app, (server, client) -> {
      for (String id : List.of("AAAAAAAAAAAAAAAAAAAAAA", "x", "..%2F..%2Fetc", "%3Cscript%3E")) {
        HttpResponse<String> r = kit.get(client.getOrigin(), "/pay/" + id);
        assertEquals(404, r.statusCode(), id);
        assertTrue(r.body().contains("tidak ditemukan"), r.body());
      }
    });
  }
}
