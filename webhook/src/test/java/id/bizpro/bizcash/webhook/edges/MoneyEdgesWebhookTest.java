package id.bizpro.bizcash.webhook.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import id.bizpro.bizcash.webhook.midtrans.MidtransRoute;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The paths banks and gateways take besides the happy one, through the real HTTP server, embedded
 * PostgreSQL and a WireMock stand-in for Midtrans' Get Status API: every rupiah is credited to its
 * own order's owner or held in suspense with someone told, never guessed and never dropped. The
 * ledger (suspense included) reconciles after each test.
 */
class MoneyEdgesWebhookTest {
  private static final String TRX = "513f1f01-c9da-474c-9fc9-d5c64364b709";
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");
  private final UnappliedReceipts receipts = kit.orders.receipts();

  private static String payment(String eventId, TopUpOrder o, long amount, String bankReference) {
    return """
        {"event_id":"%s","order_id":"%s","amount":%d,"status":"paid","reference":"%s","paid_at":"2026-11-26T07:10:00Z"}"""
        .formatted(eventId, o.reference(), amount, bankReference);
  }

  private HttpResponse<String> pay(String origin, String body) {
    return kit.post(origin, "/webhooks/payments", body, "X-BizCash-Signature", WebhookTestKit.sign(body));
  }

  private static String midtrans(TopUpOrder o, String status, String fraud) {
    String gross = o.total().rupiah() + ".00";
    String statusCode = status.equals("settlement") || status.equals("capture") ? "200" : "202";
    return """
        {"transaction_time":"2026-11-26 14:45:13","transaction_status":"%s","transaction_id":"%s",
         "status_message":"midtrans payment notification","status_code":"%s","signature_key":"%s",
         "payment_type":"credit_card","order_id":"%s","merchant_id":"G141532850","gross_amount":"%s",
         "fraud_status":"%s","currency":"IDR"}"""
        .formatted(status, TRX, statusCode, MidtransRoute.signature(o.reference(), statusCode, gross, WebhookTestKit.MIDTRANS_KEY),
            o.reference(), gross, fraud);
  }

  private static String moota(String mutationId, String account, long amount) {
    return """
        [{"account_number":"%s","date":"2026-11-26 00:00:00","description":"TRSF E-BANKING CR","amount":"%d.00",
          "type":"CR","note":"","balance":"0.00","mutation_id":"%s","token":"%s","bank_id":"VLagzqBj42D"}]"""
        .formatted(account, amount, mutationId, mutationId);
  }

  private HttpResponse<String> pushMoota(String origin, String body) {
    String signature = Signatures.hmacSha256Hex(WebhookTestKit.MOOTA_SECRET, body.getBytes(StandardCharsets.UTF_8));
    return kit.post(origin, "/webhooks/moota", body, "Signature", signature);
  }

  private long suspense() {
    return kit.system(SystemAccount.UNAPPLIED_RECEIPTS);
  }

  @Test
  void an_order_paid_by_bank_transfer_and_through_the_payment_link_holds_the_second_payment_for_an_admin() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> bank = pay(client.getOrigin(), payment("evt-1", o, o.total().rupiah(), "BCA-1001"));
      assertTrue(bank.body().contains("\"outcome\":\"credited\""), bank.body());

