package id.bizpro.bizcash.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Telegram webhook mode as deployed behind a load balancer: two application instances on one
 * database, each registering the webhook with Telegram and taking updates on POST /telegram. One
 * chat's updates land alternately on either instance and the conversation carries on; an update
 * delivered to both is handled once; a wrong secret token is refused and changes nothing.
 */
class TelegramWebhookModeTest {
  static final String SECRET = "webhook-secret_0123456789";
  final HttpClient http = HttpClient.newHttpClient();

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Application start(FakeTelegram telegram, DatabaseUrl db) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN);
    env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
    env.put("TELEGRAM_WEBHOOK_URL", "https://bizcash.example.com");
    env.put("TELEGRAM_WEBHOOK_SECRET", SECRET);
    env.put("DATABASE_URL", db.jdbcUrl() + "?user=postgres");
    env.put("DATABASE_POOL_SIZE", "8");
    env.put("HTTP_PORT", String.valueOf(freePort()));
    env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
    return Application.start(AppConfig.fromEnv(new Env(env)), true);
  }

  private HttpResponse<String> deliver(Application app, String update, String secret) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/telegram"))
            .header("Content-Type", "application/json")
            .header("X-Telegram-Bot-Api-Secret-Token", secret)
            .POST(HttpRequest.BodyPublishers.ofString(update))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Takes the update the person just sent and delivers it to {@code app}, as Telegram would. */
  private void deliver(FakeTelegram telegram, Application app) throws Exception {
    HttpResponse<String> r = deliver(app, telegram.takeUpdate(), SECRET);
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void two_instances_on_one_database_share_a_conversation_and_handle_each_update_once() throws Exception {
    try (FakeTelegram telegram = new FakeTelegram()) {
      DatabaseUrl db = TestDatabase.freshUrl();
      try (Application one = start(telegram, db); Application two = start(telegram, db)) {
        Call registered = telegram.await(c -> c.method().equals("setwebhook"), "setWebhook");
        assertEquals("https://bizcash.example.com/telegram", registered.body().path("url").asText());
        assertEquals(SECRET, registered.body().path("secret_token").asText());
        assertEquals(2, telegram.calls().stream().filter(c -> c.method().equals("setwebhook")).count());

        Person alice = telegram.person(72_001, "alice", "Alice", "id");
        Person bob = telegram.person(72_002, "bob", "Bob", "id");
        alice.send("/start");
        deliver(telegram, one);
        alice.expect("selamat datang");
        bob.send("/start");
        deliver(telegram, two);
        bob.expect("selamat datang");
        long aliceId = one.database().jdbi().withHandle(h ->
            h.createQuery("SELECT id FROM users WHERE telegram_id = 72001").mapTo(Long.class).one());
        new Ledger(one.database().jdbi(), new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000)))
            .execute(new TransferRequest.TopUpCredit("fund-alice", aliceId, Money.rupiah(100_000), Money.ZERO, "TOP-FUND"));

        // One /transfer conversation, each step on the other instance.
        alice.send("/transfer");
        deliver(telegram, one);
        alice.expect("Kirim ke siapa");
        alice.send("@bob");
        deliver(telegram, two);
        alice.expect("Berapa");
        alice.send("25000");
        deliver(telegram, one);
        alice.expect("berita");
        alice.send("makan siang");
        deliver(telegram, two);
        Call confirm = alice.expect("Periksa dulu");
        alice.press(confirm, "Konfirmasi");
        deliver(telegram, one);
        alice.expect("Buat PIN 6 angka");
        alice.send("135790");
        deliver(telegram, two);
        alice.expect("Ketik PIN yang sama");

        // Telegram retries to whichever instance: the same update on both is handled once.
        alice.send("135790");
        String last = telegram.takeUpdate();
        assertEquals(200, deliver(one, last, SECRET).statusCode());
        assertEquals(200, deliver(two, last, SECRET).statusCode());
        alice.expect("Terkirim <b>Rp 25.000</b> ke @bob");
        bob.expect("Kamu menerima <b>Rp 25.000</b> dari @alice");
        Thread.sleep(500);
        assertEquals(1, alice.mine().stream().filter(c -> c.text().contains("Terkirim")).count());
        assertEquals(1, bob.mine().stream().filter(c -> c.text().contains("Kamu menerima")).count());
        assertEquals(75_000L, (long) one.database().jdbi().withHandle(h -> h.createQuery(
            "SELECT balance FROM accounts WHERE user_id = :u AND kind = 'user_available'").bind("u", aliceId)
            .mapTo(Long.class).one()));

        // A wrong secret is refused on both, and the update is not handled by either.
        int before = alice.mine().size();
        alice.send("/balance");
        String forged = telegram.takeUpdate();
        assertEquals(401, deliver(one, forged, "not-the-secret-at-all").statusCode());
        assertEquals(401, deliver(two, forged, "").statusCode());
        Thread.sleep(500);
        assertEquals(before, alice.mine().size(), "nothing answered the forged update");
        assertEquals(0, (int) one.database().jdbi().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM processed_updates WHERE update_id = :id")
            .bind("id", Integer.parseInt(forged.replaceAll("(?s).*\"update_id\":(\\d+).*", "$1"))).mapTo(Integer.class).one()));
      }
    }
  }

  @Test
  void an_update_that_cannot_be_read_is_answered_200_and_counted_and_the_next_update_is_still_handled() throws Exception {
    try (FakeTelegram telegram = new FakeTelegram()) {
      try (Application app = start(telegram, TestDatabase.freshUrl())) {
        telegram.await(c -> c.method().equals("setwebhook"), "setWebhook");
        Person alice = telegram.person(72_101, "alice", "Alice", "id");

        // Telegram would redeliver anything but a 2xx forever, holding every later update behind it.
        HttpResponse<String> unreadable = deliver(app, "{\"update_id\":\"not-a-number\",\"message\":{}}", SECRET);
        assertEquals(200, unreadable.statusCode(), unreadable.body());

        alice.send("/start");
        deliver(telegram, app);
        alice.expect("selamat datang");
        HttpResponse<String> metrics = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("bizcash_telegram_updates_unreadable_total 1.0"), metrics.body());
      }
    }
  }
}
