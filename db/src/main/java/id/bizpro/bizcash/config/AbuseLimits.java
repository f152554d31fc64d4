package id.bizpro.bizcash.config;

import id.bizpro.bizcash.money.Money;
import java.time.Duration;

/**
 * Limits that keep one user (or one stolen phone) from flooding the bot or draining a wallet
 * faster than support can react. Immutable and thread-safe.
 *
 * @param updatesPerWindow updates a Telegram user may send per {@code updateWindow}; the next one
 *     gets one polite warning, the rest are ignored until the window ends
 * @param updateWindow the length of a rate-limit window (windows are aligned to the epoch)
 * @param maxPendingWithdrawals withdrawals a user may have waiting for payout at once
 * @param dailyMoneyOut the most a user may send out (transfers plus withdrawal amounts, fees not
 *     counted, voided withdrawals not counted) per WIB calendar day
 */
public record AbuseLimits(int updatesPerWindow, Duration updateWindow, int maxPendingWithdrawals, Money dailyMoneyOut) {

  public AbuseLimits {
    if (updatesPerWindow < 1) {
      throw new IllegalArgumentException("updatesPerWindow must be positive");
    }
    if (updateWindow.toMillis() < 1) {
      throw new IllegalArgumentException("updateWindow must be positive");
    }
    if (maxPendingWithdrawals < 1) {
      throw new IllegalArgumentException("maxPendingWithdrawals must be positive");
    }
  }

  public static AbuseLimits defaults() {
    return new AbuseLimits(20, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000));
  }

  /** Reads RATE_LIMIT_UPDATES, RATE_LIMIT_WINDOW, MAX_PENDING_WITHDRAWALS and DAILY_MONEY_OUT. */
  public static AbuseLimits fromEnv(Env env) {
    AbuseLimits d = defaults();
    Duration window = env.duration("RATE_LIMIT_WINDOW", d.updateWindow());
    if (window.toMillis() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
      throw new ConfigException("RATE_LIMIT_WINDOW", "must be between 1ms and 1d");
    }
    return new AbuseLimits(
        env.integer("RATE_LIMIT_UPDATES", d.updatesPerWindow(), 1, 10_000),
        window,
        env.integer("MAX_PENDING_WITHDRAWALS", d.maxPendingWithdrawals(), 1, 1_000),
        env.rupiah("DAILY_MONEY_OUT", d.dailyMoneyOut(), Money.rupiah(1)));
  }
}