      kit.midtransStatus(o.reference(), "settlement", "accept", o.total().rupiah() + ".00");
      HttpResponse<String> link = kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "settlement", "accept"));

      assertEquals(200, link.statusCode(), link.body());
      assertTrue(link.body().contains("\"outcome\":\"second_payment\""), link.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(o.total().rupiah(), suspense());
      assertEquals(1, kit.outbox("payment_held"));
      assertEquals(WebhookTestKit.ADMINS.size(), kit.outbox("admin_payment_alert"));

      // The admin credits it with one action; pressing again changes nothing.
      UnappliedReceipts.Receipt held = receipts.open(10).get(0);
      assertEquals("midtrans", held.provider());
      assertEquals(TRX, held.providerReference().orElseThrow());
      assertEquals(o.reference(), held.orderReference().orElseThrow());
      assertInstanceOf(UnappliedReceipts.CreditResult.Credited.class, receipts.creditToWallet(held.id(), 900_001L));
      assertInstanceOf(UnappliedReceipts.CreditResult.AlreadyResolved.class, receipts.creditToWallet(held.id(), 900_002L));
      assertEquals(o.credited().rupiah() + o.total().rupiah(), kit.balance(alice));
      assertEquals(0, suspense());
    });
  }

  @Test
  void a_second_signed_payment_with_another_bank_reference_is_held_and_a_repeat_of_the_first_is_not() {
    TopUpOrder o = kit.order(alice, 50_000);
    JavalinTest.test(kit.app, (server, client) -> {
      pay(client.getOrigin(), payment("evt-1", o, o.total().rupiah(), "BCA-1"));
      HttpResponse<String> repeat = pay(client.getOrigin(), payment("evt-2", o, o.total().rupiah(), "BCA-1"));
      HttpResponse<String> second = pay(client.getOrigin(), payment("evt-3", o, o.total().rupiah(), "BCA-2"));

      assertTrue(repeat.body().contains("\"outcome\":\"already_paid\""), repeat.body());
      assertTrue(second.body().contains("\"outcome\":\"second_payment\""), second.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(o.total().rupiah(), suspense());
      assertEquals(1, kit.outbox("payment_held"));
    });
  }

  @Test
  void a_late_bank_transfer_of_a_cancelled_orders_total_pays_that_order_not_a_newer_one() {
    TopUpOrder cancelled = kit.order(alice, 100_000);
    assertInstanceOf(TopUpOrders.CancelResult.Cancelled.class, kit.orders.cancel(alice.id(), cancelled.reference()));
    User bob = kit.user("bob");
    // Bob's order for the same amount, made after the cancel, cannot take the quarantined total.
    TopUpOrder bobs = kit.order(bob, 100_000);
    assertNotEquals(cancelled.total(), bobs.total());
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = pushMoota(client.getOrigin(),
          moota("mut-late", WebhookTestKit.PAYEE_ACCOUNT, cancelled.total().rupiah()));

      assertTrue(r.body().contains("\"outcome\":\"credited_late\""), r.body());
      assertEquals(cancelled.credited().rupiah(), kit.balance(alice));
      assertEquals(0, kit.balance(bob));
      assertTrue(kit.reload(bobs).isOpen());
    });
  }

  @Test
  void a_moota_credit_into_another_account_is_recorded_as_other_account_and_never_credited() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = pushMoota(client.getOrigin(), moota("mut-other", "7650583974", o.total().rupiah()));

      assertTrue(r.body().contains("\"outcome\":\"other_account\""), r.body());
      assertEquals(0, kit.balance(alice));
      assertTrue(kit.reload(o).isOpen());
      assertEquals(0, suspense());
    });
  }

  @Test
  void a_moota_credit_no_order_claims_is_held_in_suspense() {
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = pushMoota(client.getOrigin(), moota("mut-stray", WebhookTestKit.PAYEE_ACCOUNT, 123_456));

      assertTrue(r.body().contains("\"outcome\":\"unmatched\""), r.body());
      assertEquals(123_456, suspense());
      UnappliedReceipts.Receipt held = receipts.open(10).get(0);
      assertEquals(UnappliedReceipts.Reason.UNMATCHED, held.reason());
      assertEquals("mut-stray", held.providerReference().orElseThrow());
      // Nobody to credit it to: the admin refunds it.
      assertInstanceOf(UnappliedReceipts.CreditResult.NoUser.class, receipts.creditToWallet(held.id(), 900_001L));
      assertInstanceOf(UnappliedReceipts.RefundResult.Refunded.class, receipts.markRefunded(held.id(), 900_001L, "REF-1"));
      assertEquals(0, suspense());
    });
  }

  @Test
  void a_cancel_after_a_credited_capture_reverses_the_credit() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      kit.midtransStatus(o.reference(), "capture", "accept", o.total().rupiah() + ".00");
      HttpResponse<String> capture = kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "capture", "accept"));
      assertTrue(capture.body().contains("\"outcome\":\"credited\""), capture.body());
      long fees = kit.system(SystemAccount.FEE_REVENUE);

      HttpResponse<String> cancel = kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "cancel", "accept"));
      HttpResponse<String> again = kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "cancel", "accept"));

      assertTrue(cancel.body().contains("\"outcome\":\"reversed\""), cancel.body());
      assertTrue(again.body().contains("\"duplicate\":true"), again.body());
      assertEquals(0, kit.balance(alice));
      assertEquals(fees - o.fee().rupiah(), kit.system(SystemAccount.FEE_REVENUE));
      assertEquals(1, kit.outbox("topup_reversed"));
      assertTrue(new MoneyOutBlocks(kit.f.db.jdbi()).openFor(alice.id()).isEmpty());
    });
  }

  @Test
  void a_refund_after_the_money_was_sent_on_takes_back_what_is_left_blocks_money_out_and_alerts_admins() {
    TopUpOrder o = kit.order(alice, 100_000);
    User bob = kit.user("bob");
    JavalinTest.test(kit.app, (server, client) -> {
      kit.midtransStatus(o.reference(), "settlement", "accept", o.total().rupiah() + ".00");
      kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "settlement", "accept"));
      kit.f.ledger.execute(new TransferRequest.P2p("sent-on", alice.id(), bob.id(), Money.rupiah(80_000), Optional.empty()));
      int alertsBefore = kit.outbox("admin_payment_alert");

      HttpResponse<String> refund = kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "refund", "accept"));

      assertTrue(refund.body().contains("\"outcome\":\"reversed\""), refund.body());
      assertEquals(0, kit.balance(alice));
      var block = new MoneyOutBlocks(kit.f.db.jdbi()).openFor(alice.id()).orElseThrow();
      assertEquals(80_000, block.shortfall().rupiah());
      assertEquals(alertsBefore + WebhookTestKit.ADMINS.size(), kit.outbox("admin_payment_alert"));
    });
  }

  @Test
  void a_settlement_the_status_api_does_not_confirm_is_not_credited() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      kit.midtransStatus(o.reference(), "pending", "accept", o.total().rupiah() + ".00");
      HttpResponse<String> r = kit.post(client.getOrigin(), "/webhooks/midtrans", midtrans(o, "settlement", "accept"));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"status_mismatch\""), r.body());
      assertEquals(0, kit.balance(alice));
      assertTrue(kit.reload(o).isOpen());
      assertEquals(WebhookTestKit.ADMINS.size(), kit.outbox("admin_payment_alert"));
    });
  }

  @Test
  void a_settlement_while_the_status_api_is_down_answers_503_and_midtrans_retry_credits_once() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      kit.midtrans.stubFor(WireMock.get("/v2/" + o.reference() + "/status").willReturn(WireMock.serverError()));
      String body = midtrans(o, "settlement", "accept");
      HttpResponse<String> first = kit.post(client.getOrigin(), "/webhooks/midtrans", body);
      assertEquals(503, first.statusCode(), first.body());
      assertEquals(0, kit.balance(alice));

      kit.midtransStatus(o.reference(), "settlement", "accept", o.total().rupiah() + ".00");
      HttpResponse<String> retry = kit.post(client.getOrigin(), "/webhooks/midtrans", body);

      assertTrue(retry.body().contains("\"outcome\":\"credited\""), retry.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      // Both deliveries are on record: the refused one and the one that credited.
      assertEquals(java.util.List.of("status_unavailable", "credited"), kit.storedOutcomes("midtrans"));
    });
  }
}
