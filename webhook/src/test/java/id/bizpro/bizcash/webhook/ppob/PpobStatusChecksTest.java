package id.bizpro.bizcash.webhook.ppob;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static id.bizpro.bizcash.webhook.ppob.PpobKit.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.DigiflazzClient;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.user.User;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Asking the provider about a purchase never buys it. Digiflazz reads a prepaid purchase's status
 * by the re-post of its ref_id — which, for a ref_id it formed no transaction for (a refusal such as
 * deposit too low) or one older than 90 days, is a new purchase — and a bill's by {@code
 * status-pasca}. So the reconciliation re-posts only what the provider formed, asks bills with
 * {@code status-pasca} (never {@code pay-pasca}), and nothing is sent for a purchase past the
 * horizon.
 */
class PpobStatusChecksTest {
  private static final long SELL = 50_100 + 1_500;

  @RegisterExtension final PpobKit kit = new PpobKit();
  private final User alice = kit.f.user("alice");

  private int transactionCalls(String ref) {
    return kit.digiflazz.findAll(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.ref_id", equalTo(ref)))).size();
  }


  @Test
  void the_reconciliation_never_re_posts_a_prepaid_failure_the_provider_formed_no_transaction_for() {
    kit.priceList(50_100);
    kit.f.fund(alice, 300_000);
    // Refused for BizPro's deposit (rc 44: no transaction formed at the provider): refunded.
    PpobPurchase refused = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(refused.reference()).willReturn(okJson(
        PpobKit.answer(refused, "Gagal", "44", "", 0, 0).replace("Nomor tujuan salah", "Saldo tidak cukup"))));
    kit.service.process(refused.reference());
    assertEquals(PpobPurchase.Status.FAILED, kit.reload(refused).status());
    // Failed by an admin's decision (the provider could not be asked): nobody knows it formed one.
    PpobPurchase decided = kit.buy(alice, "tsel50", "081234567891", SELL);
    kit.purchases.settle(decided.reference(), new PpobPurchases.Outcome.Failed("admin", "marked failed by admin"), "admin");
    // A failure the provider reported with a code that formed a transaction (rc 02), and a success.
    PpobPurchase failed = kit.buy(alice, "tsel50", "081234567892", SELL);
    kit.digiflazz.stubFor(kit.transaction(failed.reference()).willReturn(reply(failed, "Gagal", "02", "", 50_100)));
    kit.service.process(failed.reference());
    PpobPurchase ok = kit.buy(alice, "tsel50", "081234567893", SELL);
    kit.digiflazz.stubFor(kit.transaction(ok.reference()).willReturn(reply(ok, "Sukses", "00", "SN-OK", 50_100)));
    kit.service.process(ok.reference());
    long balance = kit.f.balance(alice);
    assertEquals(300_000 - SELL, balance, "only the success is charged");

    PpobService.ProviderCheck check = kit.service.reconcileWithProvider(10);

    assertEquals(2, check.checked(), check.toString());
    assertEquals(2, check.notAsked(), check.toString());
    assertEquals(0, check.mismatches().size(), check.toString());
    assertEquals(1, transactionCalls(refused.reference()), "the refused purchase was not posted again");
    assertEquals(0, transactionCalls(decided.reference()), "the admin-decided purchase was never posted");
    assertEquals(2, transactionCalls(failed.reference()), "the formed failure was read by its re-post");
    assertEquals(2, transactionCalls(ok.reference()));
    assertEquals(balance, kit.f.balance(alice));
    kit.assertLedgerHolds();
  }

