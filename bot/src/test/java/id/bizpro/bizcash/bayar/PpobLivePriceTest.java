package id.bizpro.bizcash.bayar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static id.bizpro.bizcash.telegram.InProcessBot.expect;
import static id.bizpro.bizcash.telegram.InProcessBot.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.DigiflazzClient;
import id.bizpro.bizcash.ppob.PpobCatalogue;
import id.bizpro.bizcash.ppob.LivePrices;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PriceCheckBudget;
import id.bizpro.bizcash.telegram.MovableClock;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.ppob.PpobSettings;
import id.bizpro.bizcash.telegram.InProcessChats;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * Issue #17's "a price rise past max_price → refused, nothing held": between the PIN and the hold
 * the provider is asked for the product's live price (Digiflazz's price list by {@code code}, the
 * real-time lookup), with WireMock standing in byte for byte. A rise refuses the purchase before
 * anything is held and offers it again at the new price; a timeout, a 5xx or a limit answer never
 * blocks the sale (max_price stays the guard at the provider); a fall keeps the confirmed price.
 */
class PpobLivePriceTest {
  static final String USER = "bizprobuyer";
  static final String KEY = "dev-0123456789abcdef";
  static final String SIGN = DigiflazzClient.md5(USER + KEY + "pricelist");
  /** Open transactions seen while the provider was asked (see {@link ObservedProvider}). */
  static final List<Integer> openTransactionsDuringLiveChecks = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final List<Integer> openTransactionsDuringInquiries = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final WireMockServer DIGIFLAZZ = digiflazz();
  static final Database db = TestDatabase.fresh(4);
  static final LedgerServices services = LedgerServices.over(db.jdbi(), MoneyRules.defaults(), Clock.systemUTC(), Set.of());
  static final PpobService ppob = ppob();
  static final InProcessChats chats = new InProcessChats(0).attach(sender -> Conversations.core(services,
      Conversations.Settings.plain(PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia")).withPpob(Optional.of(ppob)),
      sender, "BizCashBot"));
  static final AtomicLong telegramIds = new AtomicLong(70_000);
  static final String PIN = "580274";

  private static PpobService ppob() {
    PpobSettings settings = PpobSettings.of(URI.create(DIGIFLAZZ.baseUrl() + "/v1"), USER, KEY, "secret-0123456789",
        PpobSettings.Markup.parse("pulsa:1500,data:1000,pln:2000,emoney:1000,pasca:2500"));
    PpobPurchases purchases = new PpobPurchases(db.jdbi(), services.ledger(), new PpobCatalogue(db.jdbi()),
        settings.markup(), services.rules().abuse(), services.alerts());
    PpobService s = new PpobService(db.jdbi(), purchases,
        new ObservedProvider(new DigiflazzClient(settings.apiUrl(), USER, KEY, Duration.ofSeconds(5), Duration.ofMillis(700)),
            db.jdbi(), openTransactionsDuringLiveChecks, openTransactionsDuringInquiries),
        settings.withPriceChecksPerMinute(1_000), services.alerts(), services.clock(), Runnable::run);
    s.syncCatalogue();
    return s;
  }

  @AfterAll
  static void stop() {
    chats.core().close();
    db.close();
    DIGIFLAZZ.stop();
  }

  private static String product(String sku, String name, long price, boolean sellerOn) {
    return """
        {"product_name": "%s", "category": "Pulsa", "brand": "TELKOMSEL", "type": "Umum", "seller_name": "PT. ABC",
         "price": %d, "buyer_sku_code": "%s", "buyer_product_status": true, "seller_product_status": %s,
         "unlimited_stock": true, "stock": 0, "multi": true, "start_cut_off": "", "end_cut_off": "",
         "desc": "%s"}""".formatted(name, price, sku, sellerOn, name);
  }

  private static String plnProduct(long price) {
    return """
        {"product_name": "PLN 20.000", "category": "PLN", "brand": "PLN", "type": "Umum", "seller_name": "PT. ABC",
         "price": %d, "buyer_sku_code": "plnup", "buyer_product_status": true, "seller_product_status": true,
         "unlimited_stock": true, "stock": 0, "multi": true, "start_cut_off": "", "end_cut_off": "",
         "desc": "Token PLN 20.000"}""".formatted(price);
  }

  /** The live lookup's request, byte for byte: {@code {"cmd":"prepaid","username":…,"code":…,"sign":…}}. */
  static String liveBody(String sku) {
    return "{\"cmd\":\"prepaid\",\"username\":\"" + USER + "\",\"code\":\"" + sku + "\",\"sign\":\"" + SIGN + "\"}";
  }

  private static WireMockServer digiflazz() {
    WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));
    s.start();
    // The full price list at the catalogue sync (no code).
    s.stubFor(post(urlEqualTo("/v1/price-list")).atPriority(5)
        .withRequestBody(matchingJsonPath("$.cmd", equalTo("prepaid")))
        .withRequestBody(notContaining("\"code\""))
        .withRequestBody(matchingJsonPath("$.sign", equalTo(SIGN)))
        .willReturn(okJson("{\"data\": [" + String.join(",",
            product("tselup", "Telkomsel 25.000", 25_100, true),
            product("tselupen", "Telkomsel 20.000", 20_100, true),
            product("tselslow", "Telkomsel 30.000", 30_100, true),
            product("tsel5xx", "Telkomsel 40.000", 40_100, true),
            product("tsellimit", "Telkomsel 45.000", 45_100, true),
            product("tseldown", "Telkomsel 60.000", 60_100, true),
            product("tseloff", "Telkomsel 75.000", 75_100, true),
            product("tselcat", "Telkomsel 35.000", 35_100, true),
            plnProduct(20_150)) + "]}")));
    s.stubFor(post(urlEqualTo("/v1/price-list")).withRequestBody(matchingJsonPath("$.cmd", equalTo("pasca")))
        .willReturn(okJson("""
            {"data": [{"product_name": "Pln Pascabayar", "category": "Pascabayar", "brand": "PLN PASCABAYAR",
              "seller_name": "PT. ABC", "admin": 2500, "commission": 1000, "buyer_sku_code": "pln",
              "buyer_product_status": true, "seller_product_status": true, "desc": "Tagihan PLN Pascabayar"}]}""")));
    s.stubFor(post(urlEqualTo("/v1/transaction")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.commands", equalTo("inq-pasca"))).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "530000000001",
                  "customer_name": "Nama Pelanggan Pertama", "buyer_sku_code": "pln", "admin": 2500,
                  "message": "Transaksi Sukses", "status": "Sukses", "rc": "00", "sn": "",
                  "buyer_last_saldo": 4900000, "price": 10500, "selling_price": 11000,
                  "desc": {"detail": [{"periode": "201901", "nilai_tagihan": "8000", "admin": "2500", "denda": "0"}]}}}
        """)));
    s.stubFor(post(urlEqualTo("/v1/inquiry-pln")).willReturn(okJson("""
        {"data": {"message": "Transaksi Sukses", "status": "Sukses", "rc": "00", "customer_no": "12345678901",
                  "meter_no": "12345678901", "subscriber_id": "523300817840", "name": "DAVID SETIAWAN",
                  "segment_power": "R1 /000001300"}}""")));
    // The live lookups by code: each product's provider price now.
    live(s, "tselup", okJson("{\"data\": [" + product("tselup", "Telkomsel 25.000", 25_600, true) + "]}"));
    live(s, "tselupen", okJson("{\"data\": [" + product("tselupen", "Telkomsel 20.000", 20_600, true) + "]}"));
    live(s, "tselslow", okJson("{\"data\": [" + product("tselslow", "Telkomsel 30.000", 99_000, true) + "]}")
        .withFixedDelay(6_000));
    live(s, "tsel5xx", aResponse().withStatus(502).withBody("Bad Gateway"));
    live(s, "tsellimit", okJson(
        "{\"data\": {\"rc\": \"83\", \"message\": \"Anda sudah mencapai limitasi pengecekan pricelist\"}}"));
    live(s, "tseldown", okJson("{\"data\": [" + product("tseldown", "Telkomsel 60.000", 59_800, true) + "]}"));
    live(s, "tseloff", okJson("{\"data\": [" + product("tseloff", "Telkomsel 75.000", 75_100, false) + "]}"));
    live(s, "tselcat", aResponse().withStatus(503).withBody("Service Unavailable"));
    live(s, "plnup", okJson("{\"data\": [" + plnProduct(20_650) + "]}"));
    // Every purchase succeeds, charged its max_price, with its own ref_id echoed.
    s.stubFor(post(urlEqualTo("/v1/transaction")).willReturn(okJson("""
        {"data": {"ref_id": "{{jsonPath request.body '$.ref_id'}}", "customer_no": "{{jsonPath request.body '$.customer_no'}}",
                  "buyer_sku_code": "{{jsonPath request.body '$.buyer_sku_code'}}", "message": "Transaksi Sukses",
                  "status": "Sukses", "rc": "00", "sn": "0412345678901234", "buyer_last_saldo": 4900000,
                  "price": {{jsonPath request.body '$.max_price'}}
                  }}""")));
    s.stubFor(post(urlEqualTo("/v1/cek-saldo")).willReturn(okJson("{\"data\": {\"deposit\": 5000000}}")));
    return s;
  }

  private static void live(WireMockServer s, String sku, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
    s.stubFor(post(urlEqualTo("/v1/price-list")).atPriority(1).withRequestBody(equalTo(liveBody(sku))).willReturn(answer));
  }

  record Buyer(InProcessChats.Chat chat, long userId) {}

  private static Buyer buyer(String name, String language, long funds) {
    InProcessChats.Chat chat = chats.chat(telegramIds.incrementAndGet(), name, name, language);
    chat.send("/start");
    long userId = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = :t")
        .bind("t", chat.telegramId()).mapTo(Long.class).one());
    LedgerResult r = services.ledger().execute(
        new TransferRequest.TopUpCredit("fund-" + UUID.randomUUID(), userId, Money.rupiah(funds), Money.ZERO, "TOP-FUND"));
    assertTrue(r.succeeded(), r.toString());
    return new Buyer(chat, userId);
  }

  private static long balance(Buyer b) {
    return services.ledger().balanceOf(b.userId()).orElseThrow().rupiah();
  }

  private static int count(String sql, Object... args) {
    return db.jdbi().withHandle(h -> h.select(sql, args).mapTo(Integer.class).one());
  }

  private static int transfersOf(Buyer b) {
    return count("SELECT count(*) FROM transfers WHERE from_user_id = ? OR to_user_id = ?", b.userId(), b.userId());
  }

  private static int buyCalls(String sku) {
    return DIGIFLAZZ.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.buyer_sku_code", equalTo(sku))).build()).getCount();
  }

  private static int buyCalls(String sku, long maxPrice) {
    return DIGIFLAZZ.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.buyer_sku_code", equalTo(sku)))
        .withRequestBody(matchingJsonPath("$[?(@.max_price == " + maxPrice + ")]")).build()).getCount();
  }

  private static int liveCalls(String sku) {
    return DIGIFLAZZ.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/price-list"))
        .withRequestBody(equalTo(liveBody(sku))).build()).getCount();
  }

  /** Confirms the shown purchase and enters a first PIN (chosen, then repeated); returns the replies to the last. */
  private static List<BotApiMethod<?>> confirmWithNewPin(Buyer b, String confirmLabel) {
    expect(b.chat().press(confirmLabel), "PIN");
    b.chat().send(PIN);
    return b.chat().send(PIN);
  }

  private static long cataloguePrice(String sku) {
    return count("SELECT price FROM ppob_products WHERE sku = ?", sku);
  }

  @Test
  void a_price_rise_since_the_sync_is_refused_with_nothing_held_and_the_retry_charges_the_new_price() {
    Buyer sari = buyer("sari_live", "id", 100_000);
    int transfersBefore = transfersOf(sari);
    expect(sari.chat().send("/pulsa 081234567890 25000"), "Harga: <b>Rp 26.600</b>"); // 25.100 + 1.500
    String refused = texts(confirmWithNewPin(sari, "Konfirmasi"));

    assertTrue(refused.contains("baru saja naik di penyedia: tadi Rp 26.600, sekarang <b>Rp 27.100</b>"), refused);
    assertTrue(refused.contains("saldo kamu tidak dipotong"), refused);
    assertEquals(1, refused.split("naik di penyedia", -1).length - 1, "told once: the first run's replies are dropped");
    assertFalse(refused.contains("sedang diproses"), refused);
    assertEquals(100_000, balance(sari));
    assertEquals(transfersBefore, transfersOf(sari), "no hold, no refund: no transfer of the user");
    assertEquals(0, count("SELECT count(*) FROM ppob_purchases WHERE user_id = ?", sari.userId()));
    assertEquals(0, buyCalls("tselup"), "the provider never heard of the purchase");
    assertEquals(1, liveCalls("tselup"), "one live check, made once although the turn ran twice");
    assertEquals(25_600, cataloguePrice("tselup"), "the catalogue sells at the new provider price");
    assertFalse(openTransactionsDuringLiveChecks.isEmpty());
    assertTrue(openTransactionsDuringLiveChecks.stream().allMatch(n -> n == 0),
        "the provider is asked with no transaction open (the chat's row lock not held): " + openTransactionsDuringLiveChecks);

    // "Beli lagi" at the new price: the confirmation, the PIN, and exactly the new price charged.
    List<BotApiMethod<?>> again = sari.chat().press("Beli lagi – Rp 27.100");
    expect(again, "Harga: <b>Rp 27.100</b>");
    expect(sari.chat().press("Konfirmasi"), "PIN");
    expect(sari.chat().send(PIN), "sedang diproses");
    assertEquals(100_000 - 27_100, balance(sari));
    assertEquals(1, buyCalls("tselup", 25_600), "the purchase went with max_price = the new provider price");
    assertEquals(1, buyCalls("tselup"));
    assertEquals("success", db.jdbi().withHandle(h -> h.select(
        "SELECT status FROM ppob_purchases WHERE user_id = ?", sari.userId()).mapTo(String.class).one()));
    var report = new id.bizpro.bizcash.ledger.Reconciliation(db.jdbi()).run();
    assertTrue(report.holds(), report.toString());
  }

  @Test
  void the_rise_is_told_in_english_too() {
    Buyer john = buyer("john_live", "en", 50_000);
    expect(john.chat().send("/pulsa 081234567890 20000"), "Price: <b>Rp 21.600</b>");
    String refused = texts(confirmWithNewPin(john, "Confirm"));
    assertTrue(refused.contains("The provider just raised the price of <b>Telkomsel 20.000</b>: it was Rp 21.600, it is"
        + " now <b>Rp 22.100</b>"), refused);
    assertTrue(refused.contains("nothing was taken from your balance"), refused);
    assertEquals(50_000, balance(john));
    assertEquals(0, buyCalls("tselupen"));
    expect(john.chat().press("Buy again – Rp 22.100"), "Price: <b>Rp 22.100</b>");
  }

  @Test
  void a_live_check_that_times_out_does_not_block_the_sale_and_max_price_stays_the_guard() {
    Buyer budi = buyer("budi_live", "id", 100_000);
    expect(budi.chat().send("/pulsa 081234567890 30000"), "Harga: <b>Rp 31.600</b>");
    long started = System.nanoTime();
    expect(confirmWithNewPin(budi, "Konfirmasi"), "sedang diproses");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis < 5_000, "the user waited for the check's timeout, not for the provider (6 s): " + tookMillis);
    assertEquals(1, buyCalls("tselslow", 30_100), () -> "sent with max_price = the synced provider price: "
        + DIGIFLAZZ.getAllServeEvents().stream().map(e -> e.getRequest().getUrl() + " " + e.getRequest().getBodyAsString()).toList());
    assertEquals(100_000 - 31_600, balance(budi));
    assertEquals(30_100, cataloguePrice("tselslow"), "an unanswered check changes nothing");
  }

  @Test
  void a_live_check_answered_with_a_5xx_or_a_limit_does_not_block_the_sale() {
    Buyer dewi = buyer("dewi_live", "id", 200_000);
    expect(dewi.chat().send("/pulsa 081234567890 40000"), "Harga: <b>Rp 41.600</b>");
    expect(confirmWithNewPin(dewi, "Konfirmasi"), "sedang diproses");
    assertEquals(1, buyCalls("tsel5xx", 40_100));
    expect(dewi.chat().send("/pulsa 081234567890 45000"), "Harga: <b>Rp 46.600</b>");
    expect(dewi.chat().press("Konfirmasi"), "PIN");
    expect(dewi.chat().send(PIN), "sedang diproses");
    assertEquals(1, liveCalls("tsellimit"));
    assertEquals(1, buyCalls("tsellimit", 45_100));
    assertEquals(200_000 - 41_600 - 46_600, balance(dewi));
  }

  @Test
  void a_catalogue_rise_between_the_confirmation_and_the_pin_is_refused_and_offered_again_at_the_new_price() {
    Buyer rudi = buyer("rudi_live", "id", 100_000);
    expect(rudi.chat().send("/pulsa 081234567890 35000"), "Harga: <b>Rp 36.600</b>"); // 35.100 + 1.500
    expect(rudi.chat().press("Konfirmasi"), "PIN");
    // The hourly sync lands meanwhile with a higher provider price; the live check cannot answer (503).
    db.jdbi().useHandle(h -> h.execute("UPDATE ppob_products SET price = 35400 WHERE sku = 'tselcat'"));
    rudi.chat().send(PIN);
    String refused = texts(rudi.chat().send(PIN));

    assertTrue(refused.contains("tadi Rp 36.600, sekarang <b>Rp 36.900</b>") && refused.contains("saldo kamu tidak dipotong"),
        refused);
    assertEquals(100_000, balance(rudi));
    assertEquals(0, count("SELECT count(*) FROM ppob_purchases WHERE user_id = ?", rudi.userId()));
    assertEquals(0, buyCalls("tselcat"));

    expect(rudi.chat().press("Beli lagi – Rp 36.900"), "Harga: <b>Rp 36.900</b>");
    expect(rudi.chat().press("Konfirmasi"), "PIN");
    expect(rudi.chat().send(PIN), "sedang diproses");
    assertEquals(100_000 - 36_900, balance(rudi));
    assertEquals(1, buyCalls("tselcat", 35_400), "sent with max_price = the price the new sell price came from");
  }

  @Test
  void a_pln_token_offered_again_at_the_new_price_still_names_the_meter_owner() {
    Buyer dewi = buyer("dewi_live", "id", 100_000);
    expect(dewi.chat().send("/bayar"), "Mau beli apa?");
    expect(dewi.chat().press("Token PLN"), "Nomor meter");
    expect(dewi.chat().send("12345678901"), "DAVID SETIAWAN");
    expect(dewi.chat().press("PLN 20.000 – Rp 22.150"), "Atas nama: <b>DAVID SETIAWAN</b>"); // 20.150 + 2.000
    String refused = texts(confirmWithNewPin(dewi, "Konfirmasi"));
    assertTrue(refused.contains("sekarang <b>Rp 22.650</b>"), refused);
    assertEquals(100_000, balance(dewi));

    String again = texts(dewi.chat().press("Beli lagi – Rp 22.650"));
    assertTrue(again.contains("Harga: <b>Rp 22.650</b>") && again.contains("Atas nama: <b>DAVID SETIAWAN</b>"), again);
  }

  @Test
  void a_price_fall_keeps_the_confirmed_price_with_the_old_max_price() {
    Buyer tono = buyer("tono_live", "id", 100_000);
    int checksBefore = liveCalls("tseldown");
    expect(tono.chat().send("/pulsa 081234567890 60000"), "Harga: <b>Rp 61.600</b>");
    expect(confirmWithNewPin(tono, "Konfirmasi"), "sedang diproses");
    assertEquals(checksBefore + 1, liveCalls("tseldown"));
    assertEquals(1, buyCalls("tseldown", 60_100));
    assertEquals(100_000 - 61_600, balance(tono));
  }

  @Test
  void a_product_the_provider_switched_off_since_the_sync_is_refused_with_nothing_held() {
    Buyer wati = buyer("wati_live", "id", 100_000);
    int transfersBefore = transfersOf(wati);
    expect(wati.chat().send("/pulsa 081234567890 75000"), "Harga: <b>Rp 76.600</b>");
    String refused = texts(confirmWithNewPin(wati, "Konfirmasi"));
    assertTrue(refused.contains("Produk ini sedang tidak tersedia") && refused.contains("Saldo kamu tidak dipotong"),
        refused);
    assertEquals(100_000, balance(wati));
    assertEquals(transfersBefore, transfersOf(wati));
    assertEquals(0, buyCalls("tseloff"));
    assertEquals(0, count("SELECT count(*) FROM ppob_products WHERE sku = 'tseloff' AND seller_active"));
    // The product list hides it now.
    expect(wati.chat().send("/pulsa 081234567890 75000"), "tidak tersedia");
  }

  @Test
  void the_live_checks_stay_within_their_budget_per_minute_and_a_budget_of_0_makes_none() {
    MovableClock clock = new MovableClock();
    DigiflazzClient client = new DigiflazzClient(URI.create(DIGIFLAZZ.baseUrl() + "/v1"), USER, KEY, Duration.ofSeconds(5));
    LivePrices two = new LivePrices(client, ppob.catalogue(), ppob.settings().markup(), new PriceCheckBudget(2, clock));
    int before = liveCalls("tseldown");
    assertTrue(two.check("tseldown") instanceof LivePrices.Check.Seen s && s.product().price().rupiah() == 59_800);
    assertTrue(two.check("tseldown") instanceof LivePrices.Check.Seen);
    assertTrue(two.check("tseldown") instanceof LivePrices.Check.Unchecked, "the third in a minute is not made");
    assertEquals(before + 2, liveCalls("tseldown"));
    clock.advance(Duration.ofSeconds(61));
    assertTrue(two.check("tseldown") instanceof LivePrices.Check.Seen, "a new minute, a new budget");
    assertEquals(before + 3, liveCalls("tseldown"));

    LivePrices off = new LivePrices(client, ppob.catalogue(), ppob.settings().markup(), new PriceCheckBudget(0, clock));
    assertTrue(off.check("tseldown") instanceof LivePrices.Check.Unchecked);
    assertEquals(before + 3, liveCalls("tseldown"), "PPOB_PRICE_CHECKS_PER_MINUTE=0: no price-list call");
    // A purchase with the check off goes on, guarded by max_price at the provider (the verdict of no answer).
    assertTrue(db.jdbi().withHandle(h -> off.judge(h, "tseldown", Money.rupiah(61_600),
        new LivePrices.Check.Unchecked("off"), clock.instant())) instanceof LivePrices.Verdict.GoOn);
  }

  @Test
  void the_pln_name_check_and_the_bill_inquiry_are_made_with_no_transaction_open() {
    Buyer ani = buyer("ani_live", "id", 100_000);
    int before = openTransactionsDuringInquiries.size(); // other tests of this class check PLN names too
    ani.chat().send("/bayar");
    ani.chat().press("Token PLN");
    expect(ani.chat().send("12345678901"), "Nama: <b>DAVID SETIAWAN</b>");
    ani.chat().send("/bayar");
    ani.chat().press("Tagihan");
    ani.chat().press("Pln Pascabayar");
    String bill = texts(ani.chat().send("530000000001"));
    assertTrue(bill.contains("Nama: <b>Nama Pelanggan Pertama</b>") && bill.contains("Total: <b>Rp 13.000</b>"), bill);
    assertEquals(1, DIGIFLAZZ.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/transaction"))
        .withRequestBody(matchingJsonPath("$.commands", equalTo("inq-pasca"))).build()).getCount(),
        "one inquiry although the turn ran twice");
    assertEquals(before + 2, openTransactionsDuringInquiries.size());
    assertTrue(openTransactionsDuringInquiries.stream().allMatch(n -> n == 0), openTransactionsDuringInquiries.toString());
  }
}
