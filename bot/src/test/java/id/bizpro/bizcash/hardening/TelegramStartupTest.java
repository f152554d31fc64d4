package id.bizpro.bizcash.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Telegram is unreachable when the application starts. The HTTP side (bank and gateway
 * confirmations) must run anyway, and the bot must connect by itself once Telegram is back.
 */
class TelegramStartupTest {
  private static final String TOKEN = "434343:STARTUP-token-abcdef";

  @Test
  void telegram_down_at_start_the_http_side_runs_and_the_bot_connects_when_it_returns() throws Exception {
    try (BotApiStandIn telegram = new BotApiStandIn(TOKEN)) {
      telegram.down();
      int httpPort;
      try (ServerSocket s = new ServerSocket(0)) {
        httpPort = s.getLocalPort();
      }
      Map<String, String> env = new HashMap<>();
      env.put("TELEGRAM_BOT_TOKEN", TOKEN);
      env.put("TELEGRAM_BOT_USERNAME", "bizcash_startup_bot");
      env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
      env.put("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
      env.put("HTTP_PORT", String.valueOf(httpPort));
      try (Application app = Application.start(AppConfig.fromEnv(new Env(env)), true)) {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());

        Thread.sleep(3_000); // a few failed connection attempts
        telegram.up();
        long user = 76_001;
        int from = telegram.callCount();
        telegram.send(user, "dewi", "/start");
        // Retries back off to at most 30 s apart.
        assertNotNull(telegram.await(from, c -> c.chatId() == user && c.text().contains("selamat datang"),
            Duration.ofSeconds(60)), "the bot connected after Telegram came back and answered");
      }
    }
  }
}
