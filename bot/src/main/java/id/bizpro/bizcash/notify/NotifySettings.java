package id.bizpro.bizcash.notify;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import java.time.Duration;

/**
 * How fast notifications may go out and how long delivered ones are kept. Immutable and
 * thread-safe; build once in {@code main} and pass to {@link TelegramRateLimiter} and {@link
 * OutboxDispatcher}.
 *
 * @param globalRatePerSecond messages per second for the whole bot (Telegram allows about 30)
 * @param globalBurst messages that may go out at once above the steady global rate; in any one
 *     second at most {@code globalRatePerSecond + globalBurst} messages are sent
 * @param chatRatePerSecond messages per second to one chat (Telegram allows about 1)
 * @param chatBurst messages that may go to one chat at once before the per-chat rate applies
 * @param retention how long sent and undeliverable outbox rows are kept before pruning
 * @param pollInterval how often the dispatcher looks for due rows when no NOTIFY arrives
 * @param lease how long a claimed row is reserved for one dispatcher; longer than any send takes
 * @param maxBackoff the longest wait between retries of a failing row
 */
public record NotifySettings(
    int globalRatePerSecond,
    int globalBurst,
    int chatRatePerSecond,
    int chatBurst,
    Duration retention,
    Duration pollInterval,
    Duration lease,
    Duration maxBackoff) {

  public static final NotifySettings DEFAULTS =
      new NotifySettings(
          30, 5, 1, 3, Duration.ofDays(7), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));

  public NotifySettings {
    positive("globalRatePerSecond", globalRatePerSecond);
    positive("globalBurst", globalBurst);
    positive("chatRatePerSecond", chatRatePerSecond);
    positive("chatBurst", chatBurst);
    if (retention.isNegative() || pollInterval.isNegative() || pollInterval.isZero()
        || lease.compareTo(Duration.ofSeconds(5)) < 0 || maxBackoff.isNegative() || maxBackoff.isZero()) {
      throw new IllegalArgumentException("notify durations out of range");
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }

  /**
   * Reads {@code TELEGRAM_GLOBAL_RATE_PER_SECOND}, {@code TELEGRAM_GLOBAL_BURST}, {@code
   * TELEGRAM_CHAT_RATE_PER_SECOND}, {@code TELEGRAM_CHAT_BURST}, {@code OUTBOX_RETENTION} and
   * {@code OUTBOX_POLL_INTERVAL}; unset variables take the {@link #DEFAULTS}.
   *
   * @throws ConfigException naming the variable when one is malformed or out of range
   */
  public static NotifySettings fromEnv(Env env) {
    int globalRate = env.integer("TELEGRAM_GLOBAL_RATE_PER_SECOND", DEFAULTS.globalRatePerSecond, 1, 1000);
    int globalBurst = env.integer("TELEGRAM_GLOBAL_BURST", DEFAULTS.globalBurst, 1, 1000);
    int chatRate = env.integer("TELEGRAM_CHAT_RATE_PER_SECOND", DEFAULTS.chatRatePerSecond, 1, 100);
    int chatBurst = env.integer("TELEGRAM_CHAT_BURST", DEFAULTS.chatBurst, 1, 100);
    Duration retention = env.duration("OUTBOX_RETENTION", DEFAULTS.retention);
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new ConfigException("OUTBOX_RETENTION", "must be at least 1h");
    }
    Duration poll = env.duration("OUTBOX_POLL_INTERVAL", DEFAULTS.pollInterval);
    if (poll.compareTo(Duration.ofMillis(10)) < 0 || poll.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException("OUTBOX_POLL_INTERVAL", "must be between 10ms and 5m");
    }
    return new NotifySettings(
        globalRate, globalBurst, chatRate, chatBurst, retention, poll, DEFAULTS.lease, DEFAULTS.maxBackoff);
  }

  public NotifySettings withRates(int globalRatePerSecond, int globalBurst, int chatRatePerSecond, int chatBurst) {
    return new NotifySettings(
        globalRatePerSecond, globalBurst, chatRatePerSecond, chatBurst, retention, pollInterval, lease, maxBackoff);
  }

  public NotifySettings withPollInterval(Duration pollInterval) {
    return new NotifySettings(
        globalRatePerSecond, globalBurst, chatRatePerSecond, chatBurst, retention, pollInterval, lease, maxBackoff);
  }
}
