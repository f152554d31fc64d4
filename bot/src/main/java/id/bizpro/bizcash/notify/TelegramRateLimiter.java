package id.bizpro.bizcash.notify;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every message the bot sends within Telegram's limits: one token bucket for the whole bot
 * and one per chat (Bucket4j), plus a global pause that {@link #pauseAll} sets when Telegram
 * answers 429 with {@code retry_after}. Notifications and conversation replies must share one
 * instance per process so that together they stay within the limits. With several processes on
 * one token each has its own buckets: divide the configured rates among them.
 *
 * <p>Thread-safe and lock-free on the hot path.
 */
public final class TelegramRateLimiter {
  /** How often (in acquires) idle per-chat buckets are swept out of memory. */
  private static final long SWEEP_EVERY_ACQUIRES = 4096;

  private final NotifySettings settings;
  private final Bucket global;
  private final ConcurrentHashMap<Long, ChatBucket> chats = new ConcurrentHashMap<>();
  private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong acquires = new AtomicLong();
  private final long chatIdleNanos;

  private record ChatBucket(Bucket bucket, AtomicLong lastUsedNanos) {}

  public TelegramRateLimiter(NotifySettings settings) {
    this.settings = settings;
    this.global = bucket(settings.globalRatePerSecond(), settings.globalBurst());
    // A bucket unused for longer than it takes to refill is full again: equal to a new one.
    this.chatIdleNanos =
        TimeUnit.SECONDS.toNanos(1 + (long) Math.ceil((double) settings.chatBurst() / settings.chatRatePerSecond()));
  }

  private static Bucket bucket(int ratePerSecond, int burst) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(ratePerSecond, Duration.ofSeconds(1))
                .initialTokens(burst)
                .build())
        .build();
  }

  /**
   * Takes a permit to send one message to {@code chatId} if one is free now.
   *
   * @return {@link Duration#ZERO} when the permit was taken, otherwise how long to wait before
   *     asking again (nothing was taken)
   */
  public Duration tryAcquire(long chatId) {
    long pause = pausedUntilNanos.get() - System.nanoTime();
    if (pause > 0) {
      return Duration.ofNanos(pause);
    }
    Bucket chat = chatBucket(chatId);
    ConsumptionProbe chatProbe = chat.tryConsumeAndReturnRemaining(1);
    if (!chatProbe.isConsumed()) {
      return Duration.ofNanos(Math.max(1, chatProbe.getNanosToWaitForRefill()));
    }
    ConsumptionProbe globalProbe = global.tryConsumeAndReturnRemaining(1);
    if (!globalProbe.isConsumed()) {
      // Give the chat its token back: the message is not going out yet.
      chat.addTokens(1);
      return Duration.ofNanos(Math.max(1, globalProbe.getNanosToWaitForRefill()));
    }
    return Duration.ZERO;
  }

  /**
   * Waits until a permit to send to {@code chatId} is taken, or {@code maxWait} has passed.
   *
   * @return true when the permit was taken
   */
  public boolean acquire(long chatId, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      Duration wait = tryAcquire(chatId);
      if (wait.isZero()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, wait.toNanos()));
    }
  }

  /** Waits as long as it takes for a permit to send to {@code chatId}. */
  public void acquire(long chatId) throws InterruptedException {
    acquire(chatId, Duration.ofDays(365));
  }

  /**
   * Stops every sender for {@code retryAfter}, as Telegram asks with a 429. A shorter pause never
   * shortens a longer one already in force.
   */
  public void pauseAll(Duration retryAfter) {
    long until = System.nanoTime() + retryAfter.toNanos();
    pausedUntilNanos.accumulateAndGet(until, (current, proposed) -> proposed - current > 0 ? proposed : current);
  }

  /** How long the global pause still lasts; zero when none. */
  public Duration pausedFor() {
    long left = pausedUntilNanos.get() - System.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  public NotifySettings settings() {
    return settings;
  }

  private Bucket chatBucket(long chatId) {
    long now = System.nanoTime();
    if (acquires.incrementAndGet() % SWEEP_EVERY_ACQUIRES == 0) {
      chats.values().removeIf(c -> now - c.lastUsedNanos.get() > chatIdleNanos);
    }
    ChatBucket entry =
        chats.computeIfAbsent(
            chatId,
            id -> new ChatBucket(bucket(settings.chatRatePerSecond(), settings.chatBurst()), new AtomicLong(now)));
    entry.lastUsedNanos.set(now);
    return entry.bucket;
  }
}
