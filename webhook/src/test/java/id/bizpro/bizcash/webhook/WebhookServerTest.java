package id.bizpro.bizcash.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookServerTest {
  private final WebhookTestKit kit = new WebhookTestKit();

  @AfterEach
  void tearDown() {
    kit.close();
  }

  @Test
  void routes_whose_secret_is_not_configured_answer_404_with_a_json_error() {
    WebhookSettings none = new WebhookSettings(0, Optional.empty(), Optional.empty(), URI.create("http://localhost:1"),
        Optional.empty(), Optional.empty());
    Javalin app = WebhookApp.create(kit.f.db, none, WebhookApp.Services.of(kit.f.db, MoneyRules.defaults(), Set.of(), Clock.systemUTC()));
    JavalinTest.test(app, (server, client) -> {
      for (String path : List.of("/webhooks/payments", "/webhooks/midtrans", "/webhooks/moota", "/webhooks/payouts", "/telegram")) {
        HttpResponse<String> r = kit.post(client.getOrigin(), path, "{}");
        assertEquals(404, r.statusCode(), path);
        assertTrue(r.body().contains("\"error\":\"not_configured\""), r.body());
      }
      assertEquals(200, kit.get(client.getOrigin(), "/health").statusCode());
    });
  }

  @Test
  void a_telegram_update_with_the_right_secret_reaches_the_pipeline_and_a_wrong_one_answers_401() {
    JavalinTest.test(kit.app, (server, client) -> {
      String update = "{\"update_id\":1001,\"message\":{\"message_id\":1,\"text\":\"/start\"}}";
      HttpResponse<String> ok = kit.post(client.getOrigin(), "/telegram", update,
          "X-Telegram-Bot-Api-Secret-Token", WebhookTestKit.TELEGRAM_SECRET);
      HttpResponse<String> wrong = kit.post(client.getOrigin(), "/telegram", update,
          "X-Telegram-Bot-Api-Secret-Token", "not-the-secret-0000");
      HttpResponse<String> missing = kit.post(client.getOrigin(), "/telegram", update);

      assertEquals(200, ok.statusCode());
      assertEquals(401, wrong.statusCode());
      assertEquals(401, missing.statusCode());
      assertEquals(List.of(update), kit.telegramUpdates);
    });
  }

  @Test
  void metrics_show_callbacks_by_outcome_credited_rupiah_latency_and_database_gauges() {
    User alice = kit.user("alice");
    TopUpOrder paid = kit.order(alice, 100_000);
    kit.order(alice, 50_000);
    JavalinTest.test(kit.app, (server, client) -> {
      String body = "{\"event_id\":\"m-1\",\"order_id\":\"" + paid.reference() + "\",\"amount\":" + paid.total().rupiah()
          + ",\"status\":\"paid\"}";
      kit.post(client.getOrigin(), "/webhooks/payments", body, "X-BizCash-Signature", WebhookTestKit.sign(body));
      kit.post(client.getOrigin(), "/webhooks/payments", body, "X-BizCash-Signature", "sha256=00");

      HttpResponse<String> r = kit.get(client.getOrigin(), "/metrics");
      String text = r.body();

      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
      assertTrue(text.contains("bizcash_webhook_callbacks_total{outcome=\"credited\",provider=\"payments\"} 1.0"), text);
      assertTrue(text.contains("bizcash_webhook_callbacks_total{outcome=\"rejected\",provider=\"payments\"} 1.0"), text);
      assertTrue(text.contains("bizcash_topup_credited_rupiah_total{provider=\"payments\"} " + (double) paid.credited().rupiah()), text);
      assertTrue(text.contains("bizcash_http_request_duration_seconds_count{route=\"/webhooks/payments\",status=\"200\"} 1"), text);
      assertTrue(text.contains("bizcash_topup_orders_open 1.0"), text);
      assertTrue(text.contains("bizcash_outbox_pending 1.0"), text);
      assertTrue(text.contains("bizcash_database_up 1.0"), text);
    });
  }

  @Test
  void with_a_metrics_token_metrics_answer_401_without_it_and_200_with_it() {
    try (WebhookTestKit guarded = new WebhookTestKit(WebhookTestKit.settings().withMetricsToken("metrics-token-0123456789"))) {
      JavalinTest.test(guarded.app, (server, client) -> {
        HttpResponse<String> none = guarded.get(client.getOrigin(), "/metrics");
        HttpResponse<String> wrong = guarded.get(client.getOrigin(), "/metrics", "Authorization", "Bearer metrics-token-0123456780");
        HttpResponse<String> right = guarded.get(client.getOrigin(), "/metrics", "Authorization", "Bearer metrics-token-0123456789");

        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.body().contains("\"error\":\"bad_token\""), none.body());
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals(200, right.statusCode(), right.body());
        assertTrue(right.body().contains("bizcash_http_refused_total{reason=\"bad_token\",route=\"/metrics\"} 2.0"), right.body());
      });
    }
  }

  @Test
  void an_unreadable_telegram_update_with_the_right_secret_is_answered_200_counted_and_the_next_one_is_handled() {
    JavalinTest.test(kit.app, (server, client) -> {
      String secret = WebhookTestKit.TELEGRAM_SECRET;
      HttpResponse<String> unreadable = kit.post(client.getOrigin(), "/telegram", "{\"update_id\":\"not-a-number\"}",
          "X-Telegram-Bot-Api-Secret-Token", secret);
      HttpResponse<String> notJson = kit.post(client.getOrigin(), "/telegram", "[1,2,3]",
          "X-Telegram-Bot-Api-Secret-Token", secret);
      String good = "{\"update_id\":1002,\"message\":{\"message_id\":2,\"text\":\"/start\"}}";
      HttpResponse<String> next = kit.post(client.getOrigin(), "/telegram", good, "X-Telegram-Bot-Api-Secret-Token", secret);

      assertEquals(200, unreadable.statusCode(), unreadable.body());
      assertEquals(200, notJson.statusCode(), notJson.body());
      assertEquals(200, next.statusCode(), next.body());
      assertEquals(List.of(good), kit.telegramUpdates);
      String text = kit.get(client.getOrigin(), "/metrics").body();
      assertTrue(text.contains("bizcash_telegram_updates_unreadable_total 2.0"), text);
    });
  }
}
