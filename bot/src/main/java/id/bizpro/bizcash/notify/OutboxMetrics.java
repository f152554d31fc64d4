package id.bizpro.bizcash.notify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link OutboxDispatcher}, since it was created: messages sent, retried (any
 * failed attempt that will be tried again, including 429), given up as undeliverable, and the send
 * latency from the commit that queued a message to Telegram accepting it. Queue depth and the age
 * of the oldest pending row come from the database ({@link OutboxDispatcher#snapshot()}), so they
 * cover every dispatcher. Thread-safe.
 */
public final class OutboxMetrics {
  private final LongAdder sent = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder undeliverable = new LongAdder();
  private final LongAdder latencySumMillis = new LongAdder();
  private final LongAccumulator latencyMaxMillis = new LongAccumulator(Math::max, 0);
  private final AtomicLong latencyLastMillis = new AtomicLong();

  void recordSent(Duration commitToAccepted) {
    long ms = Math.max(0, commitToAccepted.toMillis());
    sent.increment();
    latencySumMillis.add(ms);
    latencyMaxMillis.accumulate(ms);
    latencyLastMillis.set(ms);
  }

  void recordRetry(boolean becauseOf429) {
    retried.increment();
    if (becauseOf429) {
      rateLimited.increment();
    }
  }

  void recordUndeliverable() {
    undeliverable.increment();
  }

  public long sent() {
    return sent.sum();
  }

  public long retried() {
    return retried.sum();
  }

  /** Retries caused by Telegram answering 429. */
  public long rateLimited() {
    return rateLimited.sum();
  }

  public long undeliverable() {
    return undeliverable.sum();
  }

  /** Sum of commit → accepted latencies in milliseconds (divide by {@link #sent()} for the mean). */
  public long sendLatencySumMillis() {
    return latencySumMillis.sum();
  }

  public long sendLatencyMaxMillis() {
    return latencyMaxMillis.get();
  }

  public long sendLatencyLastMillis() {
    return latencyLastMillis.get();
  }

  /**
   * Everything the lead's {@code /metrics} endpoint needs, read at one moment.
   *
   * @param queueDepth pending rows in the outbox (all dispatchers)
   * @param oldestPendingAge age of the oldest pending row; zero when none
   */
  public record Snapshot(
      long queueDepth,
      Duration oldestPendingAge,
      long sent,
      long retried,
      long rateLimited,
      long undeliverable,
      long sendLatencySumMillis,
      long sendLatencyMaxMillis) {}
}
