package id.bizpro.bizcash.webhook.ppob;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.ppob.DigiflazzClient;
import id.bizpro.bizcash.ppob.PpobCatalogue;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.ppob.PpobSettings;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookApp;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database, WireMock standing in for Digiflazz (its buyer API byte for byte as documented), the
 * PPOB service over them (the worker runs on the caller's thread) and the HTTP app with {@code POST
 * /webhooks/ppob}.
 */
final class PpobKit implements AfterEachCallback {
  static final String USERNAME = "bizprobuyer";
  static final String API_KEY = "dev-0123456789abcdef";
  static final String SECRET = "ppob-webhook-secret-0123";
  static final Set<Long> ADMINS = WebhookTestKit.ADMINS;

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T05:00:00Z")); // 12:00 WIB
  final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  final LedgerFixture f = new LedgerFixture();
  final WireMockServer digiflazz = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  final PpobSettings settings;
  final PpobCatalogue catalogue = new PpobCatalogue(f.db.jdbi());
  final PaymentAlerts alerts = new PaymentAlerts(ADMINS);
  final PpobPurchases purchases;
  final PpobService service;
  final Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  PpobKit() {
    this(new AbuseLimits(20, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000)));
  }

  PpobKit(AbuseLimits abuse) {
    digiflazz.start();
    settings = PpobSettings.of(URI.create(digiflazz.baseUrl() + "/v1"), USERNAME, API_KEY, SECRET,
        PpobSettings.Markup.parse("pulsa:1500,pln:2000,data:1000,emoney:1000,pasca:2500"));
    purchases = new PpobPurchases(f.db.jdbi(), f.ledger, catalogue, settings.markup(), abuse, alerts);
    service = new PpobService(f.db.jdbi(), purchases,
        new DigiflazzClient(settings.apiUrl(), USERNAME, API_KEY, Duration.ofMillis(1500)), settings, alerts, clock,
        Runnable::run);
    WebhookApp.Services services = new WebhookApp.Services(
        new id.bizpro.bizcash.topup.TopUpOrders(f.db.jdbi(), f.ledger, MoneyRules.defaults(), clock, alerts),
        new id.bizpro.bizcash.withdrawal.Withdrawals(f.db.jdbi(), f.ledger,
            new id.bizpro.bizcash.bankaccount.BankAccounts(f.db.jdbi()), MoneyRules.defaults(), clock),
        alerts, Optional.empty(), new WebhookMetrics()).withPpob(Optional.of(service));
    app = WebhookApp.create(f.db, WebhookTestKit.settings(), services);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    digiflazz.stop();
    f.close();
  }

  /** The prepaid price list as Digiflazz documents it, with the products the tests buy. */
  void priceList(long tsel50Price, String startCutOff, String endCutOff) {
    String body = """
        {
          "data": [
            {
              "product_name": "Telkomsel 50.000",
              "category": "Pulsa",
              "brand": "TELKOMSEL",
              "type": "Umum",
              "seller_name": "PT. ABC",
              "price": %d,
              "buyer_sku_code": "tsel50",
              "buyer_product_status": true,
              "seller_product_status": true,
              "unlimited_stock": true,
              "stock": 0,
              "multi": true,
              "start_cut_off": "%s",
              "end_cut_off": "%s",
              "desc": "Pulsa Telkomsel Rp 50.000"
            },
            {
              "product_name": "PLN 100.000",
              "category": "PLN",
              "brand": "PLN",
              "type": "Umum",
              "seller_name": "PT. BCA",
              "price": 100150,
              "buyer_sku_code": "pln100",
              "buyer_product_status": true,
              "seller_product_status": true,
              "unlimited_stock": false,
              "stock": 1200,
              "multi": false,
              "start_cut_off": "",
              "end_cut_off": "",
              "desc": "Token PLN Rp 100.000"
            }
          ]
        }""".formatted(tsel50Price, startCutOff, endCutOff);
    digiflazz.stubFor(post(urlEqualTo("/v1/price-list"))
        .withRequestBody(equalToJson("{\"cmd\":\"prepaid\",\"username\":\"" + USERNAME + "\",\"sign\":\""
            + DigiflazzClient.md5(USERNAME + API_KEY + "pricelist") + "\"}"))
        .willReturn(okJson(body)));
    digiflazz.stubFor(post(urlEqualTo("/v1/price-list"))
        .withRequestBody(matchingJsonPath("$.cmd", com.github.tomakehurst.wiremock.client.WireMock.equalTo("pasca")))
        .willReturn(okJson("{\"data\": []}")));
    digiflazz.stubFor(post(urlEqualTo("/v1/cek-saldo"))
        .withRequestBody(equalToJson("{\"cmd\":\"deposit\",\"username\":\"" + USERNAME + "\",\"sign\":\""
            + DigiflazzClient.md5(USERNAME + API_KEY + "depo") + "\"}"))
        .willReturn(okJson("{\"data\": {\"deposit\": 5000000}}")));
    service.syncCatalogue();
  }

  void priceList(long tsel50Price) {
    priceList(tsel50Price, "", "");
  }

  /** The transaction call for {@code ref}, signed md5(username + key + ref_id). */
  MappingBuilder transaction(String ref) {
    return post(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.ref_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ref)))
        .withRequestBody(matchingJsonPath("$.username", com.github.tomakehurst.wiremock.client.WireMock.equalTo(USERNAME)))
        .withRequestBody(matchingJsonPath("$.sign",
            com.github.tomakehurst.wiremock.client.WireMock.equalTo(DigiflazzClient.md5(USERNAME + API_KEY + ref))));
  }

  static String answer(PpobPurchase p, String status, String rc, String sn, long price, long saldo) {
    return """
        {
          "data": {
            "ref_id": "%s",
            "customer_no": "%s",
            "buyer_sku_code": "%s",
            "message": "%s",
            "status": "%s",
            "rc": "%s",
            "sn": "%s",
            "buyer_last_saldo": %d,
            "price": %d,
            "tele": "@digiflazzseller",
            "wa": "081200000000"
          }
        }""".formatted(p.reference(), p.customerNo(), p.sku(),
        status.equals("Sukses") ? "Transaksi Sukses" : status.equals("Gagal") ? "Nomor tujuan salah" : "Transaksi Pending",
        status, rc, sn, saldo, price);
  }

  static ResponseDefinitionBuilder reply(PpobPurchase p, String status, String rc, String sn, long price) {
    return okJson(answer(p, status, rc, sn, price, 4_000_000));
  }

  static ResponseDefinitionBuilder timeout() {
    return aResponse().withFixedDelay(4_000).withStatus(200).withBody("{}");
  }

  PpobPurchase buy(User u, String sku, String customerNo, long quotedSell) {
    return assertInstanceOf(PpobPurchases.HoldResult.Held.class, f.db.jdbi().inTransaction(h ->
        purchases.hold(h, "confirm-" + java.util.UUID.randomUUID(), u.id(), sku, customerNo, Money.rupiah(quotedSell),
            clock.instant()))).purchase();
  }

  PpobPurchase reload(PpobPurchase p) {
    return purchases.byReference(p.reference()).orElseThrow();
  }

  /** The full reconciliation holds (double entry, balances, holds, suspense, PPOB accounts). */
  void assertLedgerHolds() {
    var report = f.reconciliation.run();
    org.junit.jupiter.api.Assertions.assertTrue(report.holds(), report.toString());
  }

  long system(SystemAccount a) {
    return f.ledger.balanceOf(a).rupiah();
  }

  long count(String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  long outbox(String kind) {
    return count("SELECT count(*) FROM outbox WHERE kind = '" + kind + "'");
  }

  HttpResponse<String> callback(String origin, String body, String signature) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/webhooks/ppob"))
          .header("Content-Type", "application/json")
          .header("X-Digiflazz-Event", "update")
          .header("User-Agent", "Digiflazz-Hookshot")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (signature != null) {
        b.header("X-Hub-Signature", signature);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(String body) {
    return "sha1=" + PpobRoute.hmacSha1Hex(SECRET, body.getBytes(StandardCharsets.UTF_8));
  }
}
