package id.bizpro.bizcash.webhook.payouts;

import static id.bizpro.bizcash.webhook.WebhookTestKit.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PayoutsWebhookTest {
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  private HttpResponse<String> send(String origin, String body) {
    return kit.post(origin, "/webhooks/payouts", body, "X-BizCash-Signature", sign(body));
  }

  private static String paid(String event, Withdrawal w) {
    return "{\"event_id\":\"%s\",\"withdrawal_id\":\"%s\",\"status\":\"paid\",\"reference\":\"BCA-TRF-123\"}"
        .formatted(event, w.reference());
  }

  private static String failed(String event, Withdrawal w) {
    return "{\"event_id\":\"%s\",\"withdrawal_id\":\"%s\",\"status\":\"failed\",\"reason\":\"account closed\"}"
        .formatted(event, w.reference());
  }

  @Test
  void a_paid_payout_moves_the_hold_to_settled_and_keeps_the_fee() {
    Withdrawal w = kit.withdrawal(alice, 200_000, 100_000);
    assertEquals(100_000 + 8_000, kit.system(SystemAccount.PAYOUTS_IN_FLIGHT));
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), paid("po-1", w));
      HttpResponse<String> again = send(client.getOrigin(), paid("po-1", w));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"paid\""), r.body());
      assertEquals(200, again.statusCode());
      assertEquals(200_000 - 108_000, kit.balance(alice));
      assertEquals(0, kit.system(SystemAccount.PAYOUTS_IN_FLIGHT));
      assertEquals(100_000, kit.system(SystemAccount.PAYOUTS_SETTLED));
      assertEquals(8_000, kit.system(SystemAccount.FEE_REVENUE));
      assertEquals(Withdrawal.Status.PAID, kit.withdrawals.byReference(w.reference()).orElseThrow().status());
      assertEquals(1, kit.outbox("withdrawal_paid"));
    });
  }

  @Test
  void a_failed_payout_returns_the_amount_and_the_fee_to_the_wallet() {
    Withdrawal w = kit.withdrawal(alice, 200_000, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), failed("po-2", w));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"failed\""), r.body());
      assertEquals(200_000, kit.balance(alice));
      assertEquals(0, kit.system(SystemAccount.PAYOUTS_IN_FLIGHT));
      assertEquals(0, kit.system(SystemAccount.PAYOUTS_SETTLED));
      assertEquals(0, kit.system(SystemAccount.FEE_REVENUE));
      assertEquals(1, kit.outbox("withdrawal_failed"));
    });
  }

  @Test
  void a_failure_reported_after_payment_changes_nothing_and_alerts_the_admins() {
    Withdrawal w = kit.withdrawal(alice, 200_000, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      send(client.getOrigin(), paid("po-3", w));
      HttpResponse<String> r = send(client.getOrigin(), failed("po-4", w));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("contradicts_earlier"), r.body());
      assertEquals(92_000, kit.balance(alice));
      assertEquals(100_000, kit.system(SystemAccount.PAYOUTS_SETTLED));
      assertEquals(WebhookTestKit.ADMINS.size(), kit.outbox("admin_payment_alert"));
    });
  }

  @Test
  void a_bad_signature_answers_401_an_unknown_withdrawal_404_and_a_missing_reason_400() {
    Withdrawal w = kit.withdrawal(alice, 200_000, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> bad = kit.post(client.getOrigin(), "/webhooks/payouts", paid("po-5", w),
          "X-BizCash-Signature", sign("something else"));
      HttpResponse<String> unknown = send(client.getOrigin(),
          "{\"event_id\":\"po-6\",\"withdrawal_id\":\"WD-ZZZZZZ\",\"status\":\"paid\",\"reference\":\"X\"}");
      HttpResponse<String> noReason = send(client.getOrigin(),
          "{\"event_id\":\"po-7\",\"withdrawal_id\":\"" + w.reference() + "\",\"status\":\"failed\"}");

      assertEquals(401, bad.statusCode());
      assertEquals(404, unknown.statusCode(), unknown.body());
      assertEquals(400, noReason.statusCode(), noReason.body());
      assertEquals(108_000, kit.system(SystemAccount.PAYOUTS_IN_FLIGHT));
    });
  }
}
