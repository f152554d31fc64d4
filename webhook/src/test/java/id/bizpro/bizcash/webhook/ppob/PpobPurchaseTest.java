package id.bizpro.bizcash.webhook.ppob;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static id.bizpro.bizcash.webhook.ppob.PpobKit.answer;
import static id.bizpro.bizcash.webhook.ppob.PpobKit.reply;
import static id.bizpro.bizcash.webhook.ppob.PpobKit.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.CatalogueProduct;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.user.User;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PPOB purchases against WireMock standing in for Digiflazz: every way an answer can arrive. */
class PpobPurchaseTest {
  @RegisterExtension final PpobKit kit = new PpobKit();
  private final User alice = kit.f.user("alice");
  /** Telkomsel 50.000 at the provider's 50.100, plus the pulsa markup 1.500. */
  private static final long SELL = 50_100 + 1_500;


  @Test
  void success_at_once_charges_once_and_books_cost_and_margin() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    assertEquals(SELL, kit.system(SystemAccount.PPOB_IN_FLIGHT));
    kit.digiflazz.stubFor(kit.transaction(p.reference())
        .withRequestBody(matchingJsonPath("$.max_price", com.github.tomakehurst.wiremock.client.WireMock.equalTo("50100")))
        .willReturn(reply(p, "Sukses", "00", "0412345678901234", 50_100)));

    kit.service.process(p.reference());
    kit.service.process(p.reference()); // a second worker run changes nothing

    PpobPurchase done = kit.reload(p);
    assertEquals(PpobPurchase.Status.SUCCESS, done.status());
    assertEquals("0412345678901234", done.sn().orElseThrow());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    assertEquals(0, kit.system(SystemAccount.PPOB_IN_FLIGHT));
    assertEquals(50_100, kit.system(SystemAccount.PPOB_PROVIDER_COST));
    assertEquals(1_500, kit.system(SystemAccount.PPOB_MARGIN));
    assertEquals(1, kit.outbox("ppob_success"));
    assertEquals(1, kit.digiflazz.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/transaction")).build()).getCount());
    kit.assertLedgerHolds();
  }

