package id.bizpro.bizcash.user;

import id.bizpro.bizcash.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * "Forgot PIN" by cooling-off (there is no second factor in Telegram): a request locks money-out
 * at once and names the time after which a new PIN may be set ({@code PIN_RESET_DELAY}); the user
 * may cancel it any time before a new PIN is saved; {@link #notifyReady} queues the "you may set
 * it now" message when that time comes. Every step is also written to the user's outbox, so a
 * reset nobody asked for is noticed. Methods taking a {@link Handle} join the caller's
 * transaction. Thread-safe.
 */
public final class PinResets {
  /** An open (waiting) reset request. */
  public record Reset(long id, long userId, Instant requestedAt, Instant readyAt) {
    public boolean isReady(Instant now) {
      return !readyAt.isAfter(now);
    }
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration delay;

  public PinResets(Jdbi jdbi, Clock clock, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative PIN reset delay");
    }
    this.jdbi = jdbi;
    this.clock = clock;
    this.delay = delay;
  }

  public Duration delay() {
    return delay;
  }

  /** The user's open reset request, locked for the rest of the transaction. */
  public Optional<Reset> open(Handle h, long userId) {
    return h.createQuery(
            "SELECT id, user_id, requested_at, ready_at FROM pin_resets WHERE user_id = :u AND status = 'waiting' FOR UPDATE")
        .bind("u", userId)
        .map((rs, ctx) -> new Reset(rs.getLong("id"), rs.getLong("user_id"),
            rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("ready_at").toInstant()))
        .findOne();
  }

  /**
   * Opens a reset request, or returns the one already open (a second tap does not restart the
   * wait). The user's row is locked first, so two requests at once open one.
   */
  public Reset request(Handle h, long userId, Instant now) {
    h.createQuery("SELECT id FROM users WHERE id = :u FOR NO KEY UPDATE").bind("u", userId).mapTo(Long.class).one();
    Optional<Reset> existing = open(h, userId);
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant ready = now.plus(delay);
    long id = h.createQuery(
            "INSERT INTO pin_resets (user_id, requested_at, ready_at) VALUES (:u, :now, :ready) RETURNING id")
        .bind("u", userId)
        .bind("now", now)
        .bind("ready", ready)
        .mapTo(Long.class)
        .one();
    Outbox.enqueueForUser(h, userId, Outbox.Kind.PIN_RESET_REQUESTED, Map.of("ready_at", ready.toString()),
        "pin-reset-requested:" + id);
    return new Reset(id, userId, now, ready);
  }

  /** Cancels the open request; false when there was none. */
  public boolean cancel(Handle h, long userId, Instant now) {
    Optional<Reset> open = open(h, userId);
    if (open.isEmpty()) {
      return false;
    }
    h.createUpdate("UPDATE pin_resets SET status = 'cancelled', closed_at = :now WHERE id = :id")
        .bind("now", now)
        .bind("id", open.get().id())
        .execute();
    Outbox.enqueueForUser(h, userId, Outbox.Kind.PIN_RESET_CANCELLED, Map.of(), "pin-reset-cancelled:" + open.get().id());
    return true;
  }

  /**
   * Closes the open request once its new PIN is saved; returns whether one was open (the caller
   * then notifies the change as a reset).
   */
  public boolean complete(Handle h, long userId, Instant now) {
    return h.createUpdate(
            "UPDATE pin_resets SET status = 'completed', closed_at = :now WHERE user_id = :u AND status = 'waiting' AND ready_at <= :now")
        .bind("now", now)
        .bind("u", userId)
        .execute() == 1;
  }

  /**
   * Queues the "you may set a new PIN now" message for every open request whose time has come,
   * at most {@code limit} per call, once each. Run on the jobs thread; returns how many were queued.
   */
  public int notifyReady(int limit) {
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> {
      List<Reset> due = h.createQuery(
              """
              SELECT id, user_id, requested_at, ready_at FROM pin_resets
              WHERE status = 'waiting' AND ready_notified_at IS NULL AND ready_at <= :now
              ORDER BY ready_at LIMIT :limit FOR UPDATE SKIP LOCKED
              """)
          .bind("now", now)
          .bind("limit", limit)
          .map((rs, ctx) -> new Reset(rs.getLong("id"), rs.getLong("user_id"),
              rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("ready_at").toInstant()))
          .list();
      for (Reset r : due) {
        h.createUpdate("UPDATE pin_resets SET ready_notified_at = :now WHERE id = :id").bind("now", now).bind("id", r.id()).execute();
        Outbox.enqueueForUser(h, r.userId(), Outbox.Kind.PIN_RESET_READY, Map.of(), "pin-reset-ready:" + r.id());
      }
      return due.size();
    });
  }

  /**
   * Tells the user their PIN was set, changed or (after a reset) replaced; {@code how}: set,
   * changed, reset. Each change is its own event (the turn that makes it runs once per update).
   */
  public static void notifyChanged(Handle h, long userId, String how, Instant now) {
    Outbox.enqueueForUser(h, userId, Outbox.Kind.PIN_CHANGED, Map.of("how", how, "at", now.toString()),
        "pin-changed:" + userId + ":" + java.util.UUID.randomUUID());
  }
}
