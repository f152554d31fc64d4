package id.bizpro.bizcash.webhook.moota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pushes shaped like Moota's v2 webhook (an array of bank mutations). */
class MootaWebhookTest {
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  static String mutation(String id, long amount, String type, String description) {
    return """
        {"account_number":"8830012345","date":"2026-11-26 14:33:01","description":"%s","note":"",
         "amount":%d,"type":"%s","balance":52000000,"updated_at":"2026-11-26 14:33:01",
         "created_at":"2026-11-26 14:33:01","mutation_id":"%s","token":"e42qjy2WGE5","bank_id":"VLagzqBj42D",
         "bank":{"bank_type":"bca","label":"BCA","atas_nama":"PT BizPro Indonesia"}}"""
        .formatted(description, amount, type, id);
  }

  private HttpResponse<String> push(String origin, String body) {
    String signature = Signatures.hmacSha256Hex(WebhookTestKit.MOOTA_SECRET, body.getBytes(StandardCharsets.UTF_8));
    return kit.post(origin, "/webhooks/moota", body, "Signature", signature);
  }

  @Test
  void a_push_with_one_matching_and_one_unknown_mutation_credits_only_the_match_and_keeps_the_other_for_admins() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = "[" + mutation("mut-1", o.total().rupiah(), "CR", "TRSF E-BANKING CR ALICE")
        + "," + mutation("mut-2", 77_777, "CR", "TRSF E-BANKING CR SOMEONE") + "]";
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = push(client.getOrigin(), body);

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
      assertTrue(r.body().contains("\"outcome\":\"unmatched\""), r.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals("moota", kit.reload(o).paidVia().orElseThrow());
      assertEquals(List.of("credited", "unmatched"), kit.storedOutcomes("moota"));
      assertEquals(WebhookTestKit.ADMINS.size(), kit.outbox("admin_payment_alert"));
    });
  }

  @Test
  void the_same_push_twice_credits_once() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = "[" + mutation("mut-9", o.total().rupiah(), "CR", "TRSF") + "]";
    JavalinTest.test(kit.app, (server, client) -> {
      push(client.getOrigin(), body);
      HttpResponse<String> again = push(client.getOrigin(), body);

      assertEquals(200, again.statusCode());
      assertTrue(again.body().contains("\"duplicate\":true"), again.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
    });
  }

  @Test
  void a_debit_mutation_is_stored_and_never_credited_even_when_its_amount_matches_an_order() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = push(client.getOrigin(), "[" + mutation("mut-db", o.total().rupiah(), "DB", "PAYOUT") + "]");

      assertEquals(200, r.statusCode(), r.body());
      assertEquals(0, kit.balance(alice));
      assertEquals(List.of("debit_ignored"), kit.storedOutcomes("moota"));
    });
  }

  @Test
  void a_push_with_a_wrong_signature_answers_401_and_changes_nothing() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = "[" + mutation("mut-x", o.total().rupiah(), "CR", "TRSF") + "]";
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = kit.post(client.getOrigin(), "/webhooks/moota", body, "Signature", "abc123");

      assertEquals(401, r.statusCode());
      assertEquals(0, kit.balance(alice));
      assertEquals(List.of("rejected"), kit.storedOutcomes("moota"));
    });
  }

  @Test
  void a_push_that_is_not_an_array_or_lacks_a_field_answers_400() {
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> object = push(client.getOrigin(), "{\"amount\":1}");
      HttpResponse<String> missing = push(client.getOrigin(), "[{\"amount\":106123,\"type\":\"CR\"}]");

      assertEquals(400, object.statusCode());
      assertEquals(400, missing.statusCode());
      assertTrue(missing.body().contains("mutation_id"), missing.body());
    });
  }
}
