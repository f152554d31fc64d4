package id.bizpro.bizcash.bizprolink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.platform.PlatformLinks;
import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.platform.PlatformAuth;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The BizPro platform API on the real application: signed requests over HTTP, the bot (the real
 * TelegramBots client against {@link FakeTelegram}) confirming a link, the outbox telling users,
 * and a WireMock stand-in for the platform receiving signed callbacks. The 10,000-item batch runs
 * last: it uses up the daily ceiling and fills the notification outbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformApiTest {
  static final String KEY = "bizpro-2026";
  static final String SECRET = "platform-secret-0123456789";
  static final String KEY2 = "bizpro-next";
  static final String SECRET2 = "platform-secret-next-98765";
  static final String CALLBACK_SECRET = "callback-secret-0123456789";
  static final long DAILY_LIMIT = 150_000_000;
  static final long CAP = 20_000_000;
  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicLong ids = new AtomicLong(95_000);
  static final long ADMIN = 94_999;

  static FakeTelegram telegram;
  static WireMockServer platform;
  static Application app;
  static LedgerServices services;
  static int port;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    telegram = new FakeTelegram();
    platform = new WireMockServer(options().dynamicPort());
    platform.start();
    // The stand-in platform fails its first two deliveries, then accepts.
    platform.stubFor(post(urlEqualTo("/bizcash/events")).inScenario("flaky").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
    platform.stubFor(post(urlEqualTo("/bizcash/events")).inScenario("flaky").whenScenarioStateIs("failed once")
        .willReturn(aResponse().withStatus(503)).willSetStateTo("failed twice"));
    platform.stubFor(post(urlEqualTo("/bizcash/events")).inScenario("flaky").whenScenarioStateIs("failed twice")
        .willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
    // Its own flaky start for charge.paid: two failures, then accepted.
    platform.stubFor(post(urlEqualTo("/bizcash/events")).atPriority(2)
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("charge.paid"))
        .inScenario("flaky-charge").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(502)).willSetStateTo("failed once"));
    platform.stubFor(post(urlEqualTo("/bizcash/events")).atPriority(2)
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("charge.paid"))
        .inScenario("flaky-charge").whenScenarioStateIs("failed once")
        .willReturn(aResponse().withFixedDelay(0).withStatus(500)).willSetStateTo("failed twice"));
    platform.stubFor(post(urlEqualTo("/bizcash/events")).atPriority(2)
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("charge.paid"))
        .inScenario("flaky-charge").whenScenarioStateIs("failed twice")
        .willReturn(aResponse().withStatus(204)));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN);
    env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
    env.put("TELEGRAM_BOT_USERNAME", "BizCashTestBot");
    env.put("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("BALANCE_CAP", String.valueOf(CAP));
    env.put("PLATFORM_API_KEYS", KEY + ":" + SECRET + ", " + KEY2 + ":" + SECRET2 + ":balances");
    env.put("PLATFORM_CREDIT_DAILY_LIMIT", String.valueOf(DAILY_LIMIT));
    env.put("PLATFORM_CALLBACK_URL", "http://localhost:" + platform.port() + "/bizcash/events");
    env.put("PLATFORM_CALLBACK_SECRET", CALLBACK_SECRET);
    env.put("PLATFORM_RATE_PER_SECOND", "1000");
    env.put("ADMIN_TELEGRAM_IDS", String.valueOf(ADMIN));
    app = Application.start(AppConfig.fromEnv(new Env(env)), true);
    services = app.services();
  }

  @AfterAll
  static void stop() {
    app.close();
    platform.stop();
    telegram.close();
  }

  record Answer(int status, JsonNode body) {}

  static Answer send(String method, String pathWithQuery, String body, String key, String secret, long timestamp)
      throws Exception {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(timestamp);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathWithQuery))
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json")
        .header(PlatformAuth.KEY_HEADER, key)
        .header(PlatformAuth.TIMESTAMP_HEADER, ts)
        .header(PlatformAuth.SIGNATURE_HEADER, PlatformAuth.sign(secret, method, pathWithQuery, ts, bytes));
    b = method.equals("GET") ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  static final AtomicLong lastTimestamp = new AtomicLong();

  /**
   * Signed with a timestamp no earlier call used, so no two calls of the test share a signature
   * (the same request in the same second would be a replay, refused 401).
   */
  static Answer send(String method, String path, String body) throws Exception {
    long ts = lastTimestamp.updateAndGet(last -> Math.max(Instant.now().getEpochSecond(), last + 1));
    return send(method, path, body, KEY, SECRET, ts);
  }

  static Answer answer(HttpResponse<String> r) throws Exception {
    return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
  }

  static Person person(String username) {
    return telegram.registered(ids.incrementAndGet(), username, "Name " + username, "id");
  }

  static long userId(Person p) {
    return services.users().byTelegramId(p.id).orElseThrow().id();
  }

  static long balance(long userId) {
    return services.ledger().balanceOf(userId).orElseThrow().rupiah();
  }

  static long platformAccount() {
    return services.ledger().balanceOf(SystemAccount.PLATFORM_PAYOUTS).rupiah();
  }

  static long creditedToday() {
    return services.jdbi().withHandle(h -> h.createQuery(
        "SELECT coalesce((SELECT credited FROM platform_credit_days WHERE day = (now() AT TIME ZONE 'Asia/Jakarta')::date), 0)")
        .mapTo(Long.class).one());
  }

  /** Links {@code bizpro} to a fresh user without the chat (set-up for credit tests). */
  static long linkedUser(String bizpro) {
    User u = services.users().register(new TelegramProfile(ids.incrementAndGet(), Optional.of("u" + ids.get()),
        "User " + bizpro, Optional.empty(), Optional.of("id")));
    PlatformLinks links = new PlatformLinks(services.jdbi());
    PlatformLinks.Requested r = links.request(bizpro, "BizPro " + bizpro, Instant.now());
    services.jdbi().useTransaction(h -> links.confirm(h, r.id(), u.id(), Instant.now()));
    return u.id();
  }

  static String credit(String key, String bizpro, long amount, String note, String reference) {
    ObjectNode o = JSON.createObjectNode().put("idempotency_key", key).put("bizpro_user_id", bizpro).put("amount", amount);
    if (note != null) {
      o.put("note", note);
    }
    if (reference != null) {
      o.put("reference", reference);
    }
    return o.toString();
  }

  static List<LoggedRequest> callbacksWith(String fragment) {
    return platform.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/bizcash/events")))
        .stream().filter(r -> r.getBodyAsString().contains(fragment)).toList();
  }

  static void awaitCallbacks(String fragment, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (callbacksWith(fragment).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @Test
  @Order(1)
  void a_link_confirmed_in_chat_is_called_back_once_through_a_platform_that_fails_twice() throws Exception {
    Answer link = send("POST", "/api/v1/links", "{\"bizpro_user_id\":\"bp-sari\",\"display_name\":\"Sari Design Studio\"}");
    assertEquals(201, link.status(), link.body().toString());
    String url = link.body().path("link_url").asText();
    assertTrue(url.matches("https://t\\.me/BizCashTestBot\\?start=link_[A-Za-z0-9_-]{32}"), url);
    assertEquals(false, send("GET", "/api/v1/users/bp-sari", "").body().path("linked").asBoolean());

    Person sari = person("sari");
    String payload = url.substring(url.indexOf("start=") + 6);
    sari.send("/start " + payload);
    Call ask = sari.expect("Sari Design Studio");
    assertTrue(ask.text().contains("bp-sari"), ask.text());
    sari.press(ask, "✅ Konfirmasi");
    sari.expect("sudah terhubung");

    // Delivered after two failures (1 s, then 2 s back-off): three attempts, the last accepted.
    awaitCallbacks("link.confirmed", 3);
    Thread.sleep(2500); // a fourth attempt would come within the back-off if the mark were lost
    List<LoggedRequest> got = callbacksWith("link.confirmed");
    assertEquals(3, got.size(), "two failures and one success");
    Set<String> eventIds = new HashSet<>();
    for (LoggedRequest r : got) {
      JsonNode body = JSON.readTree(r.getBodyAsString());
      eventIds.add(body.path("event_id").asText());
      assertEquals("bp-sari", body.path("data").path("bizpro_user_id").asText());
      assertEquals("bizcash", r.getHeader(PlatformAuth.KEY_HEADER));
      String ts = r.getHeader(PlatformAuth.TIMESTAMP_HEADER);
      assertEquals(PlatformAuth.sign(CALLBACK_SECRET, "POST", "/bizcash/events", ts, r.getBody()),
          r.getHeader(PlatformAuth.SIGNATURE_HEADER), "signed with PLATFORM_CALLBACK_SECRET");
    }
    assertEquals(1, eventIds.size(), "one event, retried with its id");
    assertEquals(1L, (long) services.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM platform_callbacks WHERE type = 'link.confirmed' AND status = 'delivered' AND attempts = 3")
        .mapTo(Long.class).one()));

    // The same deep link again: used.
    sari.send("/start " + payload);
    sari.expect("sudah dipakai");

    JsonNode status = send("GET", "/api/v1/users/bp-sari", "").body();
    assertTrue(status.path("linked").asBoolean());
    assertTrue(status.path("balance").isMissingNode(), "no balances scope: no balance " + status);

    // A credit: notified with the note and the reference, shown in history.
    Answer credited = send("POST", "/api/v1/credits",
        credit("inv-7781", "bp-sari", 1_500_000, "Desain logo", "INV-7781"));
    assertEquals(201, credited.status(), credited.body().toString());
    assertEquals("credited", credited.body().path("outcome").asText());
    Call told = sari.expect("Pembayaran proyek");
    assertTrue(told.text().contains("💼 Pembayaran proyek <b>Rp 1.500.000</b> dari BizPro · Berita: Desain logo"), told.text());
    assertTrue(told.text().contains("INV-7781"), told.text());
    sari.send("/history");
    Call history = sari.expect("Pembayaran dari BizPro");
    assertTrue(history.text().contains("INV-7781"), history.text());
    JsonNode withBalance = send("GET", "/api/v1/users/bp-sari", "", KEY2, SECRET2, Instant.now().getEpochSecond()).body();
    assertEquals(1_500_000, withBalance.path("balance").asLong(), "the balances scope of the second key");

    // Removed from /settings: the platform is told.
    sari.send("/settings");
    Call menu = sari.expect("Pengaturan");
    sari.press(menu, "🔗 Akun BizPro");
    Call list = sari.expect("Sari Design Studio");
    sari.press(list, "Lepas Sari Design Studio");
    sari.expect("dilepas");
    awaitCallbacks("link.removed", 1);
    assertEquals(1, callbacksWith("link.removed").size());
    assertFalse(send("GET", "/api/v1/users/bp-sari", "").body().path("linked").asBoolean());
    assertEquals("not_linked", send("POST", "/api/v1/credits", credit("inv-7782", "bp-sari", 10_000, null, null))
        .body().path("error").asText());
  }

  @Test
  @Order(2)
  void every_authentication_failure_is_401_and_a_signature_is_accepted_once() throws Exception {
    linkedUser("bp-auth");
    String body = credit("auth-1", "bp-auth", 10_000, null, null);
    long now = Instant.now().getEpochSecond();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(now);
    String good = PlatformAuth.sign(SECRET, "POST", "/api/v1/credits", ts, bytes);

    // Wrong secret, tampered body, unknown key, missing headers, stale and future timestamps.
    assertEquals(401, send("POST", "/api/v1/credits", body, KEY, "not-the-secret-000000", now).status());
    assertEquals(401, raw(body.replace("10000", "99000"), KEY, ts, good).status());
    assertEquals(401, send("POST", "/api/v1/credits", body, "nobody", SECRET, now).status());
    assertEquals(401, raw(body, null, ts, good).status());
    assertEquals(401, raw(body, KEY, ts, null).status());
    assertEquals(401, send("POST", "/api/v1/credits", body, KEY, SECRET, now - 330).status());
    assertEquals(401, send("POST", "/api/v1/credits", body, KEY, SECRET, now + 330).status());
    assertEquals(0, creditCount("auth-1"), "nothing moved");
    // Signed right: accepted once; the same bytes again are a replay.
    Answer first = raw(body, KEY, ts, good);
    assertEquals(201, first.status(), first.body().toString());
    Answer replay = raw(body, KEY, ts, good);
    assertEquals(401, replay.status());
    assertEquals("unauthorized", replay.body().path("error").asText());
    // A retry signed afresh answers the first result (idempotency_key), not a second credit.
    Thread.sleep(1100);
    Answer retry = send("POST", "/api/v1/credits", body);
    assertEquals(201, retry.status());
    assertEquals(first.body().path("transfer_id"), retry.body().path("transfer_id"));
    assertEquals(1, creditCount("auth-1"));
    // Same key, another body: 409, nothing moved.
    Answer conflict = send("POST", "/api/v1/credits", credit("auth-1", "bp-auth", 20_000, null, null));
    assertEquals(409, conflict.status());
    assertEquals(10_000, balance(services.jdbi().withHandle(h -> h.createQuery(
        "SELECT user_id FROM platform_links WHERE bizpro_user_id = 'bp-auth' AND removed_at IS NULL").mapTo(Long.class).one())));
    // Bad input: 400 naming the field.
    Answer bad = send("POST", "/api/v1/credits", credit("auth-2", "bp-auth", 0, null, null));
    assertEquals(400, bad.status());
    assertTrue(bad.body().path("message").asText().contains("amount"), bad.body().toString());
    // The OpenAPI document is public.
    HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, doc.statusCode());
    assertEquals("3.1.0", JSON.readTree(doc.body()).path("openapi").asText());
  }

  static Answer raw(String body, String key, String ts, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/credits"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header(PlatformAuth.KEY_HEADER, key);
    }
    b.header(PlatformAuth.TIMESTAMP_HEADER, ts);
    if (signature != null) {
      b.header(PlatformAuth.SIGNATURE_HEADER, signature);
    }
    return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  static long creditCount(String key) {
    return services.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM transfers WHERE idempotency_key = :k")
        .bind("k", "platform-credit:" + key).mapTo(Long.class).one());
  }

  @Test
  @Order(3)
  void eight_threads_retrying_one_credit_move_the_money_once() throws Exception {
    long user = linkedUser("bp-eight");
    long platformBefore = platformAccount();
    String body = credit("eight-1", "bp-eight", 250_000, "Bonus", "BON-1");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Set<Long>>> futures = new ArrayList<>();
    long now = Instant.now().getEpochSecond();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        Set<Long> transfers = new HashSet<>();
        for (int i = 0; i < 5; i++) {
          // Each retry signed afresh: identical bytes in the same second would be a replay (401).
          Answer a = send("POST", "/api/v1/credits", body, KEY, SECRET, now - thread * 5 - i);
          assertEquals(201, a.status(), a.body().toString());
          transfers.add(a.body().path("transfer_id").asLong());
        }
        return transfers;
      }));
    }
    Set<Long> all = new HashSet<>();
    for (Future<Set<Long>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    assertEquals(1, all.size(), "every answer names the one transfer");
    assertEquals(250_000, balance(user));
    assertEquals(-250_000, platformAccount() - platformBefore);
    assertEquals(1, creditCount("eight-1"));
    assertEquals(1L, (long) services.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM outbox WHERE dedupe_key = 'platform-credit:eight-1'").mapTo(Long.class).one()));
  }

  @Test
  @Order(4)
  void past_the_daily_ceiling_a_credit_is_refused_422_and_nothing_moves() throws Exception {
    long user = linkedUser("bp-ceiling");
    long left = DAILY_LIMIT - creditedToday();
    long platformBefore = platformAccount();
    Answer refused = send("POST", "/api/v1/credits", credit("ceiling-1", "bp-ceiling", left + 1, null, null));
    assertEquals(422, refused.status(), refused.body().toString());
    assertEquals("daily_limit", refused.body().path("error").asText());
    assertEquals(0, balance(user));
    assertEquals(platformBefore, platformAccount());
    assertEquals(0, creditCount("ceiling-1"));
    assertEquals(404, send("POST", "/api/v1/credits", credit("ceiling-2", "bp-never-heard", 1_000, null, null)).status());
  }

  @Test
  @Order(5)
  void a_charge_paid_in_chat_with_the_pin_is_called_back_once_through_a_platform_that_fails_twice() throws Exception {
    Answer link = send("POST", "/api/v1/links", "{\"bizpro_user_id\":\"bp-budi\",\"display_name\":\"Budi Store\"}");
    String url = link.body().path("link_url").asText();
    Person budi = person("budi");
    budi.send("/start " + url.substring(url.indexOf("start=") + 6));
    budi.press(budi.expect("Budi Store"), "✅ Konfirmasi");
    budi.expect("sudah terhubung");
    assertEquals(201, send("POST", "/api/v1/credits", credit("budi-in", "bp-budi", 300_000, null, "IN-1")).status());
    budi.expect("Pembayaran proyek");
    long user = userId(budi);
    long platformBefore = platformAccount();

    String charge = "{\"idempotency_key\":\"chg-1\",\"bizpro_user_id\":\"bp-budi\",\"amount\":120000,"
        + "\"note\":\"Langganan Pro\",\"reference\":\"SUB-55\",\"expires_at\":\""
        + java.time.OffsetDateTime.now().plusHours(2).toString() + "\"}";
    Answer created = send("POST", "/api/v1/charges", charge);
    assertEquals(201, created.status(), created.body().toString());
    assertEquals("pending", created.body().path("status").asText());
    long chargeId = created.body().path("charge_id").asLong();
    // The retry signed afresh (an earlier second: the same bytes in the same second are a replay).
    Answer again = send("POST", "/api/v1/charges", charge, KEY, SECRET, Instant.now().getEpochSecond() - 1);
    assertEquals(chargeId, again.body().path("charge_id").asLong(), "same key, same body: the same charge");
    assertEquals(409, send("POST", "/api/v1/charges", charge.replace("120000", "120001")).status());

    Call asked = budi.expect("BizPro menagih");
    assertTrue(asked.text().contains("Rp 120.000") && asked.text().contains("start=charge_" + chargeId), asked.text());
    budi.send("/start charge_" + chargeId);
    budi.expect("Tagihan dari BizPro");
    Call confirm = budi.expect("Bayar <b>Rp 120.000</b> ke BizPro");
    budi.press(confirm, "✅ Konfirmasi");
    budi.expect("Kamu belum punya PIN");
    budi.send("580274");
    budi.expect("Ketik PIN yang sama");
    budi.send("580274");
    budi.expect("Tagihan BizPro <b>Rp 120.000</b> dibayar");
    assertEquals(180_000, balance(user));
    assertEquals(120_000, platformAccount() - platformBefore);

    awaitCallbacks("charge.paid", 3);
    Thread.sleep(2500);
    List<LoggedRequest> got = callbacksWith("charge.paid");
    assertEquals(3, got.size(), "two failures and one success, nothing after it");
    assertEquals(1, got.stream().map(r -> r.getBodyAsString()).distinct().count(), "the same event each time");
    JsonNode event = JSON.readTree(got.get(2).getBodyAsString());
    assertEquals("SUB-55", event.path("data").path("reference").asText());
    assertEquals(chargeId, event.path("data").path("charge_id").asLong());

    // The link again: already paid; history shows it.
    budi.send("/start charge_" + chargeId);
    budi.expect("sudah dibayar");
    budi.send("/history");
    assertTrue(budi.expect("Pembayaran ke BizPro").text().contains("SUB-55"));

    // Another charge declined, a third expires: the platform is told each.
    long declined = send("POST", "/api/v1/charges", charge.replace("chg-1", "chg-2")).body().path("charge_id").asLong();
    budi.send("/start charge_" + declined);
    budi.press(budi.expect("Tagihan dari BizPro"), "❌ Tolak tagihan");
    budi.expect("Tagihan ditolak");
    long expiring = send("POST", "/api/v1/charges", charge.replace("chg-1", "chg-3")).body().path("charge_id").asLong();
    // Its time passes (the jobs thread expires due charges every 30 s; here directly).
    services.jdbi().useHandle(h -> h.execute(
        "UPDATE platform_charges SET expires_at = now() - interval '1 second' WHERE id = ?", expiring));
    // (The jobs thread may get there first: either way it expires once.)
    new id.bizpro.bizcash.platform.PlatformCharges(services.jdbi()).expireDue(Instant.now(), 10);
    budi.send("/start charge_" + expiring);
    budi.expect("sudah kedaluwarsa");
    awaitCallbacks("charge.declined", 1);
    awaitCallbacks("charge.expired", 1);
    assertTrue(callbacksWith("charge.declined").get(0).getBodyAsString().contains("\"charge_id\":" + declined),
        callbacksWith("charge.declined").get(0).getBodyAsString() + " " + declined);
    assertTrue(callbacksWith("charge.expired").stream().anyMatch(r -> r.getBodyAsString().contains("\"charge_id\":" + expiring)));
    assertEquals(180_000, balance(user), "declined and expired charges move nothing");

    // Budi has a PIN now: linking another BizPro account asks for it; a wrong one links nothing.
    String second = send("POST", "/api/v1/links", "{\"bizpro_user_id\":\"bp-budi-2\",\"display_name\":\"Budi Cafe\"}")
        .body().path("link_url").asText();
    budi.send("/start " + second.substring(second.indexOf("start=") + 6));
    budi.press(budi.expect("Budi Cafe"), "✅ Konfirmasi");
    budi.expect("Masukkan PIN");
    budi.send("111111");
    budi.expect("PIN salah");
    assertFalse(send("GET", "/api/v1/users/bp-budi-2", "").body().path("linked").asBoolean());
    budi.send("580274");
    budi.expect("sudah terhubung");
    // Asked with the second key (the same key, path and second would be the same signature: a replay).
    assertTrue(send("GET", "/api/v1/users/bp-budi-2", "", KEY2, SECRET2, Instant.now().getEpochSecond())
        .body().path("linked").asBoolean());
  }

  @Test
  @Order(6)
  void admins_see_callbacks_the_platform_keeps_refusing() throws Exception {
    platform.stubFor(post(urlEqualTo("/bizcash/events"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("bp-down")).atPriority(1)
        .willReturn(aResponse().withStatus(500)));
    linkedUser("bp-down");
    awaitCallbacks("bp-down", 2);
    Person admin = telegram.registered(ADMIN, "finance", "Finance", "en");
    admin.send("/admin");
    Call panel = admin.expect("callbacks to the BizPro platform are not delivered yet");
    assertTrue(panel.text().contains("link.confirmed") && panel.text().contains("HTTP 500"), panel.text());
  }

  /** What the model expects of one item. */
  record Expect(String outcome, long credited, long held) {}

  @Test
  @Order(7)
  void a_batch_of_10000_mixed_credits_gets_every_result_right_and_the_ledger_reconciles() throws Exception {
    Random random = new Random(19);
    // 150 linked users; one is near the cap; some BizPro ids asked about but not linked, some unknown.
    Map<String, Long> users = new HashMap<>();
    Map<String, Long> balances = new HashMap<>();
    for (int i = 0; i < 150; i++) {
      String bp = "bp-b" + i;
      long id = linkedUser(bp);
      users.put(bp, id);
      balances.put(bp, 0L);
    }
    services.ledger().execute(new TransferRequest.TopUpCredit("fund-" + UUID.randomUUID(), users.get("bp-b0"),
        Money.rupiah(CAP - 30_000), Money.ZERO, "TOP-FUND"));
    balances.put("bp-b0", CAP - 30_000);
    PlatformLinks links = new PlatformLinks(services.jdbi());
    links.request("bp-asked", "Asked only", Instant.now());
    // A key credited before the batch: the batch's same body is a duplicate, another body a conflict.
    assertEquals(201, send("POST", "/api/v1/credits", credit("pre-1", "bp-b1", 5_000, null, "PRE-1")).status());
    balances.merge("bp-b1", 5_000L, Long::sum);
    Map<String, String> recorded = new HashMap<>();
    recorded.put("pre-1", credit("pre-1", "bp-b1", 5_000, null, "PRE-1"));

    long used = creditedToday();
    long platformBefore = platformAccount();
    long suspenseBefore = services.ledger().balanceOf(SystemAccount.UNAPPLIED_RECEIPTS).rupiah();
    ArrayNode items = JSON.createArrayNode();
    List<Expect> expected = new ArrayList<>();
    long movedTotal = 0;
    long heldTotal = 0;
    for (int i = 0; i < 10_000; i++) {
      int kind = random.nextInt(100);
      String key;
      String bp;
      long amount = 1_000 + random.nextInt(20) * 1_000L;
      if (i == 0) {
        key = "pre-1"; bp = "bp-b1"; amount = 5_000;
      } else if (i == 1) {
        key = "pre-1"; bp = "bp-b1"; amount = 6_000;
      } else if (kind < 3 && i > 10) {
        key = "b-" + (i - 1 - random.nextInt(10)); // an earlier key of this batch: same body or not
        ObjectNode earlier = (ObjectNode) items.get(Integer.parseInt(key.substring(2)));
        bp = earlier.path("bizpro_user_id").asText();
        amount = random.nextBoolean() ? earlier.path("amount").asLong() : earlier.path("amount").asLong() + 1;
      } else if (kind < 5) {
        key = "b-" + i; bp = "bp-unknown-" + i;
      } else if (kind < 7) {
        key = "b-" + i; bp = "bp-asked";
      } else if (kind < 12) {
        key = "b-" + i; bp = "bp-b0"; // at the cap: held in suspense
      } else {
        key = "b-" + i; bp = "bp-b" + random.nextInt(150);
      }
      if (i > 5_000 && kind >= 12 && kind < 20) {
        amount = 40_000_000; // past the daily ceiling whatever is left
      }
      String body = credit(key, bp, amount, "Proyek " + i, "REF-" + i);
      if (i == 0) {
        body = recorded.get("pre-1");
      } else if (key.startsWith("b-") && !key.equals("b-" + i)) {
        ObjectNode earlier = (ObjectNode) items.get(Integer.parseInt(key.substring(2)));
        body = credit(key, bp, amount, earlier.path("note").asText(), earlier.path("reference").asText());
      }
      items.add(JSON.readTree(body));
      // The model: in order, the rules of the platform account.
      Expect e;
      String prior = recorded.get(key);
      if (prior != null) {
        e = new Expect(JSON.readTree(prior).equals(JSON.readTree(body)) ? "duplicate" : "conflict", 0, 0);
      } else if (bp.startsWith("bp-unknown")) {
        e = new Expect("unknown_user", 0, 0);
      } else if (bp.equals("bp-asked")) {
        e = new Expect("not_linked", 0, 0);
      } else if (used + amount > DAILY_LIMIT) {
        e = new Expect("over_daily_limit", 0, 0);
      } else {
        long bal = balances.get(bp);
        long fit = Math.max(0, Math.min(amount, CAP - bal));
        balances.put(bp, bal + fit);
        used += amount;
        movedTotal += amount;
        heldTotal += amount - fit;
        recorded.put(key, body);
        e = new Expect(fit < amount ? "held_over_cap" : "credited", fit, amount - fit);
      }
      expected.add(e);
    }
    ObjectNode batch = JSON.createObjectNode();
    batch.set("items", items);
    long started = System.nanoTime();
    Answer answer = send("POST", "/api/v1/credits/batch", batch.toString());
    long ms = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, answer.status(), answer.body().toString().substring(0, Math.min(500, answer.body().toString().length())));
    JsonNode results = answer.body().path("results");
    assertEquals(10_000, results.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      JsonNode r = results.get(i);
      assertEquals(items.get(i).path("idempotency_key").asText(), r.path("idempotency_key").asText(), "order, item " + i);
      assertEquals(expected.get(i).outcome(), r.path("outcome").asText(), "item " + i + ": " + items.get(i));
      assertEquals(items.get(i).path("reference").asText(), r.path("reference").asText(), "item " + i);
      if (expected.get(i).outcome().equals("held_over_cap")) {
        assertEquals(expected.get(i).held(), r.path("held").asLong(), "item " + i);
      }
      seen.merge(expected.get(i).outcome(), 1, Integer::sum);
    }
    for (String outcome : List.of("credited", "duplicate", "conflict", "unknown_user", "not_linked", "over_daily_limit",
        "held_over_cap")) {
      assertTrue(seen.getOrDefault(outcome, 0) > 0, "the batch exercises " + outcome + ": " + seen);
    }
    for (Map.Entry<String, Long> u : users.entrySet()) {
      assertEquals((long) balances.get(u.getKey()), balance(u.getValue()), u.getKey());
    }
    assertEquals(-movedTotal, platformAccount() - platformBefore);
    assertEquals(heldTotal, services.ledger().balanceOf(SystemAccount.UNAPPLIED_RECEIPTS).rupiah() - suspenseBefore);
    assertEquals(used, creditedToday());
    Reconciliation.Report report = new Reconciliation(services.jdbi()).run();
    assertTrue(report.holds(), report.toString());
    assertTrue(ms < 60_000, "a batch of 10,000 committed in " + ms + " ms");
    System.out.println("platform batch of 10,000: " + ms + " ms, " + seen);
    // Every credit is notified through the outbox, once.
    long credits = seen.get("credited") + seen.get("held_over_cap");
    assertEquals(credits, (long) services.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM outbox WHERE kind = 'platform_credited' AND dedupe_key LIKE 'platform-credit:b-%'")
        .mapTo(Long.class).one()));
    assertNotNull(report);
  }
}