  @Test
  void a_paid_bill_is_checked_with_status_pasca_and_never_paid_again() {
    kit.priceList(50_100);
    kit.digiflazz.stubFor(post(urlEqualTo("/v1/price-list")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.cmd", equalTo("pasca")))
        .willReturn(okJson("""
            {"data": [
              {"product_name": "Pln Pascabayar", "category": "Pascabayar", "brand": "PLN PASCABAYAR",
               "seller_name": "PT. ABC", "admin": 2500, "commission": 1000, "buyer_sku_code": "pln",
               "buyer_product_status": true, "seller_product_status": true, "desc": "Tagihan PLN Pascabayar"}
            ]}""")));
    kit.service.syncCatalogue();
    kit.f.fund(alice, 100_000);
    String ref = kit.purchases.newReference();
    PpobPurchase bill = assertInstanceOf(PpobPurchases.HoldResult.Held.class, kit.f.db.jdbi().inTransaction(h ->
        kit.purchases.hold(h, "confirm-bill", alice.id(), "pln", "530000000001", Money.rupiah(10_500 + 2_500),
            Optional.of(new PpobPurchases.BillQuote(ref, Money.rupiah(10_500))), kit.clock.instant()))).purchase();
    String paid = """
        {"data": {"ref_id": "%s", "customer_no": "530000000001", "customer_name": "Nama Pelanggan Pertama",
                  "buyer_sku_code": "pln", "admin": 2500, "message": "Transaksi Sukses", "status": "Sukses",
                  "rc": "00", "sn": "S1234554321N", "buyer_last_saldo": 4889500, "price": 10500,
                  "selling_price": 11000}}""".formatted(ref);
    kit.digiflazz.stubFor(post(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.commands", equalTo("pay-pasca")))
        .withRequestBody(matchingJsonPath("$.ref_id", equalTo(ref)))
        .willReturn(okJson(paid)));
    // status-pasca as documented: commands, username, buyer_sku_code, customer_no, ref_id, sign = md5(username + key + ref_id).
    kit.digiflazz.stubFor(post(urlEqualTo("/v1/transaction"))
        .withRequestBody(equalToJson("""
            {"commands": "status-pasca", "username": "%s", "buyer_sku_code": "pln", "customer_no": "530000000001",
             "ref_id": "%s", "sign": "%s"}""".formatted(PpobKit.USERNAME, ref,
            DigiflazzClient.md5(PpobKit.USERNAME + PpobKit.API_KEY + ref))))
        .willReturn(okJson(paid)));
    kit.service.process(bill.reference());
    assertEquals(PpobPurchase.Status.SUCCESS, kit.reload(bill).status());
    long balance = kit.f.balance(alice);

    PpobService.ProviderCheck check = kit.service.reconcileWithProvider(10);

    assertEquals(1, check.checked(), check.toString());
    assertEquals(0, check.mismatches().size(), check.toString());
    assertEquals(1, kit.digiflazz.findAll(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.commands", equalTo("pay-pasca")))).size(), "paid once, never again");
    assertEquals(1, kit.digiflazz.findAll(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.commands", equalTo("status-pasca")))).size());
    assertEquals(balance, kit.f.balance(alice));
    kit.assertLedgerHolds();
  }

  @Test
  void a_purchase_pending_past_the_horizon_is_not_posted_again_and_an_admin_decides_it() {
    kit.priceList(50_100);
    kit.f.fund(alice, 100_000);
    PpobPurchase p = kit.buy(alice, "tsel50", "081234567890", SELL);
    kit.digiflazz.stubFor(kit.transaction(p.reference()).willReturn(reply(p, "Pending", "03", "", 50_100)));
    kit.service.process(p.reference());
    assertEquals(1, transactionCalls(p.reference()));

    kit.now.set(kit.now.get().plus(PpobService.ASK_HORIZON).plus(Duration.ofMinutes(1)));
    kit.service.pollDue();
    kit.service.process(p.reference());
    assertEquals(1, transactionCalls(p.reference()), "re-posting it now could make a new purchase");
    assertEquals(0, kit.purchases.due(kit.clock.instant(), 50).size(), "no longer due: the poller does not spin on it");
    assertEquals(PpobPurchase.Status.PENDING, kit.reload(p).status());
    assertEquals(100_000 - SELL, kit.f.balance(alice), "still held, never guessed");

    // The admin's decision is applied without asking the provider.
    var done = assertInstanceOf(PpobService.AdminResult.Done.class, kit.service.adminMark(p.reference(), false, null, "admin"));
    assertInstanceOf(PpobPurchases.SettleResult.Settled.class, done.result());
    assertEquals(1, transactionCalls(p.reference()));
    assertEquals(100_000, kit.f.balance(alice));
    kit.assertLedgerHolds();
  }
}
