package id.bizpro.bizcash.notify;

import java.io.Serializable;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends conversation replies (answers to what a user just typed) directly, through the same
 * {@link TelegramRateLimiter} as the outbox dispatcher: takes a permit for the chat, calls
 * Telegram, and on 429 pauses every sender for {@code retry_after} and tries again, at most {@code
 * maxAttempts} times. Other errors are thrown to the caller unchanged. Thread-safe.
 */
public final class RateLimitedSender {
  private static final Logger log = LoggerFactory.getLogger(RateLimitedSender.class);

  private final TelegramClient telegram;
  private final TelegramRateLimiter limiter;
  private final int maxAttempts;

  public RateLimitedSender(TelegramClient telegram, TelegramRateLimiter limiter) {
    this(telegram, limiter, 4);
  }

  public RateLimitedSender(TelegramClient telegram, TelegramRateLimiter limiter, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.telegram = telegram;
    this.limiter = limiter;
    this.maxAttempts = maxAttempts;
  }

  /** Executes {@code method} (sendMessage, editMessageText, answerCallbackQuery, …) for {@code chatId}. */
  public <T extends Serializable> T execute(long chatId, BotApiMethod<T> method)
      throws TelegramApiException, InterruptedException {
    return call(chatId, () -> telegram.execute(method));
  }

  /**
   * Runs any Telegram call for {@code chatId} (e.g. {@code () -> client.execute(sendDocument)})
   * within the limits, retrying after 429.
   *
   * @throws TelegramApiException the call's own error, or the last 429 when attempts run out
   * @throws InterruptedException when interrupted while waiting for a permit
   */
  public <T> T call(long chatId, Callable<T> telegramCall) throws TelegramApiException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      limiter.acquire(chatId);
      try {
        return telegramCall.call();
      } catch (TelegramApiRequestException e) {
        if (!(TelegramFailure.classify(e) instanceof TelegramFailure.RetryAfter retry) || attempt >= maxAttempts) {
          throw e;
        }
        log.warn("Telegram asked to slow down: pausing all sends for {} s", retry.retryAfter().toSeconds());
        limiter.pauseAll(retry.retryAfter());
      } catch (TelegramApiException | InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new TelegramApiException(e);
      }
    }
  }

  public TelegramRateLimiter limiter() {
    return limiter;
  }
}
