package id.bizpro.bizcash.webhook.midtrans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifications shaped like the samples in Midtrans' HTTP notification documentation
 * (docs.midtrans.com, "HTTP(S) Notification / Webhooks": bank transfer settlement, pending, expire,
 * and a credit-card deny), with our order reference, amount and a signature under the test key.
 */
class MidtransWebhookTest {
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  static String notification(TopUpOrder o, String status, String statusCode, String fraud, String gross, String key) {
    String signature = MidtransRoute.signature(o.reference(), statusCode, gross, key);
    return """
        {
          "transaction_time": "2026-11-26 14:45:13",
          "transaction_status": "%s",
          "transaction_id": "513f1f01-c9da-474c-9fc9-d5c64364b709",
          "status_message": "midtrans payment notification",
          "status_code": "%s",
          "signature_key": "%s",
          "settlement_time": "2026-11-26 14:50:13",
          "payment_type": "bank_transfer",
          "order_id": "%s",
          "merchant_id": "G141532850",
          "gross_amount": "%s",
          "fraud_status": "%s",
          "currency": "IDR",
          "va_numbers": [{"va_number": "41532850212", "bank": "bca"}]
        }""".formatted(status, statusCode, signature, o.reference(), gross, fraud);
  }

  static String gross(TopUpOrder o) {
    return o.total().rupiah() + ".00";
  }

  /**
   * Sends the notification with Midtrans' Get Status agreeing with it (as the real Midtrans does
   * for a genuine notification): the stand-in answers this order's status, fraud status and amount.
   */
  private HttpResponse<String> send(String origin, String body) {
    try {
      var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      if (n.hasNonNull("order_id") && n.hasNonNull("transaction_status") && n.hasNonNull("gross_amount")) {
        kit.midtransStatus(n.get("order_id").asText(), n.get("transaction_status").asText(),
            n.path("fraud_status").asText(""), n.get("gross_amount").asText());
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      // Sent as is: the route must refuse it.
    }
    return kit.post(origin, "/webhooks/midtrans", body);
  }

  @Test
  void a_settlement_notification_credits_the_order() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(),
          notification(o, "settlement", "200", "accept", gross(o), WebhookTestKit.MIDTRANS_KEY));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals("midtrans", kit.reload(o).paidVia().orElseThrow());
    });
  }

  @Test
  void a_capture_with_fraud_status_accept_credits_the_order_and_a_retry_changes_nothing() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = notification(o, "capture", "200", "accept", gross(o), WebhookTestKit.MIDTRANS_KEY);
    JavalinTest.test(kit.app, (server, client) -> {
      send(client.getOrigin(), body);
      HttpResponse<String> again = send(client.getOrigin(), body);

      assertEquals(200, again.statusCode());
      assertTrue(again.body().contains("\"duplicate\":true"), again.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
    });
  }

  @Test
  void a_pending_notification_is_acknowledged_and_changes_nothing() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(),
          notification(o, "pending", "201", "accept", gross(o), WebhookTestKit.MIDTRANS_KEY));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"acknowledged\""), r.body());
      assertEquals(0, kit.balance(alice));
      assertEquals(TopUpOrder.Status.OPEN, kit.reload(o).status());
    });
  }

  @Test
  void an_expire_notification_closes_the_open_order_and_tells_the_user() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(),
          notification(o, "expire", "407", "", gross(o), WebhookTestKit.MIDTRANS_KEY));

      assertEquals(200, r.statusCode(), r.body());
      assertEquals(TopUpOrder.Status.EXPIRED, kit.reload(o).status());
      assertEquals(1, kit.outbox("topup_expired"));
      assertEquals(0, kit.balance(alice));
    });
  }

  @Test
  void a_deny_notification_cancels_the_open_order_but_never_unpays_an_order_another_payment_paid() {
    TopUpOrder open = kit.order(alice, 100_000);
    TopUpOrder paid = kit.order(alice, 50_000);
    JavalinTest.test(kit.app, (server, client) -> {
      // Paid by bank transfer; the Midtrans transaction that is denied never credited anything.
      String bank = """
          {"event_id":"evt-bank","order_id":"%s","amount":%d,"status":"paid","reference":"BCA-1"}"""
          .formatted(paid.reference(), paid.total().rupiah());
      kit.post(client.getOrigin(), "/webhooks/payments", bank, "X-BizCash-Signature", WebhookTestKit.sign(bank));
      HttpResponse<String> denyOpen = send(client.getOrigin(),
          notification(open, "deny", "202", "deny", gross(open), WebhookTestKit.MIDTRANS_KEY));
      HttpResponse<String> denyPaid = send(client.getOrigin(),
          notification(paid, "deny", "202", "deny", gross(paid), WebhookTestKit.MIDTRANS_KEY));

      assertEquals(200, denyOpen.statusCode(), denyOpen.body());
      assertEquals(TopUpOrder.Status.CANCELLED, kit.reload(open).status());
      assertTrue(denyPaid.body().contains("already_paid"), denyPaid.body());
      assertEquals(TopUpOrder.Status.PAID, kit.reload(paid).status());
      assertEquals(paid.credited().rupiah(), kit.balance(alice));
    });
  }

  @Test
  void a_notification_signed_with_another_key_answers_401_and_changes_nothing() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(),
          notification(o, "settlement", "200", "accept", gross(o), "SB-Mid-server-SOMEONE-ELSE"));

      assertEquals(401, r.statusCode());
      assertEquals(0, kit.balance(alice));
      assertEquals(List.of("rejected"), kit.storedOutcomes("midtrans"));
    });
  }

  @Test
  void a_settlement_of_another_amount_credits_nothing_and_is_a_mismatch() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(),
          notification(o, "settlement", "200", "accept", "10000.00", WebhookTestKit.MIDTRANS_KEY));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("mismatch"), r.body());
      assertEquals(0, kit.balance(alice));
    });
  }

  @Test
  void malformed_json_and_missing_fields_answer_400_and_an_unknown_order_404() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      assertEquals(400, send(client.getOrigin(), "not json").statusCode());
      assertEquals(400, send(client.getOrigin(), "{\"order_id\":\"" + o.reference() + "\"}").statusCode());
      TopUpOrder ghost = new TopUpOrder(0, "TOP-ZZZZZZ", 0, o.amount(), o.fee(), o.uniqueCode(), o.total(),
          TopUpOrder.Status.OPEN, o.expiresAt(), o.createdAt(), o.closedAt(), false, o.paidVia(), o.paymentUrl());
      HttpResponse<String> unknown = send(client.getOrigin(),
          notification(ghost, "settlement", "200", "accept", gross(ghost), WebhookTestKit.MIDTRANS_KEY));
      assertEquals(404, unknown.statusCode(), unknown.body());
    });
  }
}
