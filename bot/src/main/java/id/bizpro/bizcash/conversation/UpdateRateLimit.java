package id.bizpro.bizcash.conversation;

import id.bizpro.bizcash.config.AbuseLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * A per-Telegram-user limit on updates, counted in PostgreSQL so that every instance (long
 * polling, or many webhook instances behind a load balancer) shares one count and a restart does
 * not reset it. Windows are fixed and aligned to the epoch: within one window the first {@code
 * updatesPerWindow} updates pass, exactly one more gets a polite warning (the row's atomic counter
 * hands {@code limit + 1} to one update only), and the rest are dropped silently until the window
 * ends. A fixed window lets a burst of up to twice the limit through across a window boundary;
 * that is enough to stop floods and costs one upsert per update. Thread-safe.
 */
public final class UpdateRateLimit {
  private final Jdbi jdbi;
  private final int limit;
  private final Duration window;
  private final Clock clock;

  /** What to do with one update. */
  public enum Verdict {
    ALLOW,
    /** The first update over the limit in this window: answer it with the warning only. */
    WARN,
    /** Over the limit and already warned: ignore it. */
    SILENT
  }

  public UpdateRateLimit(Jdbi jdbi, AbuseLimits limits, Clock clock) {
    this.jdbi = jdbi;
    this.limit = limits.updatesPerWindow();
    this.window = limits.updateWindow();
    this.clock = clock;
  }

  /** Counts one update of {@code telegramUserId} (autocommit: it counts even if the turn fails). */
  public Verdict check(long telegramUserId) {
    Instant now = clock.instant();
    long windowMillis = window.toMillis();
    Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis);
    int count =
        jdbi.withHandle(
            h -> h.createQuery(
                    """
                    INSERT INTO update_rate AS r (telegram_id, window_start, updates) VALUES (:t, :w, 1)
                    ON CONFLICT (telegram_id) DO UPDATE SET
                        updates = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.updates + 1 ELSE 1 END,
                        window_start = EXCLUDED.window_start
                    RETURNING updates
                    """)
                .bind("t", telegramUserId)
                .bind("w", start)
                .mapTo(Integer.class)
                .one());
    if (count <= limit) {
      return Verdict.ALLOW;
    }
    return count == limit + 1 ? Verdict.WARN : Verdict.SILENT;
  }

  /** Whole seconds until the current window ends, at least 1 (for the warning text). */
  public long secondsLeft() {
    long windowMillis = window.toMillis();
    long now = clock.millis();
    long end = (Math.floorDiv(now, windowMillis) + 1) * windowMillis;
    return Math.max(1, (end - now + 999) / 1000);
  }
}
