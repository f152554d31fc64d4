package id.bizpro.bizcash.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.webhook.WebhookSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole application as the README's run command starts it, pointed at a stand-in Bot API:
 * conversations are served, the recipient of a transfer is told through the outbox dispatcher, and
 * /health answers.
 */
class ApplicationTest {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void the_app_serves_a_transfer_end_to_end_and_the_recipient_is_told_at_once() throws Exception {
    try (FakeTelegram telegram = new FakeTelegram()) {
      DatabaseUrl db = TestDatabase.freshUrl();
      int port = freePort();
      Map<String, String> env = new HashMap<>();
      env.put("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN);
      env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
      env.put("DATABASE_URL", db.jdbcUrl() + "?user=postgres");
      env.put("HTTP_PORT", String.valueOf(port));
      env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
      try (Application app = Application.start(AppConfig.fromEnv(new Env(env)), true)) {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());

        FakeTelegram.Person alice = telegram.person(71_001, "alice", "Alice", "id");
        FakeTelegram.Person bob = telegram.person(71_002, "bob", "Bob", "en");
        alice.send("/start");
        alice.expect("selamat datang");
        bob.send("/start");
        bob.expect("welcome");
        long aliceId = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = 71001").mapTo(Long.class).one());
        new Ledger(app.database().jdbi(), new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000)))
            .execute(new TransferRequest.TopUpCredit("fund-alice", aliceId, Money.rupiah(100_000), Money.ZERO, "TOP-FUND"));

        alice.send("/transfer @bob 25000 makan siang");
        FakeTelegram.Call confirm = alice.expect("Periksa dulu");
        alice.press(confirm, "Konfirmasi");
        alice.expect("Buat PIN 6 angka");
        alice.send("135790");
        alice.expect("Ketik PIN yang sama");
        alice.send("135790");
        alice.expect("Terkirim <b>Rp 25.000</b> ke @bob");

