package id.bizpro.bizcash.maintenance;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import java.time.Duration;

/**
 * How long traffic-driven rows are kept and how often the whole ledger is reconciled. Immutable.
 *
 * @param processedUpdatesRetention how long a handled Telegram update id is remembered, so that a
 *     redelivery is skipped. Telegram keeps an update it could not deliver for at most 24 hours,
 *     so less than that could let a redelivered update run twice: the minimum is 24 h.
 * @param conversationRetention a chat's conversation row is removed after this long without an
 *     update; an unfinished flow that old starts over at the menu
 * @param pendingActionRetention a confirm button's row is removed this long after it expired
 *     (its money move, if any, keeps its own record: the transfer with the key {@code action:<id>})
 * @param reconcileFullEvery how often the full reconciliation (every entry) runs on the jobs thread
 * @param refusedCallbackRetention how long a refused unauthenticated request's bounded record (a
 *     256-byte sample) is kept as evidence; accepted callbacks are financial records and stay
 */
public record MaintenanceSettings(
    Duration processedUpdatesRetention,
    Duration conversationRetention,
    Duration pendingActionRetention,
    Duration reconcileFullEvery,
    Duration refusedCallbackRetention) {

  static final Duration TELEGRAM_REDELIVERY_WINDOW = Duration.ofHours(24);

  public MaintenanceSettings {
    if (processedUpdatesRetention.compareTo(TELEGRAM_REDELIVERY_WINDOW) < 0) {
      throw new IllegalArgumentException("processedUpdatesRetention must be at least 24h");
    }
  }

  public static MaintenanceSettings defaults() {
    return new MaintenanceSettings(Duration.ofHours(48), Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1),
        Duration.ofDays(90));
  }

  /**
   * Reads PROCESSED_UPDATES_RETENTION, CONVERSATION_RETENTION, PENDING_ACTIONS_RETENTION,
   * RECONCILE_FULL_EVERY and REFUSED_CALLBACKS_RETENTION.
   */
  public static MaintenanceSettings fromEnv(Env env) {
    MaintenanceSettings d = defaults();
    return new MaintenanceSettings(
        atLeast(env, "PROCESSED_UPDATES_RETENTION", d.processedUpdatesRetention, TELEGRAM_REDELIVERY_WINDOW,
            "24h (Telegram redelivers an update for up to 24h)"),
        atLeast(env, "CONVERSATION_RETENTION", d.conversationRetention, Duration.ofDays(1), "1d"),
        atLeast(env, "PENDING_ACTIONS_RETENTION", d.pendingActionRetention, Duration.ofHours(1), "1h"),
        atLeast(env, "RECONCILE_FULL_EVERY", d.reconcileFullEvery, Duration.ofMinutes(10), "10m"),
        atLeast(env, "REFUSED_CALLBACKS_RETENTION", d.refusedCallbackRetention, Duration.ofDays(1), "1d"));
  }

  private static Duration atLeast(Env env, String name, Duration fallback, Duration min, String minText) {
    Duration value = env.duration(name, fallback);
    if (value.compareTo(min) < 0) {
      throw new ConfigException(name, "must be at least " + minText);
    }
    return value;
  }
}