  @Test
  void pending_then_callback_success() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference()).willReturn(reply(p, "Pending", "03", "", 50_100)));
    kit.service.process(p.reference());
    assertEquals(PpobPurchase.Status.PENDING, kit.reload(p).status());
    assertEquals(SELL, kit.system(SystemAccount.PPOB_IN_FLIGHT));

    JavalinTest.test(kit.app, (server, client) -> {
      String body = answer(p, "Sukses", "00", "SN-CB-1", 50_000, 3_900_000);
      HttpResponse<String> r = kit.callback(client.getOrigin(), body, sign(body));
      HttpResponse<String> again = kit.callback(client.getOrigin(), body, sign(body));
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("applied"), r.body());
      assertEquals(200, again.statusCode());
      // The same delivery again: a duplicate, answered with the first outcome, changing nothing.
      assertTrue(again.body().contains("\"duplicate\":true") && again.body().contains("applied"), again.body());
    });
    // Both deliveries answered 2xx; the callback is on record once, with its outcome.
    assertEquals(1, (int) kit.f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM webhook_callbacks WHERE provider = 'ppob' AND accepted AND outcome = 'applied'")
        .mapTo(Integer.class).one()));
    PpobPurchase done = kit.reload(p);
    assertEquals(PpobPurchase.Status.SUCCESS, done.status());
    assertEquals("callback", done.resolvedBy().orElseThrow());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    // The provider charged 50.000 this time: the margin is what is left of the sell price.
    assertEquals(50_000, kit.system(SystemAccount.PPOB_PROVIDER_COST));
    assertEquals(SELL - 50_000, kit.system(SystemAccount.PPOB_MARGIN));
    assertEquals(1, kit.outbox("ppob_success"));
    kit.assertLedgerHolds();
  }

  @Test
  void pending_then_status_poll_success() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference()).inScenario("poll").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(reply(p, "Pending", "03", "", 50_100)).willSetStateTo("decided"));
    kit.digiflazz.stubFor(kit.transaction(p.reference()).inScenario("poll").whenScenarioStateIs("decided")
        .willReturn(reply(p, "Sukses", "00", "SN-POLL", 50_100)));
    kit.service.process(p.reference());
    assertEquals(PpobPurchase.Status.PENDING, kit.reload(p).status());
    assertEquals(0, kit.service.pollDue(), "not due before the back-off");

    kit.now.set(kit.now.get().plus(Duration.ofMinutes(1)));
    assertEquals(1, kit.service.pollDue());

    assertEquals(PpobPurchase.Status.SUCCESS, kit.reload(p).status());
    assertEquals("SN-POLL", kit.reload(p).sn().orElseThrow());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    assertEquals(0, kit.system(SystemAccount.PPOB_IN_FLIGHT));
    kit.assertLedgerHolds();
  }

  @Test
  void gagal_is_refunded_once() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference()).willReturn(reply(p, "Gagal", "54", "", 50_100)));

    kit.service.process(p.reference());
    kit.service.process(p.reference());
    JavalinTest.test(kit.app, (server, client) -> {
      String body = answer(p, "Gagal", "54", "", 50_100, 4_000_000);
      assertEquals(200, kit.callback(client.getOrigin(), body, sign(body)).statusCode());
    });

    assertEquals(PpobPurchase.Status.FAILED, kit.reload(p).status());
    assertEquals(100_000, kit.f.balance(alice));
    assertEquals(0, kit.system(SystemAccount.PPOB_IN_FLIGHT));
    assertEquals(0, kit.system(SystemAccount.PPOB_PROVIDER_COST));
    assertEquals(1, kit.count("SELECT count(*) FROM transfers WHERE kind = 'ppob_void'"));
    assertEquals(1, kit.outbox("ppob_failed"));
    kit.assertLedgerHolds();
  }

  @Test
  void a_timeout_then_sukses_on_the_re_ask_charges_once_and_never_refunds() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference()).inScenario("t").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(PpobKit.timeout()).willSetStateTo("reset"));
    kit.digiflazz.stubFor(kit.transaction(p.reference()).inScenario("t").whenScenarioStateIs("reset")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("5xx"));
    kit.digiflazz.stubFor(kit.transaction(p.reference()).inScenario("t").whenScenarioStateIs("5xx")
        .willReturn(aResponse().withStatus(502).withBody("Bad Gateway")).willSetStateTo("ok"));
    kit.digiflazz.stubFor(kit.transaction(p.reference()).inScenario("t").whenScenarioStateIs("ok")
        .willReturn(reply(p, "Sukses", "00", "SN-LATE", 50_100)));

    kit.service.process(p.reference()); // timeout
    assertEquals(PpobPurchase.Status.PENDING, kit.reload(p).status());
    for (int i = 0; i < 3; i++) { // connection reset, 502, then Sukses
      kit.now.set(kit.now.get().plus(Duration.ofMinutes(11)));
      kit.service.pollDue();
    }

    PpobPurchase done = kit.reload(p);
    assertEquals(PpobPurchase.Status.SUCCESS, done.status());
    assertEquals(3, done.attempts());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    assertEquals(0, kit.count("SELECT count(*) FROM transfers WHERE kind = 'ppob_void'"));
    assertEquals(1, kit.count("SELECT count(*) FROM transfers WHERE kind = 'ppob_post'"));
    assertEquals(0, kit.outbox("ppob_failed"));
    // Every call carried the same ref_id: the provider never bought twice.
    assertEquals(4, kit.digiflazz.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.ref_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(p.reference())))
        .build()).getCount());
    kit.assertLedgerHolds();
  }

  @Test
  void a_callback_that_arrives_before_the_buy_call_returned_wins_and_the_late_pending_changes_nothing() throws Exception {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference())
        .willReturn(reply(p, "Pending", "03", "", 50_100).withFixedDelay(1_000)));

    JavalinTest.test(kit.app, (server, client) -> {
      CompletableFuture<Void> buying = CompletableFuture.runAsync(() -> kit.service.process(p.reference()));
      Thread.sleep(200);
      String body = answer(p, "Sukses", "00", "SN-EARLY", 50_100, 3_900_000);
      assertEquals(200, kit.callback(client.getOrigin(), body, sign(body)).statusCode());
      assertEquals(PpobPurchase.Status.SUCCESS, kit.reload(p).status());
      buying.get();
    });

    PpobPurchase done = kit.reload(p);
    assertEquals(PpobPurchase.Status.SUCCESS, done.status());
    assertEquals("SN-EARLY", done.sn().orElseThrow());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    assertEquals(1, kit.outbox("ppob_success"));
    kit.assertLedgerHolds();
  }

  @Test
  void duplicate_and_out_of_order_callbacks_converge_on_one_outcome() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    JavalinTest.test(kit.app, (server, client) -> {
      String pending = answer(p, "Pending", "03", "", 50_100, 4_000_000);
      String success = answer(p, "Sukses", "00", "SN-1", 50_100, 3_950_000);
      String failed = answer(p, "Gagal", "02", "", 50_100, 4_000_000);
      // Out of order: the final word first, then an older Pending, twice the success, then a contradiction.
      assertEquals(200, kit.callback(client.getOrigin(), success, sign(success)).statusCode());
      assertEquals(200, kit.callback(client.getOrigin(), pending, sign(pending)).statusCode());
      assertEquals(200, kit.callback(client.getOrigin(), success, sign(success)).statusCode());
      HttpResponse<String> contra = kit.callback(client.getOrigin(), failed, sign(failed));
      assertEquals(200, contra.statusCode());
      assertTrue(contra.body().contains("unchanged"), contra.body());
    });
    assertEquals(PpobPurchase.Status.SUCCESS, kit.reload(p).status());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    assertEquals(1, kit.count("SELECT count(*) FROM transfers WHERE kind = 'ppob_post'"));
    assertEquals(0, kit.count("SELECT count(*) FROM transfers WHERE kind = 'ppob_void'"));
    // The contradiction is for the admins, once each.
    assertEquals(PpobKit.ADMINS.size(), kit.count(
        "SELECT count(*) FROM outbox WHERE kind = 'admin_payment_alert' AND params->>'problem' = 'ppob_contradiction'"));
    kit.assertLedgerHolds();
  }

  @Test
  void a_bad_signature_is_refused_401_and_changes_nothing() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    JavalinTest.test(kit.app, (server, client) -> {
      String body = answer(p, "Gagal", "02", "", 50_100, 4_000_000);
      String forged = "sha1=" + PpobRoute.hmacSha1Hex("not-the-secret", body.getBytes());
      assertEquals(401, kit.callback(client.getOrigin(), body, forged).statusCode());
      assertEquals(401, kit.callback(client.getOrigin(), body, null).statusCode());
      // A signature of another body does not cover this one.
      assertEquals(401, kit.callback(client.getOrigin(), body + " ", sign(body)).statusCode());
    });
    assertEquals(PpobPurchase.Status.PENDING, kit.reload(p).status());
    assertEquals(100_000 - SELL, kit.f.balance(alice));
  }

  @Test
  void a_price_rise_since_the_quote_is_refused_and_nothing_is_held() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    kit.priceList(51_000); // the provider raised its price after the user saw 51.600
    var r = kit.f.db.jdbi().inTransaction(h -> kit.purchases.hold(h, "confirm-rise", alice.id(), "tsel50",
        "081234567890", Money.rupiah(SELL), kit.clock.instant()));
    var changed = assertInstanceOf(PpobPurchases.HoldResult.PriceChanged.class, r);
    assertEquals(Money.rupiah(51_000 + 1_500), changed.now());
    assertEquals(100_000, kit.f.balance(alice));
    assertEquals(0, kit.count("SELECT count(*) FROM transfers WHERE kind LIKE 'ppob%'"));
    assertEquals(0, kit.count("SELECT count(*) FROM ppob_purchases"));
  }

  @Test
  void a_provider_price_above_max_price_fails_at_the_provider_and_is_refunded() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    assertEquals(Money.rupiah(50_100), p.maxPrice());
    kit.digiflazz.stubFor(kit.transaction(p.reference())
        .withRequestBody(matchingJsonPath("$.max_price", com.github.tomakehurst.wiremock.client.WireMock.equalTo("50100")))
        .willReturn(reply(p, "Gagal", "69", "", 50_500)));
    kit.service.process(p.reference());
    assertEquals(PpobPurchase.Status.FAILED, kit.reload(p).status());
    assertEquals(100_000, kit.f.balance(alice));
    kit.assertLedgerHolds();
  }

  @Test
  void inside_the_cut_off_window_the_product_is_refused_with_the_time_it_returns() {
    // 12:00 WIB now; the product is off 11:45-12:15 WIB.
    kit.priceList(50_100, "11:45", "12:15");
    kit.f.fund(alice, 100_000);
    var r = kit.f.db.jdbi().inTransaction(h -> kit.purchases.hold(h, "confirm-cut", alice.id(), "tsel50",
        "081234567890", Money.rupiah(SELL), kit.clock.instant()));
    var off = assertInstanceOf(PpobPurchases.HoldResult.Unavailable.class, r);
    assertEquals(new CatalogueProduct.Availability.CutOff(LocalTime.of(12, 15)), off.why());
    assertEquals(100_000, kit.f.balance(alice));
    assertEquals(0, kit.count("SELECT count(*) FROM ppob_purchases"));
  }

  @Test
  void a_purchase_pending_past_the_review_time_goes_to_the_admins_once() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.now.set(kit.now.get().plus(Duration.ofMinutes(119)));
    assertEquals(0, kit.service.reviewStuck());
    kit.now.set(kit.now.get().plus(Duration.ofMinutes(2)));
    assertEquals(1, kit.service.reviewStuck());
    assertEquals(0, kit.service.reviewStuck());
    assertEquals(PpobKit.ADMINS.size(), kit.count(
        "SELECT count(*) FROM outbox WHERE kind = 'admin_payment_alert' AND params->>'problem' = 'ppob_pending_too_long'"));
    assertEquals(PpobPurchase.Status.PENDING, kit.reload(p).status());
  }

  @Test
  void the_deposit_alert_is_given_once_per_dip_below_the_threshold() {
    kit.priceList(50_100);
    kit.f.fund(alice, 200_000);
    PpobPurchase p1 = kit.buy(alice, "tsel50", "081234567890", SELL);
    PpobPurchase p2 = kit.buy(alice, "tsel50", "081234567891", SELL);
    kit.digiflazz.stubFor(kit.transaction(p1.reference()).willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.okJson(answer(p1, "Sukses", "00", "A", 50_100, 400_000))));
    kit.digiflazz.stubFor(kit.transaction(p2.reference()).willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.okJson(answer(p2, "Sukses", "00", "B", 50_100, 350_000))));
    kit.service.process(p1.reference());
    kit.service.process(p2.reference());
    assertEquals(PpobKit.ADMINS.size(), kit.count(
        "SELECT count(*) FROM outbox WHERE kind = 'admin_payment_alert' AND params->>'problem' = 'ppob_deposit_low'"));
  }

  @Test
  void an_admin_cannot_refund_what_the_provider_still_calls_pending() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference()).willReturn(reply(p, "Pending", "03", "", 50_100)));
    assertInstanceOf(id.bizpro.bizcash.ppob.PpobService.AdminResult.ProviderStillPending.class,
        kit.service.adminMark(p.reference(), false, null, "admin"));
    assertEquals(100_000 - SELL, kit.f.balance(alice));
    var ok = assertInstanceOf(id.bizpro.bizcash.ppob.PpobService.AdminResult.Done.class,
        kit.service.adminMark(p.reference(), true, "SN-ADMIN", "admin"));
    assertInstanceOf(PpobPurchases.SettleResult.Settled.class, ok.result());
    assertEquals("SN-ADMIN", kit.reload(p).sn().orElseThrow());
    kit.assertLedgerHolds();
  }

  @Test
  void the_reconciliation_with_the_provider_reports_a_purchase_booked_otherwise_and_changes_nothing() {
    kit.priceList(50_100);
    kit.f.fund(alice, 200_000);
    PpobPurchase ok = kit.buy(alice, "tsel50", "081234567890", SELL);
    PpobPurchase bad = kit.buy(alice, "tsel50", "081234567891", SELL);
    kit.digiflazz.stubFor(kit.transaction(ok.reference()).willReturn(reply(ok, "Sukses", "00", "SN-OK", 50_100)));
    kit.service.process(ok.reference());
    // A (forged or mistaken) failure was booked for the second, but the provider delivered it.
    kit.purchases.settle(bad.reference(), new PpobPurchases.Outcome.Failed("02", "Gagal"), "callback");
    kit.digiflazz.stubFor(kit.transaction(bad.reference()).willReturn(reply(bad, "Sukses", "00", "SN-LATE", 50_100)));
    long before = kit.f.balance(alice);

    var check = kit.service.reconcileWithProvider(10);

    assertEquals(2, check.checked());
    assertEquals(1, check.mismatches().size());
    assertEquals(bad.reference(), check.mismatches().get(0).purchase().reference());
    assertEquals("success", check.mismatches().get(0).providerSays());
    assertEquals(before, kit.f.balance(alice));
    assertEquals(PpobPurchase.Status.FAILED, kit.reload(bad).status());
    assertEquals(PpobKit.ADMINS.size(), kit.count(
        "SELECT count(*) FROM outbox WHERE kind = 'admin_payment_alert' AND params->>'problem' = 'ppob_provider_mismatch'"));
    kit.assertLedgerHolds();
  }
}
