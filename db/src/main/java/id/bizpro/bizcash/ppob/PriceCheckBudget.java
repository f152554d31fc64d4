package id.bizpro.bizcash.ppob;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code perMinute} live price checks in any sliding minute, for this process: the
 * provider limits price-list calls, and a live check beyond the budget is simply not made (the
 * purchase goes on with max_price as the guard). {@code perMinute} 0 allows none. Thread-safe.
 */
public final class PriceCheckBudget {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final Clock clock;
  private final Deque<Instant> spent = new ArrayDeque<>();

  public PriceCheckBudget(int perMinute, Clock clock) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must not be negative: " + perMinute);
    }
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Takes one check from the budget; false (nothing taken) when this minute's checks are spent. */
  public synchronized boolean tryTake() {
    if (perMinute == 0) {
      return false;
    }
    Instant now = clock.instant();
    while (!spent.isEmpty() && !spent.peekFirst().isAfter(now.minus(WINDOW))) {
      spent.pollFirst();
    }
    if (spent.size() >= perMinute) {
      return false;
    }
    spent.addLast(now);
    return true;
  }
}
