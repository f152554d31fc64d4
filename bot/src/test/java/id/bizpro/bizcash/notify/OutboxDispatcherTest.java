package id.bizpro.bizcash.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.telegram.QuietPoint;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxDispatcherTest {
  private static final NotifySettings SETTINGS =
      NotifySettings.DEFAULTS.withRates(20, 5, 1, 3).withPollInterval(Duration.ofMillis(200));

  private LedgerFixture fx;
  private TelegramStandIn telegram;
  private final List<OutboxDispatcher> dispatchers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    fx = new LedgerFixture();
    telegram = new TelegramStandIn();
  }

  @AfterEach
  void tearDown() {
    dispatchers.forEach(OutboxDispatcher::close);
    telegram.close();
    fx.close();
  }

  private OutboxDispatcher dispatcher() {
    OutboxDispatcher d =
        new OutboxDispatcher(fx.db.jdbi(), telegram.client(), new TelegramRateLimiter(SETTINGS), SETTINGS);
    dispatchers.add(d);
    return d;
  }

  private void enqueue(long chatId, String reference) {
    fx.db.jdbi().useTransaction(h -> Outbox.enqueue(h, chatId, Optional.empty(), Outbox.Kind.ADMIN_PAYMENT_ALERT,
        Map.of("reference", reference), "test:" + reference));
  }

  private long count(String where) {
    return fx.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE " + where)
        .mapTo(Long.class).one());
  }

  /** The outbox drained and every dispatcher idle: nothing more will be sent. */
  private void awaitQuiet() {
    QuietPoint.of().outbox(fx.db.jdbi(), dispatchers).await();
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  private static String reference(JsonNode body) {
    String text = body.path("text").asText();
    int i = text.indexOf("Referensi: ");
    return text.substring(i + "Referensi: ".length(), text.indexOf('\n', i));
  }

  @Test
  void a_committed_transfer_is_notified_exactly_once_by_a_dispatcher_started_afterwards() throws Exception {
    User alice = fx.user("alice");
    User bob = fx.user("bob");
    fx.fund(alice, 100_000);
    fx.fund(bob, 100_000);
    OutboxDispatcher crashed = dispatcher();
    crashed.start();
    crashed.close();

    LedgerResult r = new P2pTransfers(fx.db.jdbi(), fx.ledger)
        .send("t-1", alice.id(), bob.id(), Money.rupiah(25_000), Optional.of("makan <siang>"));
    assertTrue(r instanceof LedgerResult.Done, r.toString());
    dispatcher().start();

    await("the row is sent", Duration.ofSeconds(10), () -> count("status = 'sent'") == 1);
    awaitQuiet();
    List<JsonNode> bodies = telegram.bodies();
    assertEquals(1, bodies.size());
    JsonNode body = bodies.get(0);
    assertEquals(Long.toString(bob.telegramId()), body.path("chat_id").asText());
    assertEquals("html", body.path("parse_mode").asText().toLowerCase());
    assertEquals("💸 Kamu menerima <b>Rp 25.000</b> dari @alice\nBerita: makan &lt;siang&gt;\n"
        + "Saldo kamu sekarang Rp 125.000\nLihat riwayat dengan /history.", body.path("text").asText());
  }

  @Test
  void a_payment_request_reaches_the_payer_with_pay_and_decline_buttons_carrying_its_id() throws Exception {
    User alice = fx.user("alice");
    User bob = fx.user("bob");
    var requests = new id.bizpro.bizcash.request.PaymentRequests(fx.db.jdbi(), fx.users, java.time.Clock.systemUTC(),
        Duration.ofDays(7));
    var r = fx.db.jdbi().inTransaction(h -> requests.create(h, alice.id(), bob.id(), Money.rupiah(250_000), "desain <logo>",
        java.time.Instant.now()));
    dispatcher().start();
    await("the row is sent", Duration.ofSeconds(10), () -> count("status = 'sent'") == 1);
    awaitQuiet();
    JsonNode body = telegram.bodies().get(0);
    assertEquals(Long.toString(bob.telegramId()), body.path("chat_id").asText());
    assertEquals("🧾 @alice menagih <b>Rp 250.000</b>\nKeterangan: desain &lt;logo&gt;\nTagihan <code>" + r.reference()
        + "</code>. Tekan Bayar untuk membayar dengan PIN, atau Tolak.", body.path("text").asText());
    JsonNode row = body.path("reply_markup").path("inline_keyboard").get(0);
    assertEquals("rq:pay:" + r.id(), row.get(0).path("callback_data").asText());
    assertEquals("rq:no:" + r.id(), row.get(1).path("callback_data").asText());
  }

  @Test
  void a_notification_answered_429_three_times_arrives_afterwards_once() throws Exception {
    telegram.failFirst(777, 3, 429,
        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
            + "\"parameters\":{\"retry_after\":1}}");
    enqueue(777, "R-429");
    OutboxDispatcher d = dispatcher();
    d.start();

    await("the row is sent", Duration.ofSeconds(15), () -> count("status = 'sent'") == 1);
    assertEquals(4, telegram.requestsTo(777));
    assertEquals(1, count("attempts = 4 AND sent_at IS NOT NULL AND last_error IS NULL"));
    assertEquals(3, d.metrics().rateLimited());
    assertEquals(1, d.metrics().sent());
  }

  @Test
  void server_errors_are_retried_with_back_off_until_delivered() throws Exception {
    telegram.failFirst(555, 2, 500, "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}");
    enqueue(555, "R-500");
    OutboxDispatcher d = dispatcher();
    d.start();

    await("the row is sent", Duration.ofSeconds(15), () -> count("status = 'sent'") == 1);
    assertEquals(3, telegram.requestsTo(555));
    assertEquals(2, d.metrics().retried());
  }

  @Test
  void a_blocked_or_missing_chat_is_given_up_and_other_chats_still_get_their_messages() throws Exception {
    telegram.failAlways(403, 403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
    telegram.failAlways(400, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
    enqueue(403, "R-blocked-1");
    enqueue(403, "R-blocked-2");
    enqueue(400, "R-missing");
    enqueue(200, "R-fine");
    dispatcher().start();

    await("every row is finished", Duration.ofSeconds(10), () -> count("status = 'pending'") == 0);
    assertEquals(3, count("status = 'undeliverable' AND last_error LIKE '%40%'"));
    assertEquals(1, count("status = 'sent' AND chat_id = 200"));
    assertEquals(0, count("last_error LIKE '%" + TelegramStandIn.TOKEN.substring(10) + "%'"));
  }

  @Test
  void a_hundred_chats_are_all_served_without_exceeding_the_global_rate() throws Exception {
    for (int chat = 1; chat <= 100; chat++) {
      enqueue(10_000 + chat, "R-" + chat);
    }
    dispatcher().start();

    await("all are sent", Duration.ofSeconds(20), () -> count("status = 'sent'") == 100);
    List<Long> times = telegram.requests().stream().map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
    assertEquals(100, times.size());
    int busiest = 0;
    for (int i = 0; i < times.size(); i++) {
      int inWindow = 0;
      for (int j = i; j < times.size() && times.get(j) < times.get(i) + 1000; j++) {
        inWindow++;
      }
      busiest = Math.max(busiest, inWindow);
    }
    // The limiter spaces requests when they leave; WireMock stamps them when they arrive, after a
    // trip through two busy cores. Arrival jitter of up to 200 ms can pull that many more requests
    // into one window, so the window check allows rate × 0.2 on top of rate + burst, and the
    // average over the whole run must still keep to the rate.
    int jitterAllowance = (int) Math.ceil(SETTINGS.globalRatePerSecond() * 0.2);
    assertTrue(busiest <= SETTINGS.globalRatePerSecond() + SETTINGS.globalBurst() + jitterAllowance,
        "at most rate + burst (+ arrival jitter) in any second, got " + busiest);
    double spanSeconds = (times.get(times.size() - 1) - times.get(0)) / 1000.0;
    double minimumSpan = (100.0 - SETTINGS.globalBurst()) / SETTINGS.globalRatePerSecond();
    assertTrue(spanSeconds >= minimumSpan * 0.9,
        "100 sends at " + SETTINGS.globalRatePerSecond() + "/s with burst " + SETTINGS.globalBurst()
            + " take at least " + minimumSpan + " s, took " + spanSeconds);
  }

  @Test
  void five_notifications_to_one_chat_arrive_in_commit_order() throws Exception {
    for (int i = 1; i <= 5; i++) {
      enqueue(4242, "R-order-" + i);
    }
    dispatcher().start();

    await("all are sent", Duration.ofSeconds(15), () -> count("status = 'sent'") == 5);
    List<String> order = telegram.bodies().stream().map(OutboxDispatcherTest::reference).toList();
    assertEquals(List.of("R-order-1", "R-order-2", "R-order-3", "R-order-4", "R-order-5"), order);
  }

  @Test
  void two_dispatchers_on_one_database_deliver_each_row_once() throws Exception {
    for (int chat = 1; chat <= 30; chat++) {
      enqueue(20_000 + chat, "R-a-" + chat);
      enqueue(20_000 + chat, "R-b-" + chat);
    }
    dispatcher().start();
    dispatcher().start();

    await("all are sent", Duration.ofSeconds(20), () -> count("status = 'sent'") == 60);
    awaitQuiet();
    Map<String, Long> perText = telegram.bodies().stream()
        .collect(Collectors.groupingBy(OutboxDispatcherTest::reference, Collectors.counting()));
    assertEquals(60, perText.size());
    assertTrue(perText.values().stream().allMatch(n -> n == 1), perText.toString());
  }

  @Test
  void finished_rows_older_than_the_retention_are_pruned() throws Exception {
    enqueue(300, "R-old");
    enqueue(301, "R-new");
    fx.db.jdbi().useHandle(h -> h.execute(
        "UPDATE outbox SET status = 'sent', created_at = now() - interval '8 days' WHERE dedupe_key = 'test:R-old'"));
    OutboxDispatcher d = dispatcher();
    assertEquals(1, d.prune());
    assertEquals(1, count("true"));
    assertEquals(1, d.snapshot().queueDepth());
  }
}