        // Delivered by the outbox dispatcher, in Bob's language, with the note and his new balance.
        FakeTelegram.Call received = bob.expect("You received <b>Rp 25.000</b> from @alice");
        assertTrue(received.text().contains("makan siang"), received.text());
        assertTrue(received.text().contains("Rp 25.000"), received.text());
        AppQuiet.await(app, telegram);
        assertEquals(1, bob.mine().stream().filter(c -> c.text() != null && c.text().contains("You received")).count());
        assertEquals(1, alice.mine().stream().filter(c -> c.text() != null && c.text().contains("Terkirim")).count());
      }
    }
  }

  @Test
  void help_lists_every_mode_and_variable_and_a_bad_setting_stops_start_up_with_one_line() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, Main.run(new String[] {"--help"}, new Env(Map.of()), new PrintStream(out), new PrintStream(err)));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String word : new String[] {"migrate", "console", "webhook", "bench", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "HOLIDAYS", "METRICS_TOKEN", "WEBHOOK_REFUSALS_PER_MINUTE"}) {
      assertTrue(help.contains(word), word);
    }

    assertEquals(2, Main.run(new String[] {}, new Env(Map.of("HTTP_PORT", "http")), new PrintStream(out), new PrintStream(err)));
    assertEquals("bizcash: configuration error: HTTP_PORT: must be a whole number, got 'http'",
        err.toString(StandardCharsets.UTF_8).strip());

    err.reset();
    assertEquals(2, Main.run(new String[] {}, new Env(Map.of("TELEGRAM_BOT_TOKEN", "not-a-token-at-all")), new PrintStream(out), new PrintStream(err)));
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("bizcash: configuration error: TELEGRAM_BOT_TOKEN:"), line);
    assertTrue(!line.contains("not-a-token-at-all"), "the secret is not echoed");

    err.reset();
    assertEquals(2, Main.run(new String[] {"fly"}, new Env(Map.of()), new PrintStream(out), new PrintStream(err)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown mode 'fly'"));
  }

  @Test
  void a_start_that_cannot_complete_exits_with_one_line_instead_of_hanging_half_started() throws Exception {
    // No TELEGRAM_BOT_USERNAME and Telegram unreachable: the bot's username cannot be asked.
    int closedPort;
    int httpPort;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      closedPort = a.getLocalPort();
      httpPort = b.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("TELEGRAM_BOT_TOKEN", "454545:NO-TELEGRAM-token-abcdef");
    env.put("TELEGRAM_API_URL", "http://127.0.0.1:" + closedPort);
    env.put("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
    env.put("HTTP_PORT", String.valueOf(httpPort));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(1, Main.run(new String[] {}, new Env(env), new PrintStream(out), new PrintStream(err)));
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("bizcash: could not start: Telegram getMe failed"), line);
    assertTrue(!line.contains("NO-TELEGRAM-token"), "the token is not echoed: " + line);
    try (ServerSocket again = new ServerSocket(httpPort)) {
      assertEquals(httpPort, again.getLocalPort(), "nothing is left listening on the HTTP port");
    }
  }

  @Test
  void the_metrics_token_and_the_refusal_budget_are_read_from_the_environment_and_a_bad_value_is_named() {
    WebhookSettings d = AppConfig.fromEnv(new Env(Map.of())).webhook();
    assertEquals(Optional.empty(), d.metricsToken());
    assertEquals(30, d.refusalsPerMinute());
    WebhookSettings set = AppConfig.fromEnv(new Env(Map.of(
        "METRICS_TOKEN", "prometheus-scrape-token-42", "WEBHOOK_REFUSALS_PER_MINUTE", "120"))).webhook();
    assertEquals(Optional.of("prometheus-scrape-token-42"), set.metricsToken());
    assertEquals(120, set.refusalsPerMinute());
    assertTrue(!set.toString().contains("prometheus-scrape-token-42"), set.toString());

    var bad = assertThrows(ConfigException.class,
        () -> AppConfig.fromEnv(new Env(Map.of("WEBHOOK_REFUSALS_PER_MINUTE", "lots"))));
    assertEquals("WEBHOOK_REFUSALS_PER_MINUTE: must be a whole number, got 'lots'", bad.getMessage());
    var zero = assertThrows(ConfigException.class,
        () -> AppConfig.fromEnv(new Env(Map.of("WEBHOOK_REFUSALS_PER_MINUTE", "0"))));
    assertEquals("WEBHOOK_REFUSALS_PER_MINUTE: must be between 1 and 100000, got 0", zero.getMessage());
    var shortToken = assertThrows(ConfigException.class,
        () -> AppConfig.fromEnv(new Env(Map.of("METRICS_TOKEN", "tiny-tok"))));
    assertTrue(shortToken.getMessage().startsWith("METRICS_TOKEN: is too short"), shortToken.getMessage());
    assertTrue(!shortToken.getMessage().contains("tiny-tok"), "the secret is not echoed");
  }

  @Test
  void the_webhook_endpoint_keeps_a_proxy_prefix_and_is_not_doubled() {
    assertEquals("https://pay.example.id/bizcash/telegram", TelegramSide.webhookEndpoint(URI.create("https://pay.example.id/bizcash")));
    assertEquals("https://pay.example.id/telegram", TelegramSide.webhookEndpoint(URI.create("https://pay.example.id/")));
    assertEquals("https://pay.example.id/telegram", TelegramSide.webhookEndpoint(URI.create("https://pay.example.id/telegram")));
  }

  @Test
  void a_configured_bot_username_skips_get_me_and_a_malformed_one_is_named() {
    assertEquals(java.util.Optional.of("BizCashBot"),
        AppConfig.fromEnv(new Env(Map.of("TELEGRAM_BOT_USERNAME", "@BizCashBot"))).telegramBotUsername());
    var e = org.junit.jupiter.api.Assertions.assertThrows(id.bizpro.bizcash.config.ConfigException.class,
        () -> AppConfig.fromEnv(new Env(Map.of("TELEGRAM_BOT_USERNAME", "no spaces please"))));
    assertTrue(e.getMessage().startsWith("TELEGRAM_BOT_USERNAME:"), e.getMessage());
  }
}
