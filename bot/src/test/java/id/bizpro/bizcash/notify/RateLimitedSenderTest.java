package id.bizpro.bizcash.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class RateLimitedSenderTest {
  private static final NotifySettings SETTINGS = NotifySettings.DEFAULTS.withRates(20, 5, 1, 3);

  @Test
  void a_conversation_reply_answered_429_waits_retry_after_for_everyone_and_then_goes_out() throws Exception {
    try (TelegramStandIn telegram = new TelegramStandIn()) {
      telegram.failFirst(9001, 1, 429,
          "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
              + "\"parameters\":{\"retry_after\":1}}");
      TelegramRateLimiter limiter = new TelegramRateLimiter(SETTINGS);
      RateLimitedSender sender = new RateLimitedSender(telegram.client(), limiter);

      long started = System.nanoTime();
      sender.execute(9001, SendMessage.builder().chatId(9001L).text("Halo").build());
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertEquals(2, telegram.requestsTo(9001));
      assertTrue(tookMillis >= 900, "waited retry_after, took " + tookMillis + " ms");
    }
  }

  @Test
  void errors_other_than_429_reach_the_caller_unchanged() throws Exception {
    try (TelegramStandIn telegram = new TelegramStandIn()) {
      telegram.failAlways(9002, 403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
      RateLimitedSender sender = new RateLimitedSender(telegram.client(), new TelegramRateLimiter(SETTINGS));
      TelegramApiRequestException e = assertThrows(TelegramApiRequestException.class,
          () -> sender.execute(9002, SendMessage.builder().chatId(9002L).text("Halo").build()));
      assertEquals(403, e.getErrorCode());
      assertEquals(1, telegram.requestsTo(9002));
    }
  }

  @Test
  void one_chat_gets_its_burst_at_once_and_then_one_message_a_second() {
    TelegramRateLimiter limiter = new TelegramRateLimiter(SETTINGS);
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, limiter.tryAcquire(42));
    }
    Duration wait = limiter.tryAcquire(42);
    // About a second at 1/s; the lower bound leaves room for this thread being descheduled
    // between the two calls on a busy machine, and still fails a refill several times too fast.
    assertTrue(wait.toMillis() > 250 && wait.toMillis() <= 1000, wait.toString());
    assertEquals(Duration.ZERO, limiter.tryAcquire(43), "another chat is not held up");
  }
}
