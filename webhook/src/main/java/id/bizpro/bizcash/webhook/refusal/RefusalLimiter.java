package id.bizpro.bizcash.webhook.refusal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A budget of refused requests per client address: {@code perMinute} refusals, refilled evenly
 * (one every {@code 60 / perMinute} seconds), in one Bucket4j token bucket per address. Only
 * requests that are about to be refused ask it; authenticated requests never do, so a sender with
 * the right secret is never throttled, however many strangers share its address.
 *
 * <p>Memory is bounded: at most {@link #MAX_ADDRESSES} buckets, the least recently used dropped
 * first. An attacker rotating addresses therefore costs a fixed amount of memory; each new address
 * starts with a full budget, which a rotating attacker would have had anyway. The state is per
 * process: with N instances behind a load balancer an address may be refused N times the budget.
 *
 * <p>Thread-safe: the map is guarded by its own lock, held only for the lookup.
 */
public final class RefusalLimiter {
  /** Addresses remembered at once; about 300 bytes each, so a few MB at most. */
  public static final int MAX_ADDRESSES = 10_000;

  private final int perMinute;
  private final int maxAddresses;
  private final Map<String, Bucket> buckets;

  public RefusalLimiter(int perMinute) {
    this(perMinute, MAX_ADDRESSES);
  }

  RefusalLimiter(int perMinute, int maxAddresses) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be positive");
    }
    this.perMinute = perMinute;
    this.maxAddresses = maxAddresses;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > RefusalLimiter.this.maxAddresses;
      }
    };
  }

  public int perMinute() {
    return perMinute;
  }

  /**
   * Spends one refusal of {@code address}'s budget.
   *
   * @return empty when the refusal may go ahead as usual; otherwise the whole seconds (at least 1)
   *     until the address has budget again — the request is then answered 429 and not stored
   */
  public OptionalLong tryRefuse(String address) {
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(address, a -> newBucket());
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    long nanos = probe.getNanosToWaitForRefill();
    return OptionalLong.of(Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
  }

  /** How many addresses are remembered now (for tests of the memory bound). */
  public int addresses() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build();
  }
}
