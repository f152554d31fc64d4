package id.bizpro.bizcash.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.AppQuiet;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.wiring.LedgerServices;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.BotApplication;
import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /admin and the Snap pay button through the whole application: the real TelegramBots client
 * against {@link FakeTelegram}, the outbox dispatcher telling users, the payments webhook storing a
 * mismatch, and WireMock standing in for Midtrans Snap.
 */
class AdminFeatureTest {
  static final long ADMIN = 90_001;
  static final long ADMIN_EN = 90_002;
  static final String PAYMENT_SECRET = "payment-secret-0123456789";
  static final AtomicLong ids = new AtomicLong(91_000);

  static FakeTelegram telegram;
  static WireMockServer snap;
  static Application app;
  static LedgerServices services;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    telegram = new FakeTelegram();
    snap = new WireMockServer(options().dynamicPort());
    snap.start();
    // Orders of 100rb (total 106xxx) get a page; orders of 250rb (256xxx) meet a broken gateway.
    snap.stubFor(post(urlEqualTo("/snap/v1/transactions")).withRequestBody(containing("\"gross_amount\":10"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"token\":\"t0k3n\",\"redirect_url\":\"https://app.sandbox.midtrans.com/snap/v4/redirection/t0k3n\"}")));
    snap.stubFor(post(urlEqualTo("/snap/v1/transactions")).withRequestBody(containing("\"gross_amount\":25"))
        .willReturn(aResponse().withStatus(500).withBody("{\"error_messages\":[\"internal\"]}")));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN);
    env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
    env.put("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
    env.put("ADMIN_TELEGRAM_IDS", ADMIN + "," + ADMIN_EN);
    env.put("PAYMENT_WEBHOOK_SECRET", PAYMENT_SECRET);
    env.put("MIDTRANS_SERVER_KEY", "SB-Mid-server-TEST");
    env.put("MIDTRANS_SNAP_URL", "http://localhost:" + snap.port() + "/snap/v1/transactions");
    app = Application.start(AppConfig.fromEnv(new Env(env)), true);
    services = app.services();
  }

  @AfterAll
  static void stop() {
    app.close();
    snap.stop();
    telegram.close();
  }

  private static Person registered(long telegramId, String username, String language) {
    return telegram.registered(telegramId, username, "Name " + username, language);
  }

  private static Person admin;
  private static Person adminEn;

  /** The Indonesian-speaking admin, registered once: a Person's reading position is its own. */
  private static Person admin() {
    if (admin == null) {
      admin = registered(ADMIN, "finance", "id");
    }
    return admin;
  }

  private static Person adminEn() {
    if (adminEn == null) {
      adminEn = registered(ADMIN_EN, "finance_en", "en");
    }
    return adminEn;
  }

  private static Person user(String username) {
    return registered(ids.incrementAndGet(), username, "id");
  }

  private static long userId(Person p) {
    return services.users().byTelegramId(p.id).orElseThrow().id();
  }

  private static long balance(Person p) {
    return services.ledger().balanceOf(userId(p)).orElseThrow().rupiah();
  }

  private static long system(SystemAccount a) {
    return app.database().jdbi().withHandle(h -> h.createQuery("SELECT balance FROM accounts WHERE code = :c")
        .bind("c", a.code()).mapTo(Long.class).one());
  }

  /** A funded user with a pending withdrawal of Rp 100.000 to BCA 1234567890 (fee Rp 8.000). */
  private static Withdrawal pendingWithdrawal(Person p) {
    long id = userId(p);
    services.ledger().execute(new TransferRequest.TopUpCredit("fund-" + UUID.randomUUID(), id, Money.rupiah(200_000),
        Money.ZERO, "TOP-FUND"));
    var added = (BankAccounts.AddResult.Added) services.bankAccounts().add(id, "014", "1234567890", "Dewi Lestari");
    var requested = (Withdrawals.RequestResult.Requested)
        services.withdrawals().request("wd-" + UUID.randomUUID(), id, added.account().id(), Money.rupiah(100_000));
    return requested.withdrawal();
  }

  /** Opens /admin → withdrawal queue and returns the message of {@code w}. */
  private static Call queued(Person admin, Withdrawal w) {
    admin.skipAll();
    admin.send("/admin");
    admin.press(admin.expect("Panel admin"), "Antrean penarikan");
    return admin.expect(w.reference());
  }

  @Test
  void an_admin_marks_a_withdrawal_paid_with_a_bank_reference_and_the_user_is_told_once() {
    Person admin = admin();
    Person dewi = user("dewi");
    Withdrawal w = pendingWithdrawal(dewi);
    long settledBefore = system(SystemAccount.PAYOUTS_SETTLED);
    long feesBefore = system(SystemAccount.FEE_REVENUE);

    Call item = queued(admin, w);
    assertTrue(item.text().contains("<code>1234567890</code>"), "admins see the full number: " + item.text());
    assertTrue(item.text().contains("Rp 100.000") && item.text().contains("Jatuh tempo") && item.text().contains("@dewi"),
        item.text());
    admin.press(item, "Tandai dibayar");
    admin.expect("Ketik referensi transfer bank");
    admin.send("BCA-TRX-778899");
    admin.expect("ditandai dibayar");

    Call told = dewi.expect("sudah dibayar");
    assertTrue(told.text().contains("BCA-TRX-778899") && told.text().contains("••••7890"), told.text());
    assertEquals(Withdrawal.Status.PAID, services.withdrawals().byReference(w.reference()).orElseThrow().status());
    assertEquals(100_000, system(SystemAccount.PAYOUTS_SETTLED) - settledBefore);
    assertEquals(8_000, system(SystemAccount.FEE_REVENUE) - feesBefore);
    assertEquals(92_000, balance(dewi));

    // A second tap on the same button, and the reference sent again, settle nothing more.
    int again = admin.press(item, "Tandai dibayar");
    assertTrue(admin.expectAnswer(again).body().path("text").asText().contains("sudah ditandai dibayar"));
    admin.send("BCA-TRX-778899");
    admin.expect("belum paham");
    AppQuiet.await(app, telegram);
    assertEquals(100_000, system(SystemAccount.PAYOUTS_SETTLED) - settledBefore);
    assertEquals(8_000, system(SystemAccount.FEE_REVENUE) - feesBefore);
    assertEquals(1, dewi.mine().stream().filter(c -> c.text().contains("sudah dibayar")).count());
  }

  @Test
  void an_admin_marks_a_withdrawal_failed_with_a_reason_and_amount_and_fee_come_back() {
    Person admin = adminEn();
    Person eka = user("eka");
    Withdrawal w = pendingWithdrawal(eka);
    assertEquals(92_000, balance(eka));

    admin.skipAll();
    admin.send("/admin");
    admin.press(admin.expect("Admin panel"), "Withdrawal queue");
    Call item = admin.expect(w.reference());
    admin.press(item, "Failed");
    admin.expect("Type why");
    admin.send("x");
    admin.expect("3–200 characters");
    admin.send("Rekening <tidak> aktif");
    Call done = admin.expect("marked failed");
    assertTrue(done.text().contains("Rp 108.000") && done.text().contains("&lt;tidak&gt;"), done.text());

    Call told = eka.expect("gagal");
    assertTrue(told.text().contains("Rekening &lt;tidak&gt; aktif"), told.text());
    assertEquals(200_000, balance(eka));
    assertEquals(Withdrawal.Status.FAILED, services.withdrawals().byReference(w.reference()).orElseThrow().status());
    int late = admin.press(item, "Mark paid");
    assertTrue(admin.expectAnswer(late).body().path("text").asText().contains("already marked failed"));
  }

  @Test
  void an_ordinary_user_gets_the_unknown_command_answer_and_forged_admin_buttons_move_nothing() {
    Person mallory = user("mallory");
    Withdrawal w = pendingWithdrawal(user("victim"));
    mallory.send("/admin");
    Call answer = mallory.expect("tidak aku kenal");
    mallory.send("/adminx");
    Call unknown = mallory.expect("tidak aku kenal");
    assertEquals(unknown.text().replace("/adminx", "/admin"), answer.text());
    assertEquals(unknown.body().path("reply_markup"), answer.body().path("reply_markup"));

    int forged = mallory.press("adm:paid:" + w.reference(), 1);
    assertEquals("Tombol ini tidak berlaku.", mallory.expectAnswer(forged).body().path("text").asText());
    mallory.send("FORGED-REF-1");
    mallory.expect("belum paham");
    int queue = mallory.press("adm:q", 1);
    assertEquals("Tombol ini tidak berlaku.", mallory.expectAnswer(queue).body().path("text").asText());
    assertEquals(Withdrawal.Status.PENDING, services.withdrawals().byReference(w.reference()).orElseThrow().status());
    assertFalse(mallory.mine().stream().anyMatch(c -> c.text().contains(w.reference())), "no queue shown");

    List<Call> menus = telegram.calls().stream().filter(c -> c.method().equals("setmycommands")).toList();
    for (Call menu : menus) {
      boolean adminChat = menu.body().path("scope").path("type").asText().equals("chat");
      assertEquals(adminChat, menu.body().path("commands").toString().contains("\"admin\""), menu.body().toString());
    }
    assertEquals(Set.of(String.valueOf(ADMIN), String.valueOf(ADMIN_EN)), menus.stream()
        .map(c -> c.body().path("scope").path("chat_id").asText()).filter(id -> !id.isEmpty()).collect(Collectors.toSet()));
  }

  private static HttpResponse<String> signedPayment(String body) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/payments"))
            .header("X-BizCash-Signature", "sha256=" + Signatures.hmacSha256Hex(PAYMENT_SECRET, body.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long suspense() {
    return system(SystemAccount.UNAPPLIED_RECEIPTS);
  }

  @Test
  void a_second_payment_waits_in_suspense_and_one_admin_tap_credits_it_once_with_the_user_told() throws Exception {
    Person admin = admin();
    Person fani = user("fani");
    TopUpOrder order = ((TopUpOrders.CreateResult.Created) services.topUpOrders().create(userId(fani), Money.rupiah(50_000))).order();
    String first = "{\"event_id\":\"evt-fani-1\",\"order_id\":\"" + order.reference()
        + "\",\"amount\":" + order.total().rupiah() + ",\"status\":\"paid\",\"reference\":\"BANK-1\"}";
    String second = first.replace("evt-fani-1", "evt-fani-2").replace("BANK-1", "BANK-2");
    assertEquals(200, signedPayment(first).statusCode());
    HttpResponse<String> r = signedPayment(second);
    assertTrue(r.body().contains("second_payment"), r.body());
    long suspenseBefore = suspense();
    Call told = fani.expect("pembayaran kedua");
    assertTrue(told.text().contains(order.reference()) && told.text().contains("SUS-"), told.text());

    admin.skipAll();
    admin.send("/admin");
    Call menu = admin.expect("Panel admin");
    assertTrue(menu.text().contains("Dana tertahan"), menu.text());
    admin.press(menu, "Dana tertahan");
    Call item = admin.expectCall(c -> c.text() != null && c.text().contains(order.reference())
        && c.buttonLabels().stream().anyMatch(l -> l.contains("Kreditkan")), "the held item of " + order.reference());
    assertTrue(item.text().contains("pembayaran kedua") && item.text().contains("BANK-2") && item.text().contains("@fani"),
        item.text());
    admin.press(item, "Kreditkan");
    admin.expect("dikreditkan ke saldo pengguna");
    int again = admin.press(item, "Kreditkan");
    assertTrue(admin.expectAnswer(again).body().path("text").asText().contains("sudah diselesaikan"));

    fani.expect("sudah masuk ke saldo kamu");
    assertEquals(order.credited().rupiah() + order.total().rupiah(), balance(fani));
    assertEquals(suspenseBefore - order.total().rupiah(), suspense());
    assertEquals(1, fani.mine().stream().filter(c -> c.text() != null && c.text().contains("sudah masuk ke saldo kamu")).count());
  }

  @Test
  void an_admin_marks_a_held_payment_refunded_with_the_bank_reference() throws Exception {
    Person admin = adminEn();
    Person gani = registered(ids.incrementAndGet(), "gani", "en");
    TopUpOrder order = ((TopUpOrders.CreateResult.Created) services.topUpOrders().create(userId(gani), Money.rupiah(50_000))).order();
    String wrong = "{\"event_id\":\"evt-gani-1\",\"order_id\":\"" + order.reference()
        + "\",\"amount\":12345,\"status\":\"paid\",\"reference\":\"BANK-G\"}";
    assertTrue(signedPayment(wrong).body().contains("\"outcome\":\"mismatch\""));
    gani.expect("not the total that was due");

    admin.skipAll();
    admin.send("/admin");
    admin.press(admin.expect("Admin panel"), "Held payments");
    Call item = admin.expectCall(c -> c.text() != null && c.text().contains(order.reference())
        && c.buttonLabels().stream().anyMatch(l -> l.contains("Mark refunded")), "the held item of " + order.reference());
    assertTrue(item.text().contains("Rp 12.345") && item.text().contains("amount does not match"), item.text());
    admin.press(item, "Mark refunded");
    admin.expect("Type the bank reference");
    admin.send("BCA-RF-1");
    admin.expect("marked refunded");
    Call told = gani.expect("returned to the sender");
    assertTrue(told.text().contains("BCA-RF-1"), told.text());
    assertEquals(0, balance(gani));
  }

  @Test
  void a_take_back_the_wallet_cannot_cover_blocks_money_out_until_an_admin_lifts_it() {
    Person admin = admin();
    Person hana = user("hana");
    Person ira = user("ira");
    TopUpOrder order = ((TopUpOrders.CreateResult.Created) services.topUpOrders().create(userId(hana), Money.rupiah(100_000))).order();
    services.topUpOrders().pay(order.reference(), new TopUpOrders.Payment("midtrans", java.util.Optional.of("trx-hana"),
        order.total(), java.util.Optional.empty()));
    services.ledger().execute(new TransferRequest.P2p("hana-spends", userId(hana), userId(ira), Money.rupiah(90_000),
        java.util.Optional.empty()));
    app.database().jdbi().useTransaction(h ->
        services.topUpOrders().reversals().takeBack(h, order.reference(), "midtrans", "trx-hana", "refund"));
    Call reversed = hana.expect("dibatalkan oleh gateway");
    assertTrue(reversed.text().contains("diblokir"), reversed.text());

    hana.send("/transfer @ira 1000");
    Call refused = hana.expect("Uang keluar (kirim dan tarik) diblokir");
    assertTrue(refused.text().contains(order.reference()) && refused.text().contains("Rp 90.000"), refused.text());
    hana.send("/withdraw");
    hana.expect("Uang keluar (kirim dan tarik) diblokir");

    admin.skipAll();
    admin.send("/admin");
    admin.press(admin.expect("Panel admin"), "Blokir uang keluar");
    Call item = admin.expectCall(c -> c.text() != null && c.text().contains(order.reference())
        && c.buttonLabels().stream().anyMatch(l -> l.contains("Buka blokir")), "the block of " + order.reference());
    admin.press(item, "Buka blokir");
    admin.expect("dibuka");
    hana.expect("sudah dibuka");
    hana.send("/transfer");
    hana.expect("Kirim ke siapa");
  }

  @Test
  void the_payment_review_list_shows_a_contradicting_payout_and_resolving_it_removes_it() throws Exception {
    Person admin = admin();
    Withdrawal w = pendingWithdrawal(user("joko"));
    for (String status : List.of("paid", "failed")) {
      String body = "{\"event_id\":\"evt-payout-" + status + "\",\"withdrawal_id\":\"" + w.reference()
          + "\",\"status\":\"" + status + "\",\"reference\":\"PAYOUT-1\",\"reason\":\"rekening tutup\"}";
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/payouts"))
              .header("X-BizCash-Signature", "sha256=" + Signatures.hmacSha256Hex(PAYMENT_SECRET, body.getBytes(StandardCharsets.UTF_8)))
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
    }

    admin.skipAll();
    admin.send("/admin");
    admin.press(admin.expect("Panel admin"), "Pembayaran ditinjau");
    Call item = admin.expectCall(c -> c.text() != null && c.text().contains(w.reference())
        && c.buttonLabels().stream().anyMatch(l -> l.contains("Selesai ditinjau")), "the review item of " + w.reference());
    admin.press(item, "Selesai ditinjau");
    admin.expect("ditandai selesai ditinjau");
    int again = admin.press(item, "Selesai ditinjau");
    assertTrue(admin.expectAnswer(again).body().path("text").asText().contains("sudah ditinjau"));
  }

  @Test
  void top_up_orders_that_would_together_pass_the_cap_are_refused_with_the_room_left() {
    Person kiki = user("kiki");
    kiki.send("/topup 10000000");
    Call first = kiki.expect("Order top-up <code>TOP-");
    String ref = first.text().replaceAll("(?s).*(TOP-[A-Z0-9]{6}).*", "$1");
    long room = 20_000_000 - services.topUpOrders().byReference(ref).orElseThrow().credited().rupiah();
    for (int i = 0; i < 2; i++) {
      kiki.send("/topup 10000000");
      Call refused = kiki.expect("paling banyak");
      assertTrue(refused.text().contains(Money.rupiah(room).format()), refused.text());
    }
    assertEquals(1, services.topUpOrders().openOrders(userId(kiki)).size());
  }

  @Test
  void the_reconciliation_summary_says_the_ledger_balances_with_totals_per_system_account() {
    Person admin = admin();
    admin.skipAll();
    admin.send("/admin");
    Call menu = admin.expect("Panel admin");
    assertTrue(menu.text().contains("seimbang"), menu.text());
    admin.press(menu, "Rekonsiliasi");
    Call rec = admin.expect("Rekonsiliasi: ledger seimbang");
    for (SystemAccount a : SystemAccount.values()) {
      assertTrue(rec.text().contains(a.code()), rec.text());
    }
    assertTrue(rec.text().contains("Total saldo pengguna"), rec.text());
  }

  @Test
  void a_top_up_order_gets_a_pay_now_button_when_snap_answers() {
    Person gita = user("gita");
    gita.send("/topup 100000");
    Call order = gita.expect("Order top-up <code>TOP-");
    assertEquals("https://app.sandbox.midtrans.com/snap/v4/redirection/t0k3n", order.button("Bayar sekarang"));
    assertTrue(order.text().contains("BCA <code>8830012345</code>"), "bank transfer stays possible");
    String ref = order.text().replaceAll("(?s).*(TOP-[A-Z0-9]{6}).*", "$1");
    assertEquals("https://app.sandbox.midtrans.com/snap/v4/redirection/t0k3n",
        services.topUpOrders().byReference(ref).orElseThrow().paymentUrl().orElseThrow());
    snap.verify(postRequestedFor(urlEqualTo("/snap/v1/transactions"))
        .withHeader("Authorization", equalTo("Basic U0ItTWlkLXNlcnZlci1URVNUOg=="))
        .withRequestBody(containing(ref)));
  }

  @Test
  void when_snap_fails_the_order_still_stands_with_bank_transfer_and_no_pay_button() {
    Person hadi = user("hadi");
    hadi.send("/topup 250000");
    Call order = hadi.expect("Order top-up <code>TOP-");
    assertTrue(order.text().contains("BCA <code>8830012345</code>"), order.text());
    assertFalse(order.buttonLabels().stream().anyMatch(l -> l.contains("Bayar sekarang")), order.buttonLabels().toString());
    assertTrue(order.buttonLabels().stream().anyMatch(l -> l.contains("Cek status")));
    String ref = order.text().replaceAll("(?s).*(TOP-[A-Z0-9]{6}).*", "$1");
    TopUpOrder stored = services.topUpOrders().byReference(ref).orElseThrow();
    assertTrue(stored.isOpen() && stored.paymentUrl().isEmpty());
  }

  @Test
  void every_admin_text_exists_in_both_languages() {
    Messages m = new Messages("admin_messages");
    assertEquals(m.keys(Language.ID), m.keys(Language.EN));
  }
}
