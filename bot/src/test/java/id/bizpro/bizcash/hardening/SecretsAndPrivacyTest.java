package id.bizpro.bizcash.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.webhook.Signatures;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Secrets and privacy over a whole flow of the real application (Application.start, long polling
 * against FakeTelegram, the HTTP server on a real port): every log event of the JVM is captured
 * (our loggers, TelegramBots, OkHttp and Javalin at DEBUG) and searched for the bot token, every
 * webhook secret and server key, and the PINs typed; and every message the bot sent to someone
 * other than the owner of a bank account is searched for that account's number.
 */
class SecretsAndPrivacyTest {
  /** Distinctive values: any appearance in a log is a leak, not a coincidence. */
  static final String TOKEN = "918273645:AAZx_SecretBotTokenQ7w-k9Lm";
  static final String PAYMENT_SECRET = "pay-hook-SECRET-r4nd0m-81xq";
  static final String MIDTRANS_KEY = "SB-Mid-server-SECRETmdtr93kz";
  static final String MOOTA_SECRET = "moota-SECRET-7hq2vv";
  static final String TELEGRAM_WEBHOOK_SECRET = "tg-hook-SECRET-p0o9i8u7";
  static final String PIN = "135790";
  static final String WRONG_PIN = "246813";
  static final String ACCOUNT_NUMBER = "7391046285";
  static final long ALICE = 73_001;
  static final long BOB = 73_002;
  static final long ADMIN = 73_999;

  @Test
  void a_full_flow_logs_no_token_secret_or_pin_and_only_the_owner_sees_a_full_account_number() throws Exception {
    try (FakeTelegram telegram = new FakeTelegram();
        LogCapture logs = new LogCapture("id.bizpro", "org.telegram", "okhttp3", "io.javalin", "org.jdbi")) {
      // FakeTelegram answers its own test token; route this test's token to the same stand-in.
      telegram.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/bot" + Pattern.quote(TOKEN) + "/.*"))
          .willReturn(aResponse().withTransformers("fake-telegram")));
      telegram.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/snap/v1/transactions"))
          .willReturn(okJson("{\"token\":\"snap-1\",\"redirect_url\":\"https://app.sandbox.midtrans.com/snap/v4/redirection/snap-1\"}")));
      DatabaseUrl db = TestDatabase.freshUrl();
      int port = freePort();
      Map<String, String> env = new HashMap<>();
      env.put("TELEGRAM_BOT_TOKEN", TOKEN);
      env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
      env.put("TELEGRAM_WEBHOOK_SECRET", TELEGRAM_WEBHOOK_SECRET);
      env.put("PAYMENT_WEBHOOK_SECRET", PAYMENT_SECRET);
      env.put("MIDTRANS_SERVER_KEY", MIDTRANS_KEY);
      env.put("MIDTRANS_SNAP_URL", telegram.apiUrl() + "/snap/v1/transactions");
      env.put("MOOTA_SECRET", MOOTA_SECRET);
      env.put("ADMIN_TELEGRAM_IDS", Long.toString(ADMIN));
      env.put("DATABASE_URL", db.jdbcUrl() + "?user=postgres");
      env.put("HTTP_PORT", String.valueOf(port));
      env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
      try (Application app = Application.start(AppConfig.fromEnv(new Env(env)), true)) {
        Person alice = telegram.person(ALICE, "alice", "Alice", "id");
        Person bob = telegram.person(BOB, "bob", "Bob", "id");
        alice.send("/start");
        alice.expect("selamat datang");
        bob.send("/start");
        bob.expect("selamat datang");

        // A top-up order, paid by a signed payment webhook to the app's HTTP port.
        alice.send("/topup 200000");
        Call order = alice.expect("Order top-up <code>TOP-");
        String reference = find("TOP-[A-Z0-9]+", order.text());
        long total = app.database().jdbi().withHandle(h -> h.createQuery("SELECT total FROM topup_orders WHERE reference = :r")
            .bind("r", reference).mapTo(Long.class).one());
        String paid = "{\"event_id\":\"evt-sec-1\",\"order_id\":\"" + reference + "\",\"amount\":" + total
            + ",\"status\":\"paid\",\"reference\":\"BCA-1\",\"paid_at\":\"2026-11-26T07:30:00Z\"}";
        HttpResponse<String> credited = postSigned(port, "/webhooks/payments", paid);
        assertEquals(200, credited.statusCode(), credited.body());
        assertTrue(credited.body().contains("\"credited\""), credited.body());
        // A forged one (wrong key) is refused: the refusal path logs too.
        assertEquals(401, post(port, "/webhooks/payments", paid, "sha256=" + Signatures.hmacSha256Hex("wrong-key-0123456789", paid.getBytes(StandardCharsets.UTF_8))).statusCode());

        // A transfer with a new PIN; the recipient is told through the outbox.
        alice.send("/transfer @bob 25000 makan siang");
        alice.press(alice.expect("Periksa dulu"), "Konfirmasi");
        alice.expect("Buat PIN 6 angka");
        alice.send(PIN);
        alice.expect("Ketik PIN yang sama");
        alice.send(PIN);
        alice.expect("Terkirim <b>Rp 25.000</b> ke @bob");
        bob.expect("Rp 25.000");

        // A withdrawal to a new bank account, one wrong PIN first, then the payout webhook.
        alice.send("/withdraw");
        alice.press(alice.expect("belum punya rekening"), "Tambah rekening");
        alice.press(alice.expect("Pilih bank"), "BCA");
        alice.expect("Nomor rekening BCA");
        alice.send(ACCOUNT_NUMBER);
        alice.expect("Nama pemilik");
        alice.send("Alice Wijaya");
        // The owner sees the number in full for a last check; saving it asks for the PIN.
        alice.press(alice.expect("rekening yang akan disimpan"), "Konfirmasi");
        alice.expect("Masukkan PIN");
        alice.send(PIN);
        alice.expect("Rekening BCA");
        alice.expect("Berapa yang mau ditarik");
        alice.send("50000");
        alice.press(alice.expect("Total dari saldo"), "Konfirmasi");
        alice.expect("Masukkan PIN");
        alice.send(WRONG_PIN);
        alice.expect("PIN salah");
        alice.send(PIN);
        Call receipt = alice.expect("Penarikan <code>WD-");
        String withdrawal = find("WD-[A-Z0-9]+", receipt.text());
        String payout = "{\"event_id\":\"po-sec-1\",\"withdrawal_id\":\"" + withdrawal + "\",\"status\":\"paid\",\"reference\":\"BCA-TRF-9\"}";
        HttpResponse<String> settled = postSigned(port, "/webhooks/payouts", payout);
        assertEquals(200, settled.statusCode(), settled.body());
        alice.expect(withdrawal);

        // Bob sends money back; the owner's history and settings still show her account.
        bob.send("/history");
        bob.expect("Riwayat");
        alice.send("/settings");
        alice.press(alice.expect("Pengaturan"), "Rekening bank");
        alice.expect("Alice Wijaya");

        assertTrue(new Reconciliation(app.database().jdbi()).run().holds());
      }

