package id.bizpro.bizcash.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.QuietPoint;
import id.bizpro.bizcash.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Telegram webhook mode as deployed behind a load balancer: two application instances on one
 * database, each registering the webhook with Telegram and taking updates on POST /telegram. One
 * chat's updates land alternately on either instance and the conversation carries on; an update
 * delivered twice — one after the other, or at the same moment on two connections to one instance
 * or to both instances — is handled once; a wrong secret token is refused and changes nothing.
 */
class TelegramWebhookModeTest {
  static final String SECRET = "webhook-secret_0123456789";
  static final String PIN = "135790";
  final HttpClient http = HttpClient.newHttpClient();
  /** Deliveries that passed the secret check, per instance: what its bot must have handled. */
  final Map<Application, AtomicLong> delivered = new ConcurrentHashMap<>();

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

  private HttpRequest request(Application app, String update, String secret) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/telegram"))
        .header("Content-Type", "application/json")
        .header("X-Telegram-Bot-Api-Secret-Token", secret)
        .POST(HttpRequest.BodyPublishers.ofString(update))
        .build();
  }

  private HttpResponse<String> counted(Application app, HttpResponse<String> r) {
    if (r.statusCode() != 401) {
      delivered.computeIfAbsent(app, a -> new AtomicLong()).incrementAndGet();
    }
    return r;
  }

  private HttpResponse<String> deliver(Application app, String update, String secret) throws Exception {
    return counted(app, http.send(request(app, update, secret), HttpResponse.BodyHandlers.ofString()));
  }

  private CompletableFuture<HttpResponse<String>> deliverAsync(Application app, String update) {
    return http.sendAsync(request(app, update, SECRET), HttpResponse.BodyHandlers.ofString()).thenApply(r -> counted(app, r));
  }

  /** Takes the update the person just sent and delivers it to {@code app}, as Telegram would. */
  private void deliver(FakeTelegram telegram, Application app) throws Exception {
    HttpResponse<String> r = deliver(app, telegram.takeUpdate(), SECRET);
    assertEquals(200, r.statusCode(), r.body());
  }

  /** Every instance's bot handled what was delivered to it, the outbox is drained, every dispatcher idle. */
  private void awaitQuiet(Application... apps) {
    QuietPoint point = QuietPoint.of();
    for (Application app : apps) {
      AppQuiet.add(point, app, () -> delivered.getOrDefault(app, new AtomicLong()).get());
    }
    point.await();
  }

  private static long balance(Application app, long telegramId) {
    return app.database().jdbi().withHandle(h -> h.createQuery(
            "SELECT a.balance FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.telegram_id = :t AND a.kind = 'user_available'")
        .bind("t", telegramId).mapTo(Long.class).one());
  }

  private static int count(Application app, String sql) {
    return app.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  /**
   * Alice and Bob registered (on {@code first} and {@code second} in turn), Alice funded, and her
   * /transfer of Rp 25.000 to Bob confirmed up to the PIN typed a second time, which is returned
   * as the raw update, not delivered: the update whose handling moves the money.
   */
  private String aliceAboutToSend(FakeTelegram telegram, Person alice, Person bob, Application first, Application second)
      throws Exception {
    alice.send("/start");
    deliver(telegram, first);
    alice.expect("selamat datang");
    bob.send("/start");
    deliver(telegram, second);
    bob.expect("selamat datang");
    long aliceId = first.database().jdbi().withHandle(h ->
        h.createQuery("SELECT id FROM users WHERE telegram_id = :t").bind("t", alice.id).mapTo(Long.class).one());
    new Ledger(first.database().jdbi(), new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000)))
        .execute(new TransferRequest.TopUpCredit("fund-alice", aliceId, Money.rupiah(100_000), Money.ZERO, "TOP-FUND"));

    // One /transfer conversation, each step on the other instance.
    alice.send("/transfer");
    deliver(telegram, first);
    alice.expect("Kirim ke siapa");
    alice.send("@bob");
    deliver(telegram, second);
    alice.expect("Berapa");
    alice.send("25000");
    deliver(telegram, first);
    alice.expect("berita");
    alice.send("makan siang");
    deliver(telegram, second);
    Call confirm = alice.expect("Periksa dulu");
    alice.press(confirm, "Konfirmasi");
    deliver(telegram, first);
    alice.expect("Buat PIN 6 angka");
    alice.send(PIN);
    deliver(telegram, second);
    alice.expect("Ketik PIN yang sama");
    alice.send(PIN);
    return telegram.takeUpdate();
  }

  /**
   * One reply to the update (its messages: the PIN saved, then the receipt) and one effect: one
   * transfer, one notification.
   */
  private void assertHandledOnce(Person alice, Person bob, int aliceBefore, Application app, String update) {
    List<String> replies = alice.mine().subList(aliceBefore, alice.mine().size()).stream()
        .filter(c -> c.method().equals("sendmessage")).map(Call::text).toList();
    assertEquals(2, replies.size(), "one reply to the update: " + replies);
    assertEquals(true, replies.get(0).contains("PIN tersimpan"), replies.toString());
    assertEquals(true, replies.get(1).contains("Terkirim <b>Rp 25.000</b> ke @bob"), replies.toString());
    assertEquals(1, bob.mine().stream().filter(c -> c.text().contains("Kamu menerima")).count());
    assertEquals(75_000L, balance(app, alice.id));
    assertEquals(25_000L, balance(app, bob.id));
    assertEquals(1, count(app, "SELECT count(*) FROM transfers WHERE kind = 'p2p'"));
    assertEquals(1, count(app, "SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"));
    assertEquals(1, count(app, "SELECT count(*) FROM processed_updates WHERE update_id = "
        + Integer.parseInt(update.replaceAll("(?s).*\"update_id\":(\\d+).*", "$1"))));
  }

  /**
   * Delivers {@code update} to {@code a} and {@code b} on two connections at once, and makes the two
   * handlings overlap for certain: the test holds the chat's conversation row, which a turn locks
   * right after claiming the update id, so that one delivery waits there with the claim not yet
   * committed while the other waits on that claim. Both are let go once the database shows both
   * waiting.
   */
  private void raceTwice(Jdbi jdbi, long chatId, Application a, Application b, String update) throws Exception {
    try (Handle blocker = jdbi.open()) {
      blocker.begin();
      blocker.createQuery("SELECT chat_id FROM conversations WHERE chat_id = :c FOR UPDATE").bind("c", chatId)
          .mapTo(Long.class).one();
      CompletableFuture<HttpResponse<String>> first = deliverAsync(a, update);
      CompletableFuture<HttpResponse<String>> second = deliverAsync(b, update);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (jdbi.withHandle(h -> h.createQuery(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
          .mapTo(Integer.class).one()) < 2) {
        if (System.nanoTime() > deadline || first.isDone() || second.isDone()) {
          fail("the two deliveries were not both in flight: " + (first.isDone() ? first.join().body() : "")
              + (second.isDone() ? second.join().body() : ""));
        }
        Thread.sleep(10);
      }
      blocker.rollback();
      assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
      assertEquals(200, second.get(30, TimeUnit.SECONDS).statusCode());
    }
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
        String last = aliceAboutToSend(telegram, alice, bob, one, two);

        // Telegram retries to whichever instance: the same update on both is handled once.
        int aliceBefore = alice.mine().size();
        assertEquals(200, deliver(one, last, SECRET).statusCode());
        assertEquals(200, deliver(two, last, SECRET).statusCode());
        awaitQuiet(one, two);
        assertHandledOnce(alice, bob, aliceBefore, one, last);

        // A wrong secret is refused on both, and the update is not handled by either.
        int before = alice.mine().size();
        alice.send("/balance");
        String forged = telegram.takeUpdate();
        assertEquals(401, deliver(one, forged, "not-the-secret-at-all").statusCode());
        assertEquals(401, deliver(two, forged, "").statusCode());
        awaitQuiet(one, two);
        assertEquals(before, alice.mine().size(), "nothing answered the forged update");
        assertEquals(0, count(one, "SELECT count(*) FROM processed_updates WHERE update_id = "
            + Integer.parseInt(forged.replaceAll("(?s).*\"update_id\":(\\d+).*", "$1"))));
      }
    }
  }

  @Test
  void the_same_update_on_two_connections_to_one_instance_at_once_is_handled_once() throws Exception {
    try (FakeTelegram telegram = new FakeTelegram()) {
      DatabaseUrl db = TestDatabase.freshUrl();
      try (Application one = start(telegram, db)) {
        Person alice = telegram.person(73_001, "alice", "Alice", "id");
        Person bob = telegram.person(73_002, "bob", "Bob", "id");
        String last = aliceAboutToSend(telegram, alice, bob, one, one);
        int aliceBefore = alice.mine().size();

        raceTwice(one.database().jdbi(), alice.id, one, one, last);

        awaitQuiet(one);
        assertHandledOnce(alice, bob, aliceBefore, one, last);
      }
    }
  }

  @Test
  void the_same_update_on_two_instances_at_once_is_handled_once() throws Exception {
    try (FakeTelegram telegram = new FakeTelegram()) {
      DatabaseUrl db = TestDatabase.freshUrl();
      try (Application one = start(telegram, db); Application two = start(telegram, db)) {
        Person alice = telegram.person(74_001, "alice", "Alice", "id");
        Person bob = telegram.person(74_002, "bob", "Bob", "id");
        String last = aliceAboutToSend(telegram, alice, bob, two, one);
        int aliceBefore = alice.mine().size();

        raceTwice(one.database().jdbi(), alice.id, one, two, last);

        awaitQuiet(one, two);
        assertHandledOnce(alice, bob, aliceBefore, one, last);
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
