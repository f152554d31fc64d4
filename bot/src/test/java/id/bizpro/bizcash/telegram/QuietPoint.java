package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.notify.OutboxDispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Waits for a known quiet point — nothing of what a test started is still on its way — so that a
 * check that nothing more happened means something. A fixed sleep cannot: on a slow machine it
 * ends before the thing that should not happen would have happened, and then the check passes for
 * the wrong reason. The quiet point is reached when, read in one pass and in this order:
 *
 * <ul>
 *   <li>every update handed to a bot has been handled (its turn committed or failed, its replies
 *       sent): {@link BotApplication#updatesHandled()} caught up with what the stand-in handed out
 *       by getUpdates, or with what the test delivered itself (webhook mode);
 *   <li>no outbox row is pending, and then every dispatcher is idle (no send in flight), so a row
 *       sent twice by two dispatchers would show up in the counts.
 * </ul>
 *
 * Not thread-safe: build, then {@link #await()} on the test thread.
 */
public final class QuietPoint {
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Map.Entry<String, BooleanSupplier>> conditions = new ArrayList<>();

  private QuietPoint() {}

  public static QuietPoint of() {
    return new QuietPoint();
  }

  /**
   * Long polling from {@code telegram}: its queue is empty and {@code app} has handled every update
   * getUpdates handed out since {@code handedOutBefore} (the count when {@code app} started).
   */
  public QuietPoint polling(FakeTelegram telegram, BotApplication app, long handedOutBefore) {
    add("the bot handled every update it fetched", () -> {
      FakeTelegram.Intake intake = telegram.intake();
      return intake.queued() == 0 && app.updatesHandled() == intake.handedOut() - handedOutBefore;
    });
    return this;
  }

  /** Webhook mode, or updates handed to {@code app} directly: it handled {@code delivered} of them. */
  public QuietPoint handled(BotApplication app, LongSupplier delivered) {
    add("the bot handled every update delivered to it", () -> app.updatesHandled() == delivered.getAsLong());
    return this;
  }

  /** No outbox row is pending in {@code jdbi}'s database, and then every one of {@code dispatchers} is idle. */
  public QuietPoint outbox(Jdbi jdbi, List<OutboxDispatcher> dispatchers) {
    add("the outbox is drained", () -> jdbi.withHandle(h ->
        h.createQuery("SELECT count(*) FROM outbox WHERE status = 'pending'").mapTo(Integer.class).one()) == 0);
    add("every dispatcher is idle", () -> dispatchers.stream().allMatch(OutboxDispatcher::idle));
    return this;
  }

  private void add(String what, BooleanSupplier condition) {
    conditions.add(Map.entry(what, condition));
  }

  /** Any other condition the quiet point needs, checked after the ones added before it. */
  public QuietPoint and(String what, BooleanSupplier condition) {
    add(what, condition);
    return this;
  }

  /** Waits up to {@link #WAIT} for every condition to hold in one pass; fails naming the ones that did not. */
  public void await() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<String> missing = new ArrayList<>();
      for (Map.Entry<String, BooleanSupplier> c : conditions) {
        if (!c.getValue().getAsBoolean()) {
          missing.add(c.getKey());
          break; // later conditions only mean something once the earlier ones hold
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no quiet point within " + WAIT.toSeconds() + " s: not yet " + missing);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for a quiet point", e);
      }
    }
  }
}
