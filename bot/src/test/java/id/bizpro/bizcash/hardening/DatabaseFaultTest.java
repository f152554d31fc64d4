package id.bizpro.bizcash.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.webhook.Signatures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under the running application (in-process, long polling against
 * FakeTelegram) and started again on the same data directory and port: while it is down a signed
 * payment webhook gets 503 and a Telegram update gets the "try again" apology; once it is back the
 * pool reconnects by itself (no restart of the app), the gateway's retry is credited exactly once,
 * no callback is left half-applied and the ledger reconciles.
 */
class DatabaseFaultTest {
  static final String SECRET = "db-fault-payment-secret-01";
  static final String TOKEN = "444000222:DbFaultBotTokenXyz";

  @Test
  void postgres_restarted_under_the_app_gives_503_and_an_apology_then_recovers_without_a_restart() throws Exception {
    Path data = Files.createTempDirectory("bizcash-dbfault");
    int pgPort = SecretsAndPrivacyTest.freePort();
    EmbeddedPostgres pg = startPostgres(data, pgPort);
    int downs = 0;
    try (BotApiStandIn telegram = new BotApiStandIn(TOKEN)) {
      int port = SecretsAndPrivacyTest.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("TELEGRAM_BOT_TOKEN", TOKEN);
      env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
      env.put("DATABASE_URL", "jdbc:postgresql://localhost:" + pgPort + "/postgres?user=postgres");
      env.put("HTTP_PORT", String.valueOf(port));
      env.put("PAYMENT_WEBHOOK_SECRET", SECRET);
      env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
      try (Application app = Application.start(AppConfig.fromEnv(new Env(env)), true)) {
        Chat alice = new Chat(telegram, 74_001, "alice");
        alice.send("/start");
        alice.expect("selamat datang");
        long aliceId = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = 74001").mapTo(Long.class).one());
        MoneyRules rules = MoneyRules.defaults();
        TopUpOrders orders = new TopUpOrders(app.database().jdbi(), new Ledger(app.database().jdbi(), rules.ledgerLimits()), rules, Clock.systemUTC());
        TopUpOrder order = ((TopUpOrders.CreateResult.Created) orders.create(aliceId, Money.rupiah(150_000))).order();
        String paid = "{\"event_id\":\"evt-dbf-1\",\"order_id\":\"" + order.reference() + "\",\"amount\":" + order.total().rupiah()
            + ",\"status\":\"paid\",\"reference\":\"BCA-DBF\",\"paid_at\":\"2026-11-26T07:30:00Z\"}";

        // PostgreSQL goes away (a fast shutdown: every connection of the pool is cut).
        pg.close();
        downs++;
        HttpResponse<String> whileDown = post(port, paid);
        assertEquals(503, whileDown.statusCode(), whileDown.body());
        assertTrue(whileDown.body().contains("database_unavailable"), whileDown.body());
        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, health.statusCode(), health.body());
        long asked = System.nanoTime();
        alice.send("/balance");
        BotApiStandIn.Call apology = alice.expect("coba lagi sebentar lagi");
        long apologyMillis = (System.nanoTime() - asked) / 1_000_000;
        assertTrue(apology.text().contains("Maaf, ada gangguan"), apology.text());
        // One pool connection timeout (10 s), not two: the apology does not ask the dead database
        // for the user's language (it did before, and the user waited 20 s).
        assertTrue(apologyMillis < 15_000, "apology after " + apologyMillis + " ms");

        // Back on the same data and port; the app is not restarted.
        pg = startPostgres(data, pgPort);
        HttpResponse<String> credited = null;
        int retries = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
          credited = post(port, paid);
          if (credited.statusCode() == 200) {
            break;
          }
          assertEquals(503, credited.statusCode(), credited.body());
          retries++;
          Thread.sleep(250);
        }
        assertEquals(200, credited.statusCode(), "the pool recovered by itself: " + credited.body());
        assertTrue(credited.body().contains("\"credited\""), credited.body());
        HttpResponse<String> again = post(port, paid);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("\"duplicate\":true"), again.body());
        // The chat answers again without a restart of the app, and the credited top-up's
        // notification, committed after PostgreSQL came back, is delivered.
        alice.send("/balance");
        BotApiStandIn.Call answer = alice.expect("💰 Saldo kamu:");
        assertTrue(answer.text().contains(order.credited().format()), answer.text());
        alice.expect("Top-up <code>" + order.reference() + "</code> berhasil");

        long credits = app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM transfers WHERE kind = 'topup_credit' AND idempotency_key = :k")
            .bind("k", "topup:" + order.reference()).mapTo(Long.class).one());
        assertEquals(1, credits);
        long stuck = app.database().jdbi().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM webhook_callbacks WHERE outcome = 'received'").mapTo(Long.class).one());
        assertEquals(0, stuck, "no callback is half-applied");
        Reconciliation.Report report = new Reconciliation(app.database().jdbi()).run();
        assertTrue(report.holds(), report.summary());
        System.out.printf("DatabaseFaultTest: apology in %d ms; %d PostgreSQL stop(s); %d webhook retries answered 503 after the restart before the pool was back%n",
            apologyMillis, downs, retries);
      }
    } finally {
      pg.close();
    }
  }

  /** One private chat with the stand-in: send, and wait for the next message containing a text. */
  record Chat(BotApiStandIn api, long id, String username) {
    void send(String text) {
      api.send(id, username, text);
    }

    BotApiStandIn.Call expect(String fragment) {
      BotApiStandIn.Call c = api.await(0, x -> x.chatId() == id && x.text().contains(fragment) && !seen.contains(x), Duration.ofSeconds(20));
      if (c == null) {
        throw new AssertionError("chat " + id + " never got '" + fragment + "'; it got " + api.sentTo(id).stream().map(BotApiStandIn.Call::text).toList());
      }
      seen.add(c);
      return c;
    }

    private static final java.util.Set<BotApiStandIn.Call> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  }

  private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  private static HttpResponse<String> post(int port, String body) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/payments"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-BizCash-Signature", "sha256=" + Signatures.hmacSha256Hex(SECRET, body.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
