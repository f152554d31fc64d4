package id.bizpro.bizcash.webhook;

import static id.bizpro.bizcash.webhook.WebhookTestKit.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.midtrans.MidtransRoute;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider (or someone holding its secret) sends an event id it already sent, with a different
 * body. The first outcome stands — no money moves — the sender is told 409, and the admins get the
 * second body to look at. The same JSON again, however it is spaced or ordered, is a plain
 * duplicate.
 */
class EventConflictTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  private HttpResponse<String> signed(String origin, String path, String body) {
    return kit.post(origin, path, body, "X-BizCash-Signature", sign(body));
  }

  private static String paid(String eventId, TopUpOrder o, long amount) {
    return """
        {"event_id":"%s","order_id":"%s","amount":%d,"status":"paid","reference":"BCA-77812"}"""
        .formatted(eventId, o.reference(), amount);
  }

  /** The stored rows of a provider with outcome 'conflict': raw body and whether they wait for review. */
  private List<Map<String, Object>> conflicts(String provider) {
    return kit.f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT raw_body, needs_review, http_status FROM webhook_callbacks "
                + "WHERE provider = :p AND outcome = 'conflict' ORDER BY id")
        .bind("p", provider).mapToMap().list());
  }

  private List<JsonNode> alerts() {
    return kit.f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT params::text FROM outbox WHERE kind = 'admin_payment_alert' ORDER BY id")
        .mapTo(String.class).list()).stream().map(EventConflictTest::tree).toList();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }

  @Test
  void a_payment_event_resent_with_another_amount_answers_409_credits_nothing_more_and_alerts_every_admin_once_while_the_same_json_respaced_is_a_duplicate() {
    TopUpOrder o = kit.order(alice, 100_000);
    long total = o.total().rupiah();
    String first = paid("evt-c1", o, total);
    // The same JSON as a retrying sender might re-serialise it: a duplicate, not a conflict.
    String reordered = """
        {
          "status" : "paid",
          "reference" : "BCA-77812",
          "amount" : %d,
          "order_id" : "%s",
          "event_id" : "evt-c1"
        }
        """.formatted(total, o.reference());
    String second = paid("evt-c1", o, total + 900_000);
    JavalinTest.test(kit.app, (server, client) -> {
      assertEquals(200, signed(client.getOrigin(), "/webhooks/payments", first).statusCode());
      HttpResponse<String> same = signed(client.getOrigin(), "/webhooks/payments", reordered);
      assertEquals(200, same.statusCode(), same.body());
      assertTrue(same.body().contains("\"duplicate\":true"), same.body());
      assertEquals(0, alerts().size());

      HttpResponse<String> r = signed(client.getOrigin(), "/webhooks/payments", second);

      assertEquals(409, r.statusCode(), r.body());
      JsonNode error = tree(r.body());
      assertEquals("conflict", error.path("error").asText(), r.body());
      assertTrue(error.path("message").asText().contains("different body"), r.body());
      // The first outcome stands: one credit of the first amount.
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(-total, kit.system(SystemAccount.TOPUP_CLEARING));
      assertEquals(1, kit.outbox("topup_credited"));
      // The second body is kept whole, waiting for an admin, and every admin is told.
      List<Map<String, Object>> stored = conflicts("payments");
      assertEquals(1, stored.size());
      assertEquals(second, stored.get(0).get("raw_body"));
      assertEquals(true, stored.get(0).get("needs_review"));
      List<JsonNode> alerts = alerts();
      assertEquals(WebhookTestKit.ADMINS.size(), alerts.size());
      for (JsonNode a : alerts) {
        assertEquals("event_conflict", a.path("problem").asText(), a.toString());
        assertEquals("evt-c1", a.path("event_id").asText(), a.toString());
        assertEquals(o.reference(), a.path("reference").asText(), a.toString());
      }

      // The sender retries its 409: same answer, no second row, no second alert, still no money.
      HttpResponse<String> retry = signed(client.getOrigin(), "/webhooks/payments", second);
      assertEquals(409, retry.statusCode(), retry.body());
      assertEquals(1, conflicts("payments").size());
      assertEquals(WebhookTestKit.ADMINS.size(), alerts().size());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(List.of("credited", "conflict"), kit.storedOutcomes("payments"));
    });
  }

  @Test
  void a_payout_reported_paid_then_failed_under_the_same_event_id_stays_paid_and_answers_409() {
    Withdrawal w = kit.withdrawal(alice, 200_000, 100_000);
    String paid = "{\"event_id\":\"po-c1\",\"withdrawal_id\":\"%s\",\"status\":\"paid\",\"reference\":\"BCA-TRF-1\"}"
        .formatted(w.reference());
    String failed = "{\"event_id\":\"po-c1\",\"withdrawal_id\":\"%s\",\"status\":\"failed\",\"reason\":\"closed\"}"
        .formatted(w.reference());
    JavalinTest.test(kit.app, (server, client) -> {
      assertEquals(200, signed(client.getOrigin(), "/webhooks/payouts", paid).statusCode());

      HttpResponse<String> r = signed(client.getOrigin(), "/webhooks/payouts", failed);

      assertEquals(409, r.statusCode(), r.body());
      assertEquals("conflict", tree(r.body()).path("error").asText());
      assertEquals(Withdrawal.Status.PAID, kit.withdrawals.byReference(w.reference()).orElseThrow().status());
      assertEquals(200_000 - 108_000, kit.balance(alice), "the failed report gave nothing back");
      assertEquals(100_000, kit.system(SystemAccount.PAYOUTS_SETTLED));
      assertEquals(0, kit.outbox("withdrawal_failed"));
      assertEquals(1, conflicts("payouts").size());
      assertEquals(WebhookTestKit.ADMINS.size(), alerts().size());
    });
  }

  @Test
  void a_midtrans_settlement_resent_with_another_gross_amount_answers_409_and_credits_once() {
    TopUpOrder o = kit.order(alice, 100_000);
    String gross = o.total().rupiah() + ".00";
    String first = midtrans(o, gross, "bank_transfer");
    String second = midtrans(o, gross, "credit_card"); // same order, transaction and status
    JavalinTest.test(kit.app, (server, client) -> {
      kit.midtransStatus(o.reference(), "settlement", "accept", gross);
      assertEquals(200, kit.post(client.getOrigin(), "/webhooks/midtrans", first).statusCode());

      HttpResponse<String> r = kit.post(client.getOrigin(), "/webhooks/midtrans", second);

      assertEquals(409, r.statusCode(), r.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(1, conflicts("midtrans").size());
      assertEquals(WebhookTestKit.ADMINS.size(), alerts().size());
    });
  }

  private static String midtrans(TopUpOrder o, String gross, String paymentType) {
    return """
        {"transaction_status":"settlement","transaction_id":"tx-1","status_code":"200","signature_key":"%s",
         "payment_type":"%s","order_id":"%s","gross_amount":"%s","fraud_status":"accept","currency":"IDR"}"""
        .formatted(MidtransRoute.signature(o.reference(), "200", gross, WebhookTestKit.MIDTRANS_KEY), paymentType,
            o.reference(), gross);
  }

  @Test
  void a_moota_mutation_resent_with_another_amount_is_a_conflict_in_its_answer_while_the_rest_of_the_push_is_handled() {
    TopUpOrder first = kit.order(alice, 100_000);
    TopUpOrder second = kit.order(alice, 50_000);
    String pushOne = "[" + mutation("mut-c1", first.total().rupiah()) + "]";
    String pushTwo = "[" + mutation("mut-c1", second.total().rupiah()) + "," + mutation("mut-c2", second.total().rupiah()) + "]";
    JavalinTest.test(kit.app, (server, client) -> {
      assertEquals(200, moota(client.getOrigin(), pushOne).statusCode());

      HttpResponse<String> r = moota(client.getOrigin(), pushTwo);

      assertEquals(200, r.statusCode(), r.body());
      JsonNode results = tree(r.body()).path("mutations");
      assertEquals("conflict", results.get(0).path("outcome").asText(), r.body());
      assertEquals("credited", results.get(1).path("outcome").asText(), r.body());
      // mut-c1 paid the first order once; only mut-c2 paid the second.
      assertEquals(first.credited().rupiah() + second.credited().rupiah(), kit.balance(alice));
      assertEquals(2, kit.outbox("topup_credited"));
      assertEquals(1, conflicts("moota").size());
      assertEquals(WebhookTestKit.ADMINS.size(), alerts().size());
    });
  }

  private static String mutation(String id, long amount) {
    return ("{\"mutation_id\":\"%s\",\"amount\":%d,\"type\":\"CR\",\"description\":\"TRSF E-BANKING CR\",\"note\":\"\","
        + "\"account_number\":\"" + WebhookTestKit.PAYEE_ACCOUNT + "\"}")
        .formatted(id, amount);
  }

  private HttpResponse<String> moota(String origin, String body) {
    String signature = Signatures.hmacSha256Hex(WebhookTestKit.MOOTA_SECRET, body.getBytes(StandardCharsets.UTF_8));
    return kit.post(origin, "/webhooks/moota", body, "Signature", signature);
  }
}
