package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;

/**
 * The outcome of a money-moving request. Business outcomes are values; only infrastructure
 * failures (the database is down) are exceptions. Nothing was written unless the result is {@link
 * Done}.
 */
public sealed interface LedgerResult {

  /** The money moved now. */
  record Done(Transfer transfer) implements LedgerResult {}

  /** The same request was already carried out with this idempotency key; here is its transfer. */
  record AlreadyDone(Transfer transfer) implements LedgerResult {}

  /** The idempotency key was used before for a different request; nothing moved. */
  record Conflict(Transfer existing) implements LedgerResult {}

  /** The paying wallet holds {@code balance}, less than the {@code needed} total. */
  record InsufficientFunds(Money balance, Money needed) implements LedgerResult {}

  /** A configured limit stops the request: {@code limit} is the limit, {@code attempted} the value tried. */
  record LimitExceeded(Limit limit, Money limitValue, Money attempted) implements LedgerResult {}

  /** Sender and recipient are the same wallet. */
  record SameAccount() implements LedgerResult {}

  /** A user, wallet or withdrawal hold named by the request does not exist. */
  record NotFound(String what) implements LedgerResult {}

  /** The withdrawal hold was already posted or voided by {@code resolution}. */
  record NotPending(Transfer resolution) implements LedgerResult {}

  /** Which configured limit was hit. */
  enum Limit {
    TRANSFER_MINIMUM,
    BALANCE_CAP,
    /** The sender's money-out per WIB day ({@code attempted} = sent today + this request). */
    DAILY_MONEY_OUT
  }

  /** True for Done and AlreadyDone: the request's effect is in the ledger. */
  default boolean succeeded() {
    return this instanceof Done || this instanceof AlreadyDone;
  }
}
