package id.bizpro.bizcash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Offers updates to a {@link FakeBotApi} at a fixed rate (open loop: the schedule does not wait
 * for the bot, so a slow bot shows as queueing latency, not as a politely lower offered load) and
 * measures, per update, the time from its getUpdates hand-out to the first reply naming its chat.
 * One update per chat is outstanding at a time because the chats are many and used in turn.
 * Not thread-safe itself; its listeners are.
 */
final class OfferedLoad {
  /** What one run gave: replies per second inside the measured window, and latencies. */
  record Outcome(double achievedPerSecond, long offered, long answered, long[] sortedLatencyNanos) {
    double p50Ms() {
      return BenchResult.percentileMs(sortedLatencyNanos, 50);
    }

    double p99Ms() {
      return BenchResult.percentileMs(sortedLatencyNanos, 99);
    }
  }

  /** A handed-out update: when it left, and whether it belongs to the measured window. */
  private record Outstanding(long handedOutNanos, boolean measured) {}

  private final FakeBotApi api;
  private final long[] chatIds;
  private final ConcurrentHashMap<Long, Boolean> offeredMeasured = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Outstanding> outstanding = new ConcurrentHashMap<>();
  private final AtomicLong repliesInWindow = new AtomicLong();
  private final long[] latencies = new long[1_000_000];
  private final AtomicLong latencyCount = new AtomicLong();
  private volatile boolean measuring;
  private volatile boolean windowOpen;

  OfferedLoad(FakeBotApi api, long[] chatIds) {
    this.api = api;
    this.chatIds = chatIds;
    api.onHandout((updates, now) -> {
      for (JsonNode u : updates) {
        long chat = u.path("message").path("chat").path("id").asLong();
        Boolean measured = offeredMeasured.remove(chat);
        outstanding.put(chat, new Outstanding(now, Boolean.TRUE.equals(measured)));
      }
    });
    api.onReply((method, chat, now) -> {
      // Only an update's first reply counts: a turn may send several messages.
      Outstanding o = outstanding.remove(chat);
      if (o != null && windowOpen) {
        repliesInWindow.incrementAndGet();
      }
      if (o != null && o.measured()) {
        long i = latencyCount.getAndIncrement();
        if (i < latencies.length) {
          latencies[(int) i] = now - o.handedOutNanos();
        }
      }
    });
  }

  /**
   * Offers {@code perSecond} updates a second: {@code warmSeconds} unmeasured, then {@code
   * seconds} measured, then waits up to three seconds for the last replies.
   *
   * @param updateFor builds the next update for a chat (its text decides the bot's work)
   */
  Outcome run(int perSecond, int warmSeconds, int seconds, LongFunction<ObjectNode> updateFor)
      throws InterruptedException {
    long periodNanos = 1_000_000_000L / perSecond;
    long warmCount = (long) warmSeconds * perSecond;
    long total = warmCount + (long) seconds * perSecond;
    long start = System.nanoTime();
    long windowStart = start + warmCount * periodNanos;
    long offeredMeasuredCount = 0;
    for (long i = 0; i < total; i++) {
      long due = start + i * periodNanos;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (i == warmCount) {
        windowOpen = true;
        measuring = true;
      }
      long chat = chatIds[(int) (i % chatIds.length)];
      if (measuring) {
        offeredMeasured.put(chat, Boolean.TRUE);
        offeredMeasuredCount++;
      }
      api.offer(updateFor.apply(chat));
    }
    long windowEnd = start + total * periodNanos;
    long wait;
    while ((wait = windowEnd - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
    windowOpen = false;
    double achieved = repliesInWindow.get() / ((windowEnd - windowStart) / 1e9);
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (latencyCount.get() < offeredMeasuredCount && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    int n = (int) Math.min(latencyCount.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return new Outcome(achieved, offeredMeasuredCount, n, sorted);
  }
}