      List<String> lines = logs.lines();
      assertTrue(lines.size() > 20, "the capture saw the flow's logs: " + lines.size());
      Map<String, String> secrets = new HashMap<>();
      secrets.put("bot token", TOKEN);
      secrets.put("bot token's secret half", TOKEN.substring(TOKEN.indexOf(':') + 1));
      secrets.put("PAYMENT_WEBHOOK_SECRET", PAYMENT_SECRET);
      secrets.put("MIDTRANS_SERVER_KEY", MIDTRANS_KEY);
      secrets.put("MOOTA_SECRET", MOOTA_SECRET);
      secrets.put("TELEGRAM_WEBHOOK_SECRET", TELEGRAM_WEBHOOK_SECRET);
      secrets.put("Midtrans Basic credentials", java.util.Base64.getEncoder().encodeToString((MIDTRANS_KEY + ":").getBytes(StandardCharsets.UTF_8)));
      secrets.put("the PIN", PIN);
      secrets.put("the wrong PIN", WRONG_PIN);
      secrets.forEach((what, value) ->
          assertEquals(List.of(), logs.linesContaining(value), what + " appears in the log"));
      System.out.printf("SecretsAndPrivacyTest: %d log events searched for %d secrets%n", lines.size(), secrets.size());

      // Only the owner (and admins) may see a full account number.
      List<Call> toOthers = telegram.calls().stream()
          .filter(c -> c.chatId() != ALICE && c.chatId() != ADMIN)
          .filter(c -> c.body().toString().contains(ACCOUNT_NUMBER))
          .toList();
      assertEquals(List.of(), toOthers, "a full account number reached someone other than its owner");
      assertTrue(telegram.calls().stream().anyMatch(c -> c.chatId() == BOB), "bob was sent messages");
      // Not vacuous: the owner is shown her account (masked to its last digits, as everywhere).
      assertTrue(telegram.calls().stream().filter(c -> c.chatId() == ALICE)
              .anyMatch(c -> c.text().contains(ACCOUNT_NUMBER.substring(ACCOUNT_NUMBER.length() - 4))),
          "the owner is shown her account");
    }
  }

  private static String find(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in " + text);
    return m.group();
  }

  static HttpResponse<String> postSigned(int port, String path, String body) throws Exception {
    return post(port, path, body, "sha256=" + Signatures.hmacSha256Hex(PAYMENT_SECRET, body.getBytes(StandardCharsets.UTF_8)));
  }

  static HttpResponse<String> post(int port, String path, String body, String signature) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .header("X-BizCash-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
