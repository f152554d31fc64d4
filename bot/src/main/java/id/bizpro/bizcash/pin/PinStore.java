package id.bizpro.bizcash.pin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Users' money-out PINs and their lockout. {@link #verify} counts wrong PINs and locks money-out
 * for {@link #LOCK} after {@link #MAX_ATTEMPTS}; the counter resets on success. Joins the caller's
 * transaction. Thread-safe and stateless.
 */
public final class PinStore {
  public static final int MAX_ATTEMPTS = 3;
  public static final Duration LOCK = Duration.ofHours(1);

  /** The outcome of checking a PIN. */
  public sealed interface Verdict {
    record Correct() implements Verdict {}

    record Wrong(int attemptsLeft) implements Verdict {}

    record Locked(Instant until) implements Verdict {}

    record NotSet() implements Verdict {}
  }

  private record Row(byte[] hash, byte[] salt, int iterations, int failed, Instant lockedUntil) {}

  private Optional<Row> row(Handle h, long userId) {
    return h.createQuery(
            "SELECT hash, salt, iterations, failed_attempts, locked_until FROM user_pins WHERE user_id = :u FOR UPDATE")
        .bind("u", userId)
        .map(
            (rs, ctx) ->
                new Row(
                    rs.getBytes("hash"), rs.getBytes("salt"), rs.getInt("iterations"), rs.getInt("failed_attempts"),
                    rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
        .findOne();
  }

  public boolean isSet(Handle h, long userId) {
    return row(h, userId).isPresent();
  }

  /** When money-out is locked for this user, until when. */
  public Optional<Instant> lockedUntil(Handle h, long userId, Instant now) {
    return row(h, userId).map(Row::lockedUntil).filter(until -> until.isAfter(now));
  }

  public void set(Handle h, long userId, String pin, Instant now) {
    byte[] salt = PinHasher.newSalt();
    h.createUpdate(
            """
            INSERT INTO user_pins (user_id, hash, salt, iterations, updated_at) VALUES (:u, :h, :s, :i, :now)
            ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, salt = excluded.salt,
                iterations = excluded.iterations, failed_attempts = 0, locked_until = NULL, updated_at = :now
            """)
        .bind("u", userId)
        .bind("h", PinHasher.hash(pin, salt, PinHasher.ITERATIONS))
        .bind("s", salt)
        .bind("i", PinHasher.ITERATIONS)
        .bind("now", now)
        .execute();
  }

  public Verdict verify(Handle h, long userId, String pin, Instant now) {
    Optional<Row> found = row(h, userId);
    if (found.isEmpty()) {
      return new Verdict.NotSet();
    }
    Row r = found.get();
    if (r.lockedUntil() != null && r.lockedUntil().isAfter(now)) {
      return new Verdict.Locked(r.lockedUntil());
    }
    if (PinHasher.matches(pin, r.salt(), r.iterations(), r.hash())) {
      h.createUpdate("UPDATE user_pins SET failed_attempts = 0, locked_until = NULL WHERE user_id = :u")
          .bind("u", userId)
          .execute();
      return new Verdict.Correct();
    }
    int failed = r.failed() + 1;
    if (failed >= MAX_ATTEMPTS) {
      Instant until = now.plus(LOCK);
      h.createUpdate("UPDATE user_pins SET failed_attempts = 0, locked_until = :until, updated_at = :now WHERE user_id = :u")
          .bind("until", until)
          .bind("now", now)
          .bind("u", userId)
          .execute();
      return new Verdict.Locked(until);
    }
    h.createUpdate("UPDATE user_pins SET failed_attempts = :f, updated_at = :now WHERE user_id = :u")
        .bind("f", failed)
        .bind("now", now)
        .bind("u", userId)
        .execute();
    return new Verdict.Wrong(MAX_ATTEMPTS - failed);
  }
}
