package id.bizpro.bizcash.withdrawal;

import id.bizpro.bizcash.bankaccount.Bank;
import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.limits.MoneyOutLimits;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Withdrawals to saved bank accounts, two-phase: a request holds amount + fee in the ledger; paid
 * posts the hold, failed voids it (amount and fee back). Each step is one transaction with its
 * notification, idempotent by key, and a hold is resolved at most once. A request is refused
 * (nothing held) when the user has too many pending withdrawals or would pass the daily money-out
 * limit ({@link MoneyRules#abuse()}), checked under the user's row lock. Thread-safe.
 */
public final class Withdrawals {
  public static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
  private static final String COLUMNS =
      "id, reference, user_id, bank_account_id, bank_code, bank_name, account_number, holder_name, amount, fee, "
          + "status, due_date, hold_transfer_id, payout_reference, failure_reason, created_at, resolved_at";

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final BankAccounts bankAccounts;
  private final MoneyRules rules;
  private final References references;
  private final Clock clock;
  private final MoneyOutLimits limits;

  public Withdrawals(Jdbi jdbi, Ledger ledger, BankAccounts bankAccounts, MoneyRules rules, Clock clock) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.bankAccounts = bankAccounts;
    this.rules = rules;
    this.references = new References();
    this.clock = clock;
    this.limits = new MoneyOutLimits(rules.abuse());
  }

  /** What a withdrawal of an amount would cost and when it would be paid. */
  public sealed interface Quote {
    record Ok(Money amount, Money fee, Money total, LocalDate dueDate, Money balance) implements Quote {}

    record BelowMinimum(Money minimum) implements Quote {}

    record InsufficientFunds(Money balance, Money total) implements Quote {}
  }

  /** The latest payout date for a request made now: N working days after today in WIB. */
  public LocalDate dueDate() {
    return rules.calendar().addWorkingDays(LocalDate.now(clock.withZone(WIB)), rules.payoutWorkingDays());
  }

  public Quote quote(long userId, Money amount) {
    if (amount.isLessThan(rules.withdrawalMin())) {
      return new Quote.BelowMinimum(rules.withdrawalMin());
    }
    Money total = amount.plus(rules.withdrawalFee());
    Money balance = ledger.balanceOf(userId).orElseThrow();
    if (balance.isLessThan(total)) {
      return new Quote.InsufficientFunds(balance, total);
    }
    return new Quote.Ok(amount, rules.withdrawalFee(), total, dueDate(), balance);
  }

  /** The outcome of a withdrawal request. */
  public sealed interface RequestResult {
    record Requested(Withdrawal withdrawal) implements RequestResult {}

    /** This idempotency key already created the withdrawal. */
    record AlreadyRequested(Withdrawal withdrawal) implements RequestResult {}

    record BelowMinimum(Money minimum) implements RequestResult {}

    record InsufficientFunds(Money balance, Money total) implements RequestResult {}

    record BankAccountNotFound() implements RequestResult {}

    /** The user already has {@code max} withdrawals waiting for payout; nothing was held. */
    record TooManyPending(int max) implements RequestResult {}

    /** Today's (WIB) money out plus this amount would pass {@code limit}; nothing was held. */
    record DailyLimitExceeded(Money limit, Money usedToday) implements RequestResult {}
  }

  public RequestResult request(String idempotencyKey, long userId, long bankAccountId, Money amount) {
    if (amount.isLessThan(rules.withdrawalMin())) {
      return new RequestResult.BelowMinimum(rules.withdrawalMin());
    }
    return jdbi.inTransaction(h -> request(h, idempotencyKey, userId, bankAccountId, amount));
  }

  /** Within the caller's transaction (the conversation's, so its state commits with the hold). */
  public RequestResult request(Handle h, String idempotencyKey, long userId, long bankAccountId, Money amount) {
    if (amount.isLessThan(rules.withdrawalMin())) {
      return new RequestResult.BelowMinimum(rules.withdrawalMin());
    }
    Optional<BankAccount> account = bankAccounts.find(h, userId, bankAccountId);
    if (account.isEmpty()) {
      return new RequestResult.BankAccountNotFound();
    }
    Optional<MoneyOutLimits.Refusal> refusal = limits.checkWithdrawal(h, idempotencyKey, userId, amount);
    if (refusal.isPresent()) {
      return switch (refusal.get()) {
        case MoneyOutLimits.Refusal.TooManyPendingWithdrawals t -> new RequestResult.TooManyPending(t.max());
        case MoneyOutLimits.Refusal.DailyLimit d -> new RequestResult.DailyLimitExceeded(d.limit(), d.usedToday());
      };
    }
    String reference = references.next("WD");
    LedgerResult hold =
        ledger.execute(
            h, new TransferRequest.WithdrawalHold(idempotencyKey, userId, amount, rules.withdrawalFee(), reference));
    return switch (hold) {
      case LedgerResult.Done d -> {
        BankAccount a = account.get();
        yield new RequestResult.Requested(
            h.createQuery(
                    """
                    INSERT INTO withdrawals (reference, user_id, bank_account_id, bank_code, bank_name, account_number,
                                             holder_name, amount, fee, due_date, hold_transfer_id)
                    VALUES (:ref, :u, :acc, :code, :bank, :number, :holder, :amount, :fee, :due, :hold)
                    RETURNING """
                        + " "
                        + COLUMNS)
                .bind("ref", reference)
                .bind("u", userId)
                .bind("acc", a.id())
                .bind("code", a.bank().code())
                .bind("bank", a.bank().name())
                .bind("number", a.accountNumber())
                .bind("holder", a.holderName())
                .bind("amount", amount.rupiah())
                .bind("fee", rules.withdrawalFee().rupiah())
                .bind("due", dueDate())
                .bind("hold", d.transfer().id())
                .map((rs, ctx) -> map(rs))
                .one());
      }
      case LedgerResult.AlreadyDone d -> new RequestResult.AlreadyRequested(byHold(h, d.transfer().id()).orElseThrow());
      case LedgerResult.InsufficientFunds f -> new RequestResult.InsufficientFunds(f.balance(), f.needed());
      case LedgerResult.Conflict c -> throw new IllegalStateException("withdrawal key reused for another request: " + idempotencyKey);
      default -> throw new IllegalStateException("withdrawal hold refused: " + hold);
    };
  }

  /** The outcome of a payout result (paid or failed). */
  public sealed interface SettleResult {
    record Settled(Withdrawal withdrawal) implements SettleResult {}

    /** It was already settled the same way: nothing changed. */
    record AlreadySettled(Withdrawal withdrawal) implements SettleResult {}

    /** It was already settled the other way (paid vs failed): nothing changed, an admin should look. */
    record SettledOtherwise(Withdrawal withdrawal) implements SettleResult {}

    record NotFound() implements SettleResult {}
  }

  public SettleResult markPaid(String reference, String payoutReference) {
    return jdbi.inTransaction(h -> markPaid(h, reference, payoutReference));
  }

  public SettleResult markFailed(String reference, String reason) {
    return jdbi.inTransaction(h -> markFailed(h, reference, reason));
  }

  /** Posts the hold (the money left for the bank) inside the caller's transaction and tells the user. */
  public SettleResult markPaid(Handle h, String reference, String payoutReference) {
    return settle(h, reference, true, payoutReference);
  }

  /** Voids the hold (amount and fee back to the wallet) inside the caller's transaction and tells the user. */
  public SettleResult markFailed(Handle h, String reference, String reason) {
    return settle(h, reference, false, reason);
  }

  /**
   * Posts (paid) or voids (failed) the hold and tells the user. The ledger key is per withdrawal
   * and outcome, so retried or duplicated callbacks settle once.
   */
  private SettleResult settle(Handle h, String reference, boolean paid, String detail) {
    Optional<Withdrawal> found =
        h.createQuery("SELECT " + COLUMNS + " FROM withdrawals WHERE reference = :r FOR UPDATE")
            .bind("r", reference.strip().toUpperCase())
            .map((rs, ctx) -> map(rs))
            .findOne();
    if (found.isEmpty()) {
      return new SettleResult.NotFound();
    }
    Withdrawal w = found.get();
    Withdrawal.Status wanted = paid ? Withdrawal.Status.PAID : Withdrawal.Status.FAILED;
    if (w.status() == wanted) {
      return new SettleResult.AlreadySettled(w);
    }
    if (w.status() != Withdrawal.Status.PENDING) {
      return new SettleResult.SettledOtherwise(w);
    }
    String key = (paid ? "withdrawal-paid:" : "withdrawal-failed:") + w.reference();
    LedgerResult result =
        ledger.execute(
            h,
            paid
                ? new TransferRequest.WithdrawalPost(key, w.holdTransferId())
                : new TransferRequest.WithdrawalVoid(key, w.holdTransferId()));
    long resolution =
        switch (result) {
          case LedgerResult.Done d -> d.transfer().id();
          case LedgerResult.AlreadyDone d -> d.transfer().id();
          default -> throw new IllegalStateException("settling " + w.reference() + " refused: " + result);
        };
    Withdrawal updated =
        h.createQuery(
                "UPDATE withdrawals SET status = :s, resolution_transfer_id = :t, payout_reference = :pr, "
                    + "failure_reason = :fr, resolved_at = now() WHERE id = :id RETURNING "
                    + COLUMNS)
            .bind("s", paid ? "paid" : "failed")
            .bind("t", resolution)
            .bind("pr", paid ? detail : null)
            .bind("fr", paid ? null : detail)
            .bind("id", w.id())
            .map((rs, ctx) -> map(rs))
            .one();
    Map<String, Object> params =
        paid
            ? Map.of("reference", w.reference(), "amount", w.amount().rupiah(),
                "bank", w.account().bank().name() + " " + w.account().maskedNumber(), "payout_reference", detail == null ? "" : detail)
            : Map.of("reference", w.reference(), "refund", w.total().rupiah(),
                "reason", detail == null ? "" : detail,
                "balance", ledger.balanceOf(h, w.userId()).orElseThrow().rupiah());
    Outbox.enqueueForUser(
        h,
        w.userId(),
        paid ? Outbox.Kind.WITHDRAWAL_PAID : Outbox.Kind.WITHDRAWAL_FAILED,
        params,
        (paid ? "withdrawal-paid:" : "withdrawal-failed:") + w.reference());
    return new SettleResult.Settled(updated);
  }

  public Optional<Withdrawal> byReference(String reference) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM withdrawals WHERE reference = :r")
        .bind("r", reference.strip().toUpperCase())
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  private static Optional<Withdrawal> byHold(Handle h, long holdId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM withdrawals WHERE hold_transfer_id = :h")
        .bind("h", holdId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Pending withdrawals, oldest first: the admins' payout queue. */
  public List<Withdrawal> pendingQueue(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM withdrawals WHERE status = 'pending' ORDER BY id LIMIT :n")
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** A user's withdrawals waiting for payout, oldest first. */
  public List<Withdrawal> pendingOf(long userId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM withdrawals WHERE user_id = :u AND status = 'pending' ORDER BY id")
        .bind("u", userId)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** The amount a user has on hold in pending withdrawals. */
  public Money onHold(long userId) {
    return Money.rupiah(jdbi.withHandle(h -> h.createQuery(
            "SELECT coalesce(sum(amount + fee), 0) FROM withdrawals WHERE user_id = :u AND status = 'pending'")
        .bind("u", userId)
        .mapTo(Long.class)
        .one()));
  }

  static Withdrawal map(ResultSet rs) throws SQLException {
    return new Withdrawal(
        rs.getLong("id"),
        rs.getString("reference"),
        rs.getLong("user_id"),
        new BankAccount(
            rs.getLong("bank_account_id"),
            rs.getLong("user_id"),
            new Bank(rs.getString("bank_code"), rs.getString("bank_name")),
            rs.getString("account_number"),
            rs.getString("holder_name")),
        Money.rupiah(rs.getLong("amount")),
        Money.rupiah(rs.getLong("fee")),
        Withdrawal.Status.valueOf(rs.getString("status").toUpperCase()),
        rs.getObject("due_date", LocalDate.class),
        rs.getLong("hold_transfer_id"),
        Optional.ofNullable(rs.getString("payout_reference")),
        Optional.ofNullable(rs.getString("failure_reason")),
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("resolved_at")).map(java.sql.Timestamp::toInstant));
  }
}
