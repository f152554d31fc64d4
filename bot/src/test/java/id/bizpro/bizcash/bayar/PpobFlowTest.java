package id.bizpro.bizcash.bayar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.notify.NotificationRenderer;
import id.bizpro.bizcash.ppob.DigiflazzClient;
import id.bizpro.bizcash.ppob.PpobCatalogue;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.ppob.PpobSettings;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /bayar end to end in both languages, with WireMock standing in for Digiflazz (price list, PLN
 * inquiry, transactions answered with the request's own ref_id, deposit): pulsa by phone number
 * with the operator detected, the PLN token with the customer's name and the token grouped, the
 * one-line /pulsa, a failure refunded, "Beli lagi" from the receipt, history.
 */
class PpobFlowTest {
  static final String USER = "bizprobuyer";
  static final String KEY = "dev-0123456789abcdef";
  static final WireMockServer DIGIFLAZZ = digiflazz();
  static final ObjectMapper JSON = new ObjectMapper();
  static final long ADMIN = 990_001L;

  @RegisterExtension static final BotHarness bot = new BotHarness(MoneyRules.defaults(), PpobFlowTest::withPpob);

  private static Conversations.Settings withPpob(LedgerServices services, Conversations.Settings plain) {
    PpobSettings settings = PpobSettings.of(URI.create(DIGIFLAZZ.baseUrl() + "/v1"), USER, KEY, "secret-0123456789",
        PpobSettings.Markup.parse("pulsa:1500,data:1000,pln:2000,emoney:1000,pasca:2500"));
    PpobPurchases purchases = new PpobPurchases(services.jdbi(), services.ledger(), new PpobCatalogue(services.jdbi()),
        settings.markup(), services.rules().abuse(), services.alerts());
    PpobService service = new PpobService(services.jdbi(), purchases,
        new DigiflazzClient(settings.apiUrl(), USER, KEY, Duration.ofSeconds(5)), settings, services.alerts(),
        services.clock(), Runnable::run);
    service.syncCatalogue();
    return new Conversations.Settings(plain.payTo(), java.util.Set.of(ADMIN), plain.paymentLinks()).withPpob(Optional.of(service));
  }

  @AfterAll
  static void stop() {
    DIGIFLAZZ.stop();
  }

  private static WireMockServer digiflazz() {
    WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));
    s.start();
    s.stubFor(post(urlEqualTo("/v1/price-list")).withRequestBody(matchingJsonPath("$.cmd", equalTo("prepaid")))
        .withRequestBody(matchingJsonPath("$.sign", equalTo(DigiflazzClient.md5(USER + KEY + "pricelist"))))
        .willReturn(okJson("""
            {"data": [
              {"product_name": "Telkomsel 10.000", "category": "Pulsa", "brand": "TELKOMSEL", "type": "Umum",
               "seller_name": "PT. ABC", "price": 10200, "buyer_sku_code": "tsel10", "buyer_product_status": true,
               "seller_product_status": true, "unlimited_stock": true, "stock": 0, "multi": true,
               "start_cut_off": "", "end_cut_off": "", "desc": "Pulsa Telkomsel Rp 10.000"},
              {"product_name": "Telkomsel 50.000", "category": "Pulsa", "brand": "TELKOMSEL", "type": "Umum",
               "seller_name": "PT. ABC", "price": 50100, "buyer_sku_code": "tsel50", "buyer_product_status": true,
               "seller_product_status": true, "unlimited_stock": true, "stock": 0, "multi": true,
               "start_cut_off": "", "end_cut_off": "", "desc": "Pulsa Telkomsel Rp 50.000"},
              {"product_name": "Telkomsel Data 5 GB / 30 Hari", "category": "Data", "brand": "TELKOMSEL", "type": "Umum",
               "seller_name": "PT. ABC", "price": 45000, "buyer_sku_code": "tseld5", "buyer_product_status": true,
               "seller_product_status": true, "unlimited_stock": true, "stock": 0, "multi": true,
               "start_cut_off": "", "end_cut_off": "", "desc": "Kuota 5 GB"},
              {"product_name": "Indosat 25.000", "category": "Pulsa", "brand": "INDOSAT", "type": "Umum",
               "seller_name": "PT. ABC", "price": 25300, "buyer_sku_code": "isat25", "buyer_product_status": true,
               "seller_product_status": true, "unlimited_stock": true, "stock": 0, "multi": true,
               "start_cut_off": "", "end_cut_off": "", "desc": "Pulsa Indosat Rp 25.000"},
              {"product_name": "PLN 100.000", "category": "PLN", "brand": "PLN", "type": "Umum",
               "seller_name": "PT. BCA", "price": 100150, "buyer_sku_code": "pln100", "buyer_product_status": true,
               "seller_product_status": true, "unlimited_stock": false, "stock": 1200, "multi": false,
               "start_cut_off": "", "end_cut_off": "", "desc": "Token PLN Rp 100.000"},
              {"product_name": "GO PAY 50.000", "category": "E-Money", "brand": "GO PAY", "type": "Customer",
               "seller_name": "PT. BCA", "price": 50800, "buyer_sku_code": "gopay50", "buyer_product_status": true,
               "seller_product_status": true, "unlimited_stock": true, "stock": 0, "multi": true,
               "start_cut_off": "", "end_cut_off": "", "desc": "Saldo GoPay Rp 50.000"}
            ]}""")));
    s.stubFor(post(urlEqualTo("/v1/price-list")).withRequestBody(matchingJsonPath("$.cmd", equalTo("pasca")))
        .withRequestBody(matchingJsonPath("$.sign", equalTo(DigiflazzClient.md5(USER + KEY + "pricelist"))))
        .willReturn(okJson("""
            {"data": [
              {"product_name": "Pln Pascabayar", "category": "Pascabayar", "brand": "PLN PASCABAYAR",
               "seller_name": "PT. ABC", "admin": 2500, "commission": 1000, "buyer_sku_code": "pln",
               "buyer_product_status": true, "seller_product_status": true, "desc": "Tagihan PLN Pascabayar"}
            ]}""")));
    // inq-pasca, then pay-pasca with the same ref_id (the buyer API's "Cek Tagihan" / "Bayar Tagihan").
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.commands", equalTo("inq-pasca")))
        .withRequestBody(matchingJsonPath("$.customer_no", equalTo("530000000001"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "530000000001",
                  "customer_name": "Nama Pelanggan Pertama", "buyer_sku_code": "pln", "admin": 2500,
                  "message": "Transaksi Sukses", "status": "Sukses", "rc": "00", "sn": "",
                  "buyer_last_saldo": 4900000, "price": 10500, "selling_price": 11000,
                  "desc": {"tarif": "R1", "daya": 1300, "lembar_tagihan": 1,
                           "detail": [{"periode": "201901", "nilai_tagihan": "8000", "admin": "2500", "denda": "0"}]}}}""")));
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.commands", equalTo("pay-pasca")))
        .withRequestBody(matchingJsonPath("$.customer_no", equalTo("530000000001"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "530000000001",
                  "customer_name": "Nama Pelanggan Pertama", "buyer_sku_code": "pln", "admin": 2500,
                  "message": "Transaksi Sukses", "status": "Sukses", "rc": "00", "sn": "S1234554321N",
                  "buyer_last_saldo": 4889500, "price": 10500, "selling_price": 11000,
                  "desc": {"tarif": "R1", "daya": 1300, "lembar_tagihan": 1,
                           "detail": [{"periode": "201901", "nilai_tagihan": "8000", "admin": "2500", "denda": "0"}]}}}""")));
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.commands", equalTo("inq-pasca")))
        .withRequestBody(matchingJsonPath("$.customer_no", equalTo("530000000009"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "530000000009",
                  "buyer_sku_code": "pln", "message": "Tagihan sudah terbayar", "status": "Gagal", "rc": "60",
                  "sn": "", "buyer_last_saldo": 4900000, "price": 0}}""")));
    s.stubFor(post(urlEqualTo("/v1/cek-saldo")).willReturn(okJson("{\"data\": {\"deposit\": 5000000}}")));
    s.stubFor(post(urlEqualTo("/v1/inquiry-pln"))
        .withRequestBody(matchingJsonPath("$.customer_no", equalTo("12345678901")))
        .withRequestBody(matchingJsonPath("$.sign", equalTo(DigiflazzClient.md5(USER + KEY + "12345678901"))))
        .willReturn(okJson("""
            {"data": {"message": "Transaksi Sukses", "status": "Sukses", "rc": "00", "customer_no": "12345678901",
                      "meter_no": "12345678901", "subscriber_id": "523300817840", "name": "DAVID SETIAWAN",
                      "segment_power": "R1 /000001300"}}""")));
    // Every purchase succeeds at once, with its own ref_id echoed; a PLN token carries its token and kWh.
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(5).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "{{jsonPath request.body '$.customer_no'}}",
                  "buyer_sku_code": "{{jsonPath request.body '$.buyer_sku_code'}}", "message": "Transaksi Sukses",
                  "status": "Sukses", "rc": "00", "sn": "0412345678901234", "buyer_last_saldo": 4900000,
                  "price": {{jsonPath request.body '$.max_price'}}, "tele": "@seller", "wa": "081200000000"}}""")));
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.buyer_sku_code", equalTo("pln100"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "12345678901",
                  "buyer_sku_code": "pln100", "message": "Transaksi Sukses", "status": "Sukses", "rc": "00",
                  "sn": "16390429361294846380/DAVID SETIAWAN/R1/1300VA/67,3", "buyer_last_saldo": 4800000,
                  "price": 100150}}""")));
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.customer_no", equalTo("081311112222"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "081311112222",
                  "buyer_sku_code": "tsel10", "message": "Transaksi Pending", "status": "Pending", "rc": "03",
                  "sn": "", "buyer_last_saldo": 4800000, "price": 10200}}""")));
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.customer_no", equalTo("081399990000"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "081399990000",
                  "buyer_sku_code": "tsel10", "message": "Nomor tujuan salah", "status": "Gagal", "rc": "54",
                  "sn": "", "buyer_last_saldo": 4800000, "price": 10200}}""")));
    return s;
  }

  private static String reference(Call c) {
    Matcher m = Pattern.compile("PPOB-[A-Z0-9]{6}").matcher(c.text());
    assertTrue(m.find(), c.text());
    return m.group();
  }

  /** The purchase's notification, once the provider's answer (handled after the confirming turn) queued it. */
  private static String notification(String reference, String kind) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> row = bot.db.jdbi().withHandle(h -> h.createQuery(
              "SELECT params::text FROM outbox WHERE kind = :k AND params->>'reference' = :r")
          .bind("k", kind).bind("r", reference).mapTo(String.class).findOne());
      if (row.isPresent()) {
        return row.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + kind + " notification for " + reference);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> params(String json) throws Exception {
    return JSON.readValue(json, Map.class);
  }

  private static void pin(Person p, Call confirm, String confirmLabel) {
    p.press(confirm, confirmLabel);
    p.expect("PIN");
    p.send("975310");
    p.send("975310");
  }

  @Test
  void pulsa_by_phone_number_with_the_operator_detected_in_indonesian() throws Exception {
    Person sari = bot.registered("sari", "id", 100_000);
    sari.send("/balance");
    Call balance = sari.expect("Saldo");
    assertTrue(balance.body().path("reply_markup").toString().contains("Bayar & Beli"), balance.body().toString());
    sari.send("/bayar");
    Call menu = sari.expect("Mau beli apa?");
    sari.press(menu, "Pulsa");
    sari.expect("Nomor HP tujuan?");
    sari.send("0812 34");
    sari.expect("bukan nomor HP Indonesia");
    sari.send("+62 812-3456-7890");
    Call products = sari.expect("Tujuan: <code>081234567890</code> (Telkomsel)");
    assertTrue(products.buttonLabels().contains("Telkomsel 50.000 – Rp 51.600"), products.buttonLabels().toString());
    assertFalse(products.buttonLabels().stream().anyMatch(l -> l.contains("Indosat")), products.buttonLabels().toString());
    int forged = sari.press("pp:s:pln100", products.body().path("_message_id").asInt()); // a product of another kind
    assertTrue(sari.expectAnswer(forged).body().path("text").asText().contains("kedaluwarsa"));
    sari.press(products, "Telkomsel 50.000");
    Call confirm = sari.expect("Harga: <b>Rp 51.600</b>");
    pin(sari, confirm, "Konfirmasi");
    Call processing = sari.expect("sedang diproses");
    String ref = reference(processing);
    assertEquals(100_000 - 51_600, bot.balance(sari));

    Map<String, Object> receipt = params(notification(ref, "ppob_success"));
    String text = new NotificationRenderer().render("ppob_success", receipt, Language.ID);
    assertTrue(text.contains("berhasil") && text.contains("SN: <code>0412345678901234</code>"), text);
    assertTrue(new NotificationRenderer().keyboard("ppob_success", receipt, Language.ID).orElseThrow()
        .getKeyboard().get(0).get(0).getText().contains("Beli lagi"));

    sari.send("/history");
    Call history = sari.expect(ref);
    assertTrue(history.text().contains("Telkomsel 50.000 → 0812****7890"), history.text());
  }

  @Test
  void pln_token_with_the_customer_name_and_the_token_grouped_in_english_and_buy_again() throws Exception {
    Person john = bot.registered("john", "en", 300_000);
    john.send("/bayar");
    Call menu = john.expect("What would you like to buy?");
    john.press(menu, "PLN token");
    john.expect("PLN meter or customer number");
    john.send("1234");
    john.expect("11 or 12 digits");
    john.send("12345678901");
    Call products = john.expect("Name: <b>DAVID SETIAWAN</b>");
    assertTrue(products.text().contains("R1 /000001300"), products.text());
    john.press(products, "PLN 100.000");
    Call confirm = john.expect("Price: <b>Rp 102.150</b>");
    assertTrue(confirm.text().contains("Name: <b>DAVID SETIAWAN</b>"), confirm.text());
    pin(john, confirm, "Confirm");
    String ref = reference(john.expect("is being processed"));
    assertEquals(300_000 - 102_150, bot.balance(john));

    Map<String, Object> receipt = params(notification(ref, "ppob_success"));
    String text = new NotificationRenderer().render("ppob_success", receipt, Language.EN);
    assertTrue(text.contains("Token: <code>1639-0429-3612-9484-6380</code>"), text);
    assertTrue(text.contains("kWh: 67,3"), text);
    var again = new NotificationRenderer().keyboard("ppob_success", receipt, Language.EN).orElseThrow()
        .getKeyboard().get(0).get(0);
    assertEquals("pp:a:" + ref, again.getCallbackData());
    john.press(again.getCallbackData(), john.lastMessageId());
    Call repeat = john.expect("Price: <b>Rp 102.150</b>");
    assertTrue(repeat.text().contains("12345678901"), repeat.text());
    assertTrue(repeat.text().contains("Name: <b>DAVID SETIAWAN</b>"), "the meter's owner, checked again: " + repeat.text());
  }

  @Test
  void one_line_pulsa_and_its_bad_inputs() {
    Person tono = bot.registered("tono", "id", 100_000);
    tono.send("/pulsa 12345 50000");
    tono.expect("bukan nomor HP Indonesia");
    tono.send("/pulsa 081234567890 7000");
    Call none = tono.expect("Pulsa 7.000 untuk Telkomsel tidak tersedia");
    assertTrue(none.text().contains("10.000, 50.000"), none.text());
    tono.send("/pulsa 081234567890 50000");
    Call confirm = tono.expect("Harga: <b>Rp 51.600</b>");
    assertTrue(confirm.text().contains("Telkomsel 50.000"), confirm.text());
    pin(tono, confirm, "Konfirmasi");
    tono.expect("sedang diproses");
    assertEquals(100_000 - 51_600, bot.balance(tono));
  }

  @Test
  void a_failed_purchase_is_refunded_and_the_user_told_why() throws Exception {
    Person rina = bot.registered("rina", "id", 50_000);
    rina.send("/pulsa 081399990000 10000");
    Call confirm = rina.expect("Harga: <b>Rp 11.700</b>");
    pin(rina, confirm, "Konfirmasi");
    String ref = reference(rina.expect("sedang diproses"));
    String text = new NotificationRenderer().render("ppob_failed", params(notification(ref, "ppob_failed")), Language.ID);
    assertEquals(50_000, bot.balance(rina));
    assertTrue(text.contains("gagal") && text.contains("Nomor tujuan salah") && text.contains("dikembalikan"), text);
  }

  @Test
  void e_money_top_up_by_brand_and_phone_number() throws Exception {
    Person ani = bot.registered("ani", "en", 100_000);
    ani.send("/bayar");
    ani.press(ani.expect("What would you like to buy?"), "E-money");
    ani.press(ani.expect("Which e-money wallet?"), "GO PAY");
    ani.expect("Phone number of the GO PAY account?");
    ani.send("6285712345678");
    Call products = ani.expect("To: <code>085712345678</code> (GO PAY)");
    ani.press(products, "GO PAY 50.000");
    Call confirm = ani.expect("Price: <b>Rp 51.800</b>");
    pin(ani, confirm, "Confirm");
    String ref = reference(ani.expect("is being processed"));
    String text = new NotificationRenderer().render("ppob_success", params(notification(ref, "ppob_success")), Language.EN);
    assertTrue(text.contains("succeeded") && text.contains("SN: <code>0412345678901234</code>"), text);
    assertEquals(100_000 - 51_800, bot.balance(ani));
  }

  @Test
  void the_admin_sees_the_deposit_and_pending_purchases_and_cannot_refund_what_the_provider_calls_pending()
      throws Exception {
    Person dedi = bot.registered("dedi", "id", 50_000);
    dedi.send("/pulsa 081311112222 10000");
    pin(dedi, dedi.expect("Harga: <b>Rp 11.700</b>"), "Konfirmasi");
    String ref = reference(dedi.expect("sedang diproses"));
    dedi.send("/ppob");
    dedi.expect("Perintah /ppob tidak aku kenal");

    Person admin = bot.telegram.registered(ADMIN, "boss", "Boss", "id");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Call view = null;
    while (System.nanoTime() < deadline) { // the first buy call has answered Pending once its attempt is counted
      admin.send("/ppob");
      view = admin.expect("PPOB");
      if (bot.count("SELECT count(*) FROM ppob_purchases WHERE attempts > 0") > 0) {
        break;
      }
      Thread.sleep(100);
    }
    admin.send("/ppob");
    view = admin.expect("Deposit di penyedia: <b>Rp 4.800.000</b>");
    assertTrue(view.text().contains("Margin per hari (WIB)"), view.text());
    assertTrue(view.text().contains(ref) && view.text().contains("0813****2222"), view.text());
    admin.send("/ppob_fail " + ref);
    admin.expect("masih menyebut <code>" + ref + "</code> pending");
    assertEquals(50_000 - 11_700, bot.balance(dedi));
    admin.send("/ppob_ok " + ref + " SN-MANUAL-1");
    admin.expect("<code>" + ref + "</code> ditandai success");
    assertTrue(notification(ref, "ppob_success").contains("SN-MANUAL-1"));
    // The provider still says Pending about the purchase marked success by hand: the check reports it.
    admin.send("/ppob_check");
    admin.expect("Mencocokkan");
    Call check = admin.expect("🔎 Dicek");
    assertTrue(check.text().contains("<code>" + ref + "</code>: tercatat success, penyedia bilang pending"), check.text());
  }

  @Test
  void a_postpaid_bill_is_inquired_then_paid_with_the_same_ref_id() throws Exception {
    Person wati = bot.registered("wati", "id", 100_000);
    wati.send("/bayar");
    wati.press(wati.expect("Mau beli apa?"), "Tagihan");
    wati.press(wati.expect("Bayar tagihan apa?"), "Pln Pascabayar");
    wati.expect("Nomor pelanggan Pln Pascabayar?");
    wati.send("530000000009");
    wati.expect("Tidak ada tagihan untuk <code>530000000009</code>: Tagihan sudah terbayar");
    wati.send("530000000001");
    Call confirm = wati.expect("Nama: <b>Nama Pelanggan Pertama</b>");
    // 8.000 bill + the provider's 2.500 admin = 10.500 from the deposit; + 2.500 pasca markup.
    assertTrue(confirm.text().contains("Periode: 201901") && confirm.text().contains("Tagihan: Rp 8.000")
        && confirm.text().contains("Biaya admin: Rp 5.000") && confirm.text().contains("Total: <b>Rp 13.000</b>"),
        confirm.text());
    pin(wati, confirm, "Konfirmasi");
    String ref = reference(wati.expect("sedang diproses"));
    String text = new NotificationRenderer().render("ppob_success", params(notification(ref, "ppob_success")), Language.ID);
    assertTrue(text.contains("SN: <code>S1234554321N</code>"), text);
    assertEquals(100_000 - 13_000, bot.balance(wati));
    // The payment used the inquiry's ref_id.
    assertEquals(1, DIGIFLAZZ.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
        .postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.commands", equalTo("pay-pasca")))
        .withRequestBody(matchingJsonPath("$.ref_id", equalTo(ref)))
        .withRequestBody(matchingJsonPath("$.sign", equalTo(DigiflazzClient.md5(USER + KEY + ref)))).build()).getCount());
    assertEquals(1, DIGIFLAZZ.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
        .postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.commands", equalTo("inq-pasca")))
        .withRequestBody(matchingJsonPath("$.ref_id", equalTo(ref))).build()).getCount());
  }

  /** Each flow in the other language than its test above: airtime and data in English, Indonesian for the rest. */
  @Test
  void the_flows_in_the_other_language() throws Exception {
    Person en = bot.registered("lang_en", "en", 300_000);
    en.send("/bayar");
    en.press(en.expect("What would you like to buy?"), "Airtime");
    en.expect("Phone number to top up?");
    en.send("0812-3456-7890");
    Call products = en.expect("To: <code>081234567890</code> (Telkomsel)");
    en.press(products, "Telkomsel 10.000");
    pin(en, en.expect("Price: <b>Rp 11.700</b>"), "Confirm");
    String airtime = reference(en.expect("is being processed"));
    assertTrue(new NotificationRenderer().render("ppob_success", params(notification(airtime, "ppob_success")), Language.EN)
        .contains("succeeded: <b>Telkomsel 10.000</b>"));
    en.send("/bayar");
    en.press(en.expect("What would you like to buy?"), "Data plan");
    en.send("081234567890");
    en.press(en.expect("Choose the amount"), "Telkomsel Data 5 GB");
    en.press(en.expect("Price: <b>Rp 46.000</b>"), "Confirm");
    en.expect("PIN");
    en.send("975310");
    String data = reference(en.expect("is being processed"));
    notification(data, "ppob_success");
    en.send("/bayar");
    en.press(en.expect("What would you like to buy?"), "Bills");
    en.press(en.expect("Which bill?"), "Pln Pascabayar");
    en.send("530000000001");
    Call bill = en.expect("Total: <b>Rp 13.000</b>");
    assertTrue(bill.text().contains("Admin fee: Rp 5.000"), bill.text());

    Person id = bot.registered("lang_id", "id", 300_000);
    id.send("/bayar");
    id.press(id.expect("Mau beli apa?"), "Token PLN");
    id.send("12345678901");
    id.press(id.expect("Nama: <b>DAVID SETIAWAN</b>"), "PLN 100.000");
    pin(id, id.expect("Harga: <b>Rp 102.150</b>"), "Konfirmasi");
    String token = reference(id.expect("sedang diproses"));
    assertTrue(new NotificationRenderer().render("ppob_success", params(notification(token, "ppob_success")), Language.ID)
        .contains("⚡ Token: <code>1639-0429-3612-9484-6380</code>"));
    id.send("/bayar");
    id.press(id.expect("Mau beli apa?"), "E-Money");
    id.press(id.expect("Top up e-money yang mana?"), "GO PAY");
    id.send("085712345678");
    id.press(id.expect("Tujuan: <code>085712345678</code> (GO PAY)"), "GO PAY 50.000");
    id.press(id.expect("Harga: <b>Rp 51.800</b>"), "Konfirmasi");
    id.expect("PIN");
    id.send("975310");
    notification(reference(id.expect("sedang diproses")), "ppob_success");
    assertEquals(300_000 - 102_150 - 51_800, bot.balance(id));
    // The provider charged each product's max_price: the margin is the markup, never negative here.
    assertEquals(0, bot.count("SELECT count(*) FROM ppob_purchases WHERE status = 'success' AND provider_price > sell_price"));
    var report = new id.bizpro.bizcash.ledger.Reconciliation(bot.db.jdbi()).run();
    assertTrue(report.holds(), report.toString());
  }

  @Test
  void a_purchase_above_the_balance_is_refused_before_the_pin() {
    Person budi = bot.registered("budi", "id", 20_000);
    budi.send("/pulsa 081234567890 50000");
    budi.expect("Saldo kamu tidak cukup: saldo Rp 20.000, harga Rp 51.600");
    assertEquals(20_000, bot.balance(budi));
  }
}
