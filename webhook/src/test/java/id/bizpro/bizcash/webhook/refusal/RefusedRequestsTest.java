package id.bizpro.bizcash.webhook.refusal;

import static id.bizpro.bizcash.webhook.WebhookTestKit.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.payment.CanonicalJson;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stranger floods the webhook routes with forged or broken requests. What it may cost: a bounded
 * record per refusal, a count in /metrics, and after 30 a minute from one address nothing but a
 * 429 — while the real provider, whose requests are signed, goes on being served.
 */
class RefusedRequestsTest {
  private static final int KIB_60 = 60 * 1024;
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  /** A 60 KiB JSON payment notification (under the 64 KiB limit) for an order that does not exist. */
  private static String forged(int i) {
    String head = "{\"event_id\":\"forged-" + i + "\",\"order_id\":\"TOP-NOPE\",\"amount\":106123,\"status\":\"paid\",\"pad\":\"";
    return head + "x".repeat(KIB_60 - head.length() - 2) + "\"}";
  }

  private long storedBytes() {
    return kit.f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT coalesce(sum(octet_length(raw_body) + octet_length(headers::text) + coalesce(octet_length(error), 0)"
                + " + coalesce(octet_length(event_key), 0)), 0) FROM webhook_callbacks")
        .mapTo(Long.class).one());
  }

  private String metrics(String origin) {
    return kit.get(origin, "/metrics").body();
  }

  @Test
  void a_thousand_forged_60_KiB_callbacks_store_under_1_MiB_get_429_past_the_budget_and_a_signed_one_still_passes() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      int unauthorized = 0;
      int throttled = 0;
      for (int i = 0; i < 1_000; i++) {
        String body = forged(i);
        assertEquals(KIB_60, body.getBytes(StandardCharsets.UTF_8).length);
        HttpResponse<String> r = kit.post(client.getOrigin(), "/webhooks/payments", body, "X-BizCash-Signature", "sha256=00");
        if (r.statusCode() == 401) {
          unauthorized++;
        } else {
          assertEquals(429, r.statusCode(), r.body());
          assertTrue(r.body().contains("\"error\":\"too_many_refusals\""), r.body());
          assertTrue(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) >= 1, r.headers().toString());
          throttled++;
        }
      }
      // 30 at once, then one more every 2 s while the flood lasts.
      assertTrue(unauthorized >= 30 && unauthorized <= 100, "refused as usual: " + unauthorized);
      assertTrue(throttled >= 900, "throttled: " + throttled);
      long stored = storedBytes();
      assertTrue(stored < 1024 * 1024, "stored " + stored + " bytes for 1000 forged requests");

      // The provider itself, from the same address, is served: signed requests are never throttled.
      String signedBroken = "{\"event_id\":\"real-0\",\"order_id\":\"" + o.reference() + "\",\"status\":\"paid\"}";
      HttpResponse<String> broken = kit.post(client.getOrigin(), "/webhooks/payments", signedBroken,
          "X-BizCash-Signature", sign(signedBroken));
      assertEquals(400, broken.statusCode(), broken.body());
      String real = "{\"event_id\":\"real-1\",\"order_id\":\"" + o.reference() + "\",\"amount\":" + o.total().rupiah()
          + ",\"status\":\"paid\"}";
      HttpResponse<String> ok = kit.post(client.getOrigin(), "/webhooks/payments", real, "X-BizCash-Signature", sign(real));
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));

      String text = metrics(client.getOrigin());
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"bad_signature\",route=\"/webhooks/payments\"} "
          + (double) unauthorized), text);
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"rate_limited\",route=\"/webhooks/payments\"} "
          + (double) throttled), text);
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"missing_field\",route=\"/webhooks/payments\"} 1.0"), text);
    });
  }

  @Test
  void an_unauthenticated_refusal_is_kept_as_its_first_256_bytes_with_size_and_sha256_and_an_authenticated_one_whole() {
    JavalinTest.test(kit.app, (server, client) -> {
      String body = forged(1);
      kit.post(client.getOrigin(), "/webhooks/payments", body, "X-BizCash-Signature", "sha256=00");
      String signed = "{\"event_id\":\"s-1\",\"order_id\":\"TOP-X\",\"amount\":-5,\"status\":\"paid\",\"pad\":\""
          + "y".repeat(2_000) + "\"}";
      kit.post(client.getOrigin(), "/webhooks/payments", signed, "X-BizCash-Signature", sign(signed));

      Map<String, Object> forgedRow = row("rejected");
      assertEquals(body.substring(0, 256), forgedRow.get("raw_body"));
      assertEquals(KIB_60, forgedRow.get("body_bytes"));
      assertEquals(CanonicalJson.sha256Hex(body.getBytes(StandardCharsets.UTF_8)), forgedRow.get("body_sha256"));
      assertEquals(signed, row("malformed").get("raw_body"));
    });
  }

  private Map<String, Object> row(String outcome) {
    return kit.f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT raw_body, body_bytes, body_sha256 FROM webhook_callbacks WHERE outcome = :o")
        .bind("o", outcome).mapToMap().one());
  }

  @Test
  void a_forged_x_forwarded_for_does_not_buy_a_fresh_budget() {
    JavalinTest.test(kit.app, (server, client) -> {
      int throttled = 0;
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> r = kit.post(client.getOrigin(), "/webhooks/moota", "[]", "Signature", "00",
            "X-Forwarded-For", "203.0.113." + i);
        throttled += r.statusCode() == 429 ? 1 : 0;
      }
      assertTrue(throttled >= 9, "throttled " + throttled + " of 40");
    });
  }

  @Test
  void refusals_are_counted_in_metrics_by_route_and_reason() {
    JavalinTest.test(kit.app, (server, client) -> {
      String origin = client.getOrigin();
      assertEquals(401, kit.post(origin, "/webhooks/moota", "[]", "Signature", "00").statusCode());
      assertEquals(400, kit.post(origin, "/webhooks/midtrans", "{not json").statusCode());
      assertEquals(413, kit.post(origin, "/webhooks/payouts", "{\"a\":\"" + "z".repeat(70_000) + "\"}").statusCode());
      assertEquals(401, kit.post(origin, "/telegram", "{\"update_id\":1}", "X-Telegram-Bot-Api-Secret-Token", "wrong-secret-0000").statusCode());

      String text = metrics(origin);
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"bad_signature\",route=\"/webhooks/moota\"} 1.0"), text);
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"malformed_json\",route=\"/webhooks/midtrans\"} 1.0"), text);
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"body_too_large\",route=\"/webhooks/payouts\"} 1.0"), text);
      assertTrue(text.contains("bizcash_http_refused_total{reason=\"bad_secret_token\",route=\"/telegram\"} 1.0"), text);
    });
  }
}
