package id.bizpro.bizcash.limits;

import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.money.Money;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Per-user money-out limits for withdrawals (P2P transfers check the daily limit in the database
 * function {@code p2p_send_batch}), checked inside the money transaction: the user's row is locked first
 * (as top-up orders and bank accounts already do), so two concurrent requests of one user cannot
 * both pass a limit that only one of them fits. A retried request (its idempotency key already
 * recorded a transfer) is never refused: the retry must return the first result. Stateless and
 * thread-safe.
 */
public final class MoneyOutLimits {
  private final AbuseLimits limits;

  public MoneyOutLimits(AbuseLimits limits) {
    this.limits = limits;
  }

  public AbuseLimits limits() {
    return limits;
  }

  /** Why a money-out request is refused. */
  public sealed interface Refusal {
    /** Today's (WIB) money out plus this request would pass {@code limit}; {@code usedToday} went out already. */
    record DailyLimit(Money limit, Money usedToday) implements Refusal {}

    /** The user already has {@code max} withdrawals waiting for payout. */
    record TooManyPendingWithdrawals(int max) implements Refusal {}
  }

  /** Checks a withdrawal of {@code amount}: the pending count first, then the daily sum. */
  public Optional<Refusal> checkWithdrawal(Handle h, String idempotencyKey, long userId, Money amount) {
    if (!lockAndIsNew(h, idempotencyKey, userId)) {
      return Optional.empty();
    }
    int pending =
        h.createQuery("SELECT count(*) FROM withdrawals WHERE user_id = :u AND status = 'pending'")
            .bind("u", userId)
            .mapTo(Integer.class)
            .one();
    if (pending >= limits.maxPendingWithdrawals()) {
      return Optional.of(new Refusal.TooManyPendingWithdrawals(limits.maxPendingWithdrawals()));
    }
    return daily(h, userId, amount);
  }

  /**
   * Checks a money-out of {@code amount} that has no pending count (a PPOB purchase): the daily sum
   * only, under the user's row lock; a retry of a recorded key is never refused.
   */
  public Optional<Refusal> checkMoneyOut(Handle h, String idempotencyKey, long userId, Money amount) {
    return checkDaily(h, idempotencyKey, userId, amount);
  }

  /**
   * Checks money held for a send from a chat (issue #18) against the daily sum, under the user's
   * row lock; a retry of the same key is never refused.
   */
  public Optional<Refusal> checkDaily(Handle h, String idempotencyKey, long userId, Money amount) {
    if (!lockAndIsNew(h, idempotencyKey, userId)) {
      return Optional.empty();
    }
    return daily(h, userId, amount);
  }

  /**
   * What the user sent out today (WIB): transfers, withdrawal amounts, PPOB purchases and money held
   * for sends from a chat; voided withdrawals, refunded purchases and returned sends excluded. The database function {@code money_out_today} is the one definition; P2P transfers
   * check it in {@code p2p_send_batch}.
   */
  public Money usedToday(Handle h, long userId) {
    return Money.rupiah(h.createQuery("SELECT money_out_today(:u)").bind("u", userId).mapTo(Long.class).one());
  }

  private Optional<Refusal> daily(Handle h, long userId, Money amount) {
    Money used = usedToday(h, userId);
    if (used.plus(amount).isGreaterThan(limits.dailyMoneyOut())) {
      return Optional.of(new Refusal.DailyLimit(limits.dailyMoneyOut(), used));
    }
    return Optional.empty();
  }

  /** Locks the user's row; false when this idempotency key already has its transfer (a retry). */
  private static boolean lockAndIsNew(Handle h, String idempotencyKey, long userId) {
    // NO KEY UPDATE: serializes this user's money-out requests without blocking the foreign-key
    // checks (KEY SHARE) of transfers to this user, which run while their wallets are locked.
    h.createQuery("SELECT id FROM users WHERE id = :u FOR NO KEY UPDATE").bind("u", userId).mapTo(Long.class).findOne();
    return h.createQuery("SELECT 1 FROM transfers WHERE idempotency_key = :k")
        .bind("k", idempotencyKey)
        .mapTo(Integer.class)
        .findOne()
        .isEmpty();
  }
}
