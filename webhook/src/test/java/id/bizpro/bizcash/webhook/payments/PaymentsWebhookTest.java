package id.bizpro.bizcash.webhook.payments;

import static id.bizpro.bizcash.webhook.WebhookTestKit.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.webhook.WebhookApp;
import java.time.Clock;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaymentsWebhookTest {
  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  private static String paid(String eventId, TopUpOrder o, String amount) {
    return """
        {"event_id":"%s","order_id":"%s","amount":%s,"status":"paid","reference":"BCA-77812","paid_at":"2026-11-26T07:30:00Z"}"""
        .formatted(eventId, o.reference(), amount);
  }

  private HttpResponse<String> send(String origin, String body) {
    return kit.post(origin, "/webhooks/payments", body, "X-BizCash-Signature", sign(body));
  }

  @Test
  void a_signed_payment_credits_the_amount_and_unique_code_and_books_the_fee() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), paid("evt-1", o, Long.toString(o.total().rupiah())));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(6_000, kit.system(SystemAccount.FEE_REVENUE));
      assertEquals(-o.total().rupiah(), kit.system(SystemAccount.TOPUP_CLEARING));
      assertEquals(TopUpOrder.Status.PAID, kit.reload(o).status());
      assertEquals(1, kit.outbox("topup_credited"));
      assertEquals(List.of("credited"), kit.storedOutcomes("payments"));
    });
  }

  @Test
  void an_amount_written_as_a_string_of_digits_is_accepted() {
    TopUpOrder o = kit.order(alice, 50_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), paid("evt-str", o, "\"" + o.total().rupiah() + "\""));

      assertEquals(200, r.statusCode(), r.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
    });
  }

  @Test
  void the_same_notification_ten_times_in_a_row_credits_once_and_answers_200_every_time() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = paid("evt-10", o, Long.toString(o.total().rupiah()));
    JavalinTest.test(kit.app, (server, client) -> {
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> r = send(client.getOrigin(), body);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
        assertEquals(i > 0, r.body().contains("\"duplicate\":true"), r.body());
      }
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(1, kit.storedOutcomes("payments").size());
      assertEquals(1, kit.outbox("topup_credited"));
    });
  }

  @Test
  void the_same_notification_from_eight_threads_at_once_credits_once_and_tells_the_user_once() throws Exception {
    TopUpOrder o = kit.order(alice, 250_000);
    String body = paid("evt-8", o, Long.toString(o.total().rupiah()));
    JavalinTest.test(kit.app, (server, client) -> {
      List<Callable<HttpResponse<String>>> deliveries = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        deliveries.add(() -> send(client.getOrigin(), body));
      }
      List<HttpResponse<String>> answers = Concurrently.run(8, deliveries);
      for (HttpResponse<String> r : answers) {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"outcome\":\"credited\""), r.body());
      }
      assertEquals(1, answers.stream().filter(r -> r.body().contains("\"duplicate\":false")).count(), "one first delivery");
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertEquals(-o.total().rupiah(), kit.system(SystemAccount.TOPUP_CLEARING));
      assertEquals(1, kit.storedOutcomes("payments").size());
      // Every answer is in, so every delivery's transaction has ended: nothing more can be queued.
      assertEquals(1, kit.outbox("topup_credited"), "one notification queued for the user");
      assertEquals(1, (int) kit.f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox").mapTo(Integer.class).one()),
          "and nothing else");
    });
  }

  @Test
  void two_events_for_one_order_credit_it_once() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      send(client.getOrigin(), paid("evt-a", o, Long.toString(o.total().rupiah())));
      HttpResponse<String> second = send(client.getOrigin(), paid("evt-b", o, Long.toString(o.total().rupiah())));

      assertEquals(200, second.statusCode());
      assertTrue(second.body().contains("already_paid"), second.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
    });
  }

  @Test
  void a_bad_signature_answers_401_is_stored_as_rejected_and_changes_nothing() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = paid("evt-bad", o, Long.toString(o.total().rupiah()));
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> wrong = kit.post(client.getOrigin(), "/webhooks/payments", body,
          "X-BizCash-Signature", "sha256=" + "0".repeat(64));
      HttpResponse<String> none = kit.post(client.getOrigin(), "/webhooks/payments", body);

      assertEquals(401, wrong.statusCode());
      assertTrue(wrong.body().contains("\"error\":\"bad_signature\""), wrong.body());
      assertEquals(401, none.statusCode());
      assertEquals(0, kit.balance(alice));
      assertEquals(TopUpOrder.Status.OPEN, kit.reload(o).status());
      assertEquals(List.of("rejected", "rejected"), kit.storedOutcomes("payments"));
    });
  }

  @Test
  void a_rejected_delivery_does_not_block_a_later_valid_delivery_of_the_same_event() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = paid("evt-retry", o, Long.toString(o.total().rupiah()));
    JavalinTest.test(kit.app, (server, client) -> {
      kit.post(client.getOrigin(), "/webhooks/payments", body, "X-BizCash-Signature", "sha256=deadbeef");
      HttpResponse<String> good = send(client.getOrigin(), body);

      assertEquals(200, good.statusCode(), good.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
    });
  }

  @Test
  void malformed_json_answers_400_with_a_json_error() {
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), "{\"event_id\": \"evt\", ");

      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("\"error\":\"malformed_json\""), r.body());
      assertTrue(r.body().contains("\"message\""), r.body());
      assertEquals(List.of("malformed"), kit.storedOutcomes("payments"));
    });
  }

  @Test
  void a_missing_field_answers_400_naming_the_field() {
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), "{\"event_id\":\"evt-m\",\"order_id\":\"TOP-AAAAAA\",\"status\":\"paid\"}");

      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("\"error\":\"missing_field\""), r.body());
      assertTrue(r.body().contains("amount"), r.body());
    });
  }

  @Test
  void a_fraction_of_a_rupiah_is_refused_with_400() {
    TopUpOrder o = kit.order(alice, 100_000);
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), paid("evt-frac", o, "106000.5"));

      assertEquals(400, r.statusCode(), r.body());
      assertEquals(0, kit.balance(alice));
    });
  }

  @Test
  void an_unknown_order_answers_404() {
    JavalinTest.test(kit.app, (server, client) -> {
      String body = "{\"event_id\":\"evt-u\",\"order_id\":\"TOP-ZZZZZZ\",\"amount\":106123,\"status\":\"paid\"}";
      HttpResponse<String> r = send(client.getOrigin(), body);

      assertEquals(404, r.statusCode());
      assertTrue(r.body().contains("\"error\":\"unknown_order\""), r.body());
      assertEquals(List.of("unknown_order"), kit.storedOutcomes("payments"));
    });
  }

  @Test
  void a_mismatched_amount_credits_nothing_answers_mismatch_and_alerts_every_admin_once() {
    TopUpOrder o = kit.order(alice, 100_000);
    String body = paid("evt-mm", o, Long.toString(o.total().rupiah() - 1));
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), body);
      send(client.getOrigin(), body);

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"mismatch\""), r.body());
      assertEquals(0, kit.balance(alice));
      assertEquals(TopUpOrder.Status.OPEN, kit.reload(o).status());
      assertEquals(WebhookTestKit.ADMINS.size(), kit.outbox("admin_payment_alert"));
    });
  }

  @Test
  void a_mismatched_payment_waits_in_suspense_until_one_admin_resolves_it() {
    TopUpOrder o = kit.order(alice, 100_000);
    var receipts = kit.orders.receipts();
    JavalinTest.test(kit.app, (server, client) -> {
      send(client.getOrigin(), paid("evt-review", o, "5000"));

      var held = receipts.open(10);
      assertEquals(1, held.size());
      assertEquals(o.reference(), held.get(0).orderReference().orElseThrow());
      assertEquals(5_000, held.get(0).amount().rupiah());
      assertEquals(5_000, kit.system(id.bizpro.bizcash.ledger.SystemAccount.UNAPPLIED_RECEIPTS));
      assertInstanceOf(id.bizpro.bizcash.suspense.UnappliedReceipts.RefundResult.Refunded.class,
          receipts.markRefunded(held.get(0).id(), 900_001L, "BCA-REFUND-1"));
      assertInstanceOf(id.bizpro.bizcash.suspense.UnappliedReceipts.RefundResult.AlreadyResolved.class,
          receipts.markRefunded(held.get(0).id(), 900_002L, "twice"));
      assertEquals(0, receipts.openCount());
      assertEquals(0, kit.balance(alice));
    });
  }

  @Test
  void a_payment_for_an_expired_order_is_credited_and_marked_late() {
    TopUpOrder o = kit.order(alice, 100_000);
    kit.now.set(kit.now.get().plus(Duration.ofHours(25)));
    assertEquals(1, kit.orders.expireDue(10));
    JavalinTest.test(kit.app, (server, client) -> {
      HttpResponse<String> r = send(client.getOrigin(), paid("evt-late", o, Long.toString(o.total().rupiah())));

      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"outcome\":\"credited_late\""), r.body());
      assertEquals(o.credited().rupiah(), kit.balance(alice));
      assertTrue(kit.reload(o).paidLate());
    });
  }

  @Test
  void a_body_over_64_KiB_answers_413_before_it_is_parsed_or_stored() {
    JavalinTest.test(kit.app, (server, client) -> {
      String big = "{\"pad\":\"" + "x".repeat(70_000) + "\"}";
      HttpResponse<String> r = send(client.getOrigin(), big);

      assertEquals(413, r.statusCode());
      assertTrue(r.body().contains("body_too_large"), r.body());
      assertTrue(kit.storedOutcomes("payments").isEmpty());
    });
  }

  @Test
  void a_database_that_does_not_answer_gives_503_so_the_sender_retries() {
    Database down = TestDatabase.fresh(2);
    var app = WebhookApp.create(down, WebhookTestKit.settings(),
        WebhookApp.Services.of(down, MoneyRules.defaults(), WebhookTestKit.ADMINS, Clock.systemUTC()));
    down.close();
    JavalinTest.test(app, (server, client) -> {
      String body = "{\"event_id\":\"evt-down\",\"order_id\":\"TOP-AAAAAA\",\"amount\":106123,\"status\":\"paid\"}";
      HttpResponse<String> r = send(client.getOrigin(), body);

      assertEquals(503, r.statusCode(), r.body());
      assertTrue(r.body().contains("database_unavailable"), r.body());
    });
  }
}
