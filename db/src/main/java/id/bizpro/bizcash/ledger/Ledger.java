package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.ledger.LedgerResult.AlreadyDone;
import id.bizpro.bizcash.ledger.LedgerResult.Conflict;
import id.bizpro.bizcash.ledger.LedgerResult.Done;
import id.bizpro.bizcash.ledger.LedgerResult.InsufficientFunds;
import id.bizpro.bizcash.ledger.LedgerResult.LimitExceeded;
import id.bizpro.bizcash.ledger.LedgerResult.NotFound;
import id.bizpro.bizcash.ledger.LedgerResult.NotPending;
import id.bizpro.bizcash.ledger.LedgerResult.SameAccount;
import id.bizpro.bizcash.ledger.TransferRequest.P2p;
import id.bizpro.bizcash.ledger.TransferRequest.SuspenseCredit;
import id.bizpro.bizcash.ledger.TransferRequest.SuspenseReceipt;
import id.bizpro.bizcash.ledger.TransferRequest.SuspenseRelease;
import id.bizpro.bizcash.ledger.TransferRequest.TopUpReversal;
import id.bizpro.bizcash.ledger.TransferRequest.TopUpCredit;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalHold;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalPost;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalVoid;
import id.bizpro.bizcash.money.Money;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The double-entry ledger: every money move is one {@link Transfer} whose entries sum to zero,
 * written in one database transaction together with the new account balances.
 *
 * <p>Guarantees: accounts are locked in ascending id order (no deadlocks between ledger calls); a
 * wallet never goes below zero (checked here and by a database constraint); a repeated
 * idempotency key returns the first result and never moves money twice; nothing is written unless
 * the result is {@link Done}. Each operation has two forms: one that runs its own transaction, and
 * one that joins the caller's {@link Handle} so that business rows (orders, outbox) commit with the
 * money. Thread-safe and stateless apart from the cached system account ids.
 */
public final class Ledger {
  private final Jdbi jdbi;
  private final Limits limits;
  private final Map<SystemAccount, Long> systemIds;

  /** Configured rules the ledger enforces on user transfers. */
  public record Limits(Money transferMinimum, Money balanceCap) {}

  public Ledger(Jdbi jdbi, Limits limits) {
    this.jdbi = jdbi;
    this.limits = limits;
    this.systemIds = loadSystemIds(jdbi);
  }

  private static Map<SystemAccount, Long> loadSystemIds(Jdbi jdbi) {
    Map<SystemAccount, Long> ids = new EnumMap<>(SystemAccount.class);
    jdbi.useHandle(
        h -> {
          for (SystemAccount a : SystemAccount.values()) {
            ids.put(
                a,
                h.createQuery("SELECT id FROM accounts WHERE code = :code")
                    .bind("code", a.code())
                    .mapTo(Long.class)
                    .one());
          }
        });
    return ids;
  }

  public long systemAccountId(SystemAccount account) {
    return systemIds.get(account);
  }

  public Limits limits() {
    return limits;
  }

  /**
   * A P2P transfer in the caller's transaction together with the recipient's "you received"
   * notification (outbox), one statement: the notification exists exactly when the transfer
   * committed. With {@code dailyMoneyOut}, the sender's money-out today (WIB) plus this amount must
   * fit it ({@link LedgerResult.Limit#DAILY_MONEY_OUT}); a retry of a recorded key is never refused.
   */
  public LedgerResult sendP2p(Handle h, P2p request, Optional<Money> dailyMoneyOut) {
    return sendP2p(h, List.of(request), dailyMoneyOut).get(0);
  }

  /**
   * Like {@link #sendP2p(Handle, P2p, Optional)} for many transfers in one statement (for group
   * commit): element i of the answer is request i's result, as if the requests ran one after
   * another in list order. Requests the ledger refuses before any SQL (same wallet, below the
   * minimum) get their result without reaching the database.
   */
  public List<LedgerResult> sendP2p(Handle h, List<P2p> requests, Optional<Money> dailyMoneyOut) {
    LedgerResult[] results = new LedgerResult[requests.size()];
    List<Integer> positions = new ArrayList<>();
    List<LedgerSql.Header> headers = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Optional<LedgerResult> refused = precheck(requests.get(i));
      if (refused.isPresent()) {
        results[i] = refused.get();
      } else {
        positions.add(i);
        headers.add(LedgerSql.Header.p2p(requests.get(i)));
      }
    }
    if (!headers.isEmpty()) {
      List<LedgerSql.Outcome> outcomes =
          LedgerSql.p2pBatch(h, headers, limits.balanceCap().rupiah(), dailyMoneyOut.map(Money::rupiah).orElse(null));
      for (int j = 0; j < headers.size(); j++) {
        results[positions.get(j)] = result(h, headers.get(j), outcomes.get(j));
      }
    }
    return List.of(results);
  }

  /** Runs the request in a transaction of its own. */
  public LedgerResult execute(TransferRequest request) {
    // The default READ COMMITTED: each statement sees what committed before it, which the lock-then-
    // look-up order relies on. (Asking Jdbi to set the level would cost two round trips per call.)
    return jdbi.inTransaction(h -> execute(h, request));
  }

  /**
   * Runs the request inside the caller's transaction. A {@link P2p} goes the one P2P path, {@link
   * #sendP2p(Handle, P2p, Optional)} without a daily limit (so with the recipient's notification);
   * every other kind goes through {@code ledger_post}.
   */
  public LedgerResult execute(Handle h, TransferRequest request) {
    return switch (request) {
      case TopUpCredit r -> creditTopUp(h, r);
      case P2p r -> sendP2p(h, r, Optional.empty());
      case WithdrawalHold r -> hold(h, r);
      case WithdrawalPost r -> postHold(h, r);
      case WithdrawalVoid r -> voidHold(h, r);
      case SuspenseReceipt r -> suspenseReceipt(h, r);
      case SuspenseCredit r -> suspenseCredit(h, r);
      case SuspenseRelease r -> suspenseRelease(h, r);
      case TopUpReversal r -> topUpReversal(h, r);
      case TransferRequest.PpobHold r -> ppobHold(h, r);
      case TransferRequest.PpobPost r -> ppobPost(h, r);
      case TransferRequest.PpobVoid r -> ppobVoid(h, r);
      case TransferRequest.InlineHold r -> inlineHold(h, r);
      case TransferRequest.InlineClaim r -> inlineResolve(h, r.idempotencyKey(), r.digest(), r.holdTransferId(),
          java.util.OptionalLong.of(r.claimerId()));
      case TransferRequest.InlineReturn r -> inlineResolve(h, r.idempotencyKey(), r.digest(), r.holdTransferId(),
          java.util.OptionalLong.empty());
    };
  }

  /**
   * Locks the named system accounts and the users' wallets in ascending id order — the order
   * {@code ledger_post} and {@code p2p_send_batch} lock in, so no deadlock can form — and returns
   * the wallets' balances by user id. For decisions that depend on a balance (how much of a top-up
   * fits under the cap, how much of a reversal the wallet covers): the ledger call that follows in
   * the same transaction finds the rows already locked, so the balance cannot change in between.
   */
  public Map<Long, Money> lockForDecision(Handle h, List<SystemAccount> system, List<Long> userIds) {
    Long[] ids = system.stream().map(this::systemAccountId).toArray(Long[]::new);
    Map<Long, Money> wallets = new java.util.HashMap<>();
    h.createQuery(
            """
            SELECT id, user_id, balance FROM accounts
            WHERE id = ANY (:ids) OR (kind = 'user_available' AND user_id = ANY (:users))
            ORDER BY id FOR UPDATE
            """)
        .bindArray("ids", Long.class, (Object[]) ids)
        .bindArray("users", Long.class, userIds.toArray())
        .map((rs, ctx) -> {
          long user = rs.getLong("user_id");
          if (!rs.wasNull()) {
            wallets.put(user, Money.rupiah(rs.getLong("balance")));
          }
          return null;
        })
        .list();
    return wallets;
  }

  private LedgerResult creditTopUp(Handle h, TopUpCredit r) {
    Money total = r.credited().plus(r.fee());
    List<LedgerSql.Leg> legs = new ArrayList<>();
    legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.TOPUP_CLEARING), -total.rupiah()));
    if (r.toWallet().isPositive()) {
      legs.add(LedgerSql.Leg.wallet(r.userId(), r.toWallet().rupiah()));
    }
    if (r.fee().isPositive()) {
      legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.FEE_REVENUE), r.fee().rupiah()));
    }
    if (r.held().isPositive()) {
      legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.UNAPPLIED_RECEIPTS), r.held().rupiah()));
    }
    // Money already received is always booked: the caller decided (under lock) how much of it fits
    // under the balance cap; the rest is held in suspense.
    return post(h, LedgerSql.Header.topUpCredit(r), legs, null);
  }

  private LedgerResult suspenseReceipt(Handle h, SuspenseReceipt r) {
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.system(systemAccountId(SystemAccount.TOPUP_CLEARING), -r.amount().rupiah()),
        LedgerSql.Leg.system(systemAccountId(SystemAccount.UNAPPLIED_RECEIPTS), r.amount().rupiah()));
    return post(h, LedgerSql.Header.suspenseReceipt(r), legs, null);
  }

  private LedgerResult suspenseCredit(Handle h, SuspenseCredit r) {
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.system(systemAccountId(SystemAccount.UNAPPLIED_RECEIPTS), -r.amount().rupiah()),
        LedgerSql.Leg.wallet(r.userId(), r.amount().rupiah()));
    // The balance cap binds here as for any incoming money; the caller sizes the credit under lock.
    return post(h, LedgerSql.Header.suspenseCredit(r), legs, r.userId());
  }

  private LedgerResult suspenseRelease(Handle h, SuspenseRelease r) {
    SystemAccount to = switch (r.release()) {
      case REFUNDED_TO_PAYER -> SystemAccount.PAYOUTS_SETTLED;
      case REVERSED_BY_GATEWAY -> SystemAccount.TOPUP_CLEARING;
      case RETURNED_TO_PLATFORM -> SystemAccount.PLATFORM_PAYOUTS;
    };
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.system(systemAccountId(SystemAccount.UNAPPLIED_RECEIPTS), -r.amount().rupiah()),
        LedgerSql.Leg.system(systemAccountId(to), r.amount().rupiah()));
    return post(h, LedgerSql.Header.suspenseRelease(r), legs, null);
  }

  private LedgerResult topUpReversal(Handle h, TopUpReversal r) {
    List<LedgerSql.Leg> legs = new ArrayList<>();
    if (r.fromWallet().isPositive()) {
      legs.add(LedgerSql.Leg.wallet(r.userId(), -r.fromWallet().rupiah()));
    }
    if (r.fee().isPositive()) {
      legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.FEE_REVENUE), -r.fee().rupiah()));
    }
    legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.TOPUP_CLEARING), r.fromWallet().plus(r.fee()).rupiah()));
    return post(h, LedgerSql.Header.topUpReversal(r), legs, null);
  }

  /** The rules a P2P request can fail without the database. */
  private Optional<LedgerResult> precheck(P2p r) {
    if (r.fromUserId() == r.toUserId()) {
      return Optional.of(new SameAccount());
    }
    if (r.amount().isLessThan(limits.transferMinimum())) {
      return Optional.of(new LimitExceeded(LedgerResult.Limit.TRANSFER_MINIMUM, limits.transferMinimum(), r.amount()));
    }
    return Optional.empty();
  }

  private LedgerResult hold(Handle h, WithdrawalHold r) {
    Money total = r.amount().plus(r.fee());
    List<LedgerSql.Leg> legs =
        List.of(
            LedgerSql.Leg.wallet(r.userId(), -total.rupiah()),
            LedgerSql.Leg.system(systemAccountId(SystemAccount.PAYOUTS_IN_FLIGHT), total.rupiah()));
    return post(h, LedgerSql.Header.withdrawalHold(r), legs, null);
  }

  /** Paid: the held amount to payouts settled, the fee to fee revenue. */
  private LedgerResult postHold(Handle h, WithdrawalPost r) {
    Optional<Transfer> hold = holdById(h, r.holdTransferId());
    if (hold.isEmpty()) {
      return new NotFound("withdrawal hold " + r.holdTransferId());
    }
    Transfer held = hold.get();
    List<LedgerSql.Leg> legs = new ArrayList<>();
    legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.PAYOUTS_IN_FLIGHT), -held.amount().plus(held.fee()).rupiah()));
    legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.PAYOUTS_SETTLED), held.amount().rupiah()));
    if (held.fee().isPositive()) {
      legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.FEE_REVENUE), held.fee().rupiah()));
    }
    return post(h, LedgerSql.Header.withdrawalPost(r.idempotencyKey(), r.digest(), held, held.fromUserId().orElseThrow()),
        legs, null);
  }

  /** Failed: amount and fee back to the wallet. */
  private LedgerResult voidHold(Handle h, WithdrawalVoid r) {
    Optional<Transfer> hold = holdById(h, r.holdTransferId());
    if (hold.isEmpty()) {
      return new NotFound("withdrawal hold " + r.holdTransferId());
    }
    Transfer held = hold.get();
    long userId = held.fromUserId().orElseThrow();
    Money total = held.amount().plus(held.fee());
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.system(systemAccountId(SystemAccount.PAYOUTS_IN_FLIGHT), -total.rupiah()),
        LedgerSql.Leg.wallet(userId, total.rupiah()));
    return post(h, LedgerSql.Header.withdrawalVoid(r.idempotencyKey(), r.digest(), held, userId), legs, null);
  }

  private LedgerResult ppobHold(Handle h, TransferRequest.PpobHold r) {
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.wallet(r.userId(), -r.price().rupiah()),
        LedgerSql.Leg.system(systemAccountId(SystemAccount.PPOB_IN_FLIGHT), r.price().rupiah()));
    return post(h, LedgerSql.Header.ppobHold(r), legs, null);
  }

  /** Succeeded: the provider's price to provider cost, the rest (possibly negative) to margin. */
  private LedgerResult ppobPost(Handle h, TransferRequest.PpobPost r) {
    Optional<Transfer> hold = LedgerSql.transferById(h, r.holdTransferId()).filter(t -> t.kind() == TransferKind.PPOB_HOLD);
    if (hold.isEmpty()) {
      return new NotFound("ppob hold " + r.holdTransferId());
    }
    Transfer held = hold.get();
    long margin = held.amount().rupiah() - r.providerCost().rupiah();
    List<LedgerSql.Leg> legs = new ArrayList<>();
    legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.PPOB_IN_FLIGHT), -held.amount().rupiah()));
    if (r.providerCost().isPositive()) {
      legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.PPOB_PROVIDER_COST), r.providerCost().rupiah()));
    }
    if (margin != 0) {
      legs.add(LedgerSql.Leg.system(systemAccountId(SystemAccount.PPOB_MARGIN), margin));
    }
    return post(h, LedgerSql.Header.ppobPost(r.idempotencyKey(), r.digest(), held, held.fromUserId().orElseThrow()),
        legs, null);
  }

  private LedgerResult ppobVoid(Handle h, TransferRequest.PpobVoid r) {
    Optional<Transfer> hold = LedgerSql.transferById(h, r.holdTransferId()).filter(t -> t.kind() == TransferKind.PPOB_HOLD);
    if (hold.isEmpty()) {
      return new NotFound("ppob hold " + r.holdTransferId());
    }
    Transfer held = hold.get();
    long userId = held.fromUserId().orElseThrow();
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.system(systemAccountId(SystemAccount.PPOB_IN_FLIGHT), -held.amount().rupiah()),
        LedgerSql.Leg.wallet(userId, held.amount().rupiah()));
    return post(h, LedgerSql.Header.ppobVoid(r.idempotencyKey(), r.digest(), held, userId), legs, null);
  }

  private LedgerResult inlineHold(Handle h, TransferRequest.InlineHold r) {
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.wallet(r.userId(), -r.amount().rupiah()),
        LedgerSql.Leg.system(systemAccountId(SystemAccount.INLINE_HELD), r.amount().rupiah()));
    return post(h, LedgerSql.Header.inlineHold(r), legs, null);
  }

  /**
   * An inline send's hold resolved once (the pending id's unique index): to {@code claimer} (whose
   * balance cap binds), or back to the sender (no cap: it was theirs).
   */
  private LedgerResult inlineResolve(Handle h, String key, String digest, long holdId, java.util.OptionalLong claimer) {
    Optional<Transfer> hold = LedgerSql.transferById(h, holdId).filter(t -> t.kind() == TransferKind.INLINE_HOLD);
    if (hold.isEmpty()) {
      return new NotFound("inline hold " + holdId);
    }
    Transfer held = hold.get();
    long to = claimer.isPresent() ? claimer.getAsLong() : held.fromUserId().orElseThrow();
    List<LedgerSql.Leg> legs = List.of(
        LedgerSql.Leg.system(systemAccountId(SystemAccount.INLINE_HELD), -held.amount().rupiah()),
        LedgerSql.Leg.wallet(to, held.amount().rupiah()));
    LedgerSql.Header header = claimer.isPresent()
        ? LedgerSql.Header.inlineClaim(key, digest, held, to)
        : LedgerSql.Header.inlineReturn(key, digest, held);
    return post(h, header, legs, claimer.isPresent() ? to : null);
  }

  private static Optional<Transfer> holdById(Handle h, long holdId) {
    return LedgerSql.transferById(h, holdId).filter(t -> t.kind() == TransferKind.WITHDRAWAL_HOLD);
  }

  /**
   * The write path for every kind but P2P (which is {@code p2p_send_batch}'s alone): the {@code
   * ledger_post} database function locks every account in ascending id order, then decides — an existing transfer with this key wins (checked after the locks, so
   * a concurrent twin that committed first is seen), then the wallet rules — then writes the
   * transfer, its entries and the new balances. One round trip.
   */
  private LedgerResult post(Handle h, LedgerSql.Header header, List<LedgerSql.Leg> legs, Long cappedUser) {
    if (header.kind() == TransferKind.P2P) {
      throw new IllegalStateException("P2P transfers go through sendP2p (p2p_send_batch), not ledger_post");
    }
    long sum = legs.stream().mapToLong(LedgerSql.Leg::delta).sum();
    if (sum != 0) {
      throw new IllegalStateException("entries of " + header.kind() + " do not sum to zero: " + sum);
    }
    return result(h, header, LedgerSql.post(h, header, legs, cappedUser, limits.balanceCap().rupiah()));
  }

  private static LedgerResult result(Handle h, LedgerSql.Header header, LedgerSql.Outcome o) {
    return switch (o) {
      case LedgerSql.Outcome.Posted p -> new Done(header.toTransfer(p.transferId(), p.createdAt()));
      case LedgerSql.Outcome.Recorded r -> {
        Transfer earlier = LedgerSql.transferById(h, r.transferId()).orElseThrow();
        yield switch (r.how()) {
          case ALREADY_DONE -> new AlreadyDone(earlier);
          case CONFLICT -> new Conflict(earlier);
          case NOT_PENDING -> new NotPending(earlier);
        };
      }
      case LedgerSql.Outcome.Insufficient i -> new InsufficientFunds(Money.rupiah(i.balance()), Money.rupiah(i.needed()));
      case LedgerSql.Outcome.OverBalanceCap c ->
          new LimitExceeded(LedgerResult.Limit.BALANCE_CAP, Money.rupiah(c.cap()), Money.rupiah(c.balanceAfter()));
      case LedgerSql.Outcome.OverDailyLimit d ->
          new LimitExceeded(LedgerResult.Limit.DAILY_MONEY_OUT, Money.rupiah(d.limit()),
              Money.rupiah(d.outToday()).plus(header.amount()));
      case LedgerSql.Outcome.Missing m -> new NotFound(m.what());
      case LedgerSql.Outcome.SameWallet s -> new SameAccount();
    };
  }

  /** The transfer recorded under an idempotency key, if any. */
  public Optional<Transfer> findByIdempotencyKey(String key) {
    return jdbi.withHandle(h -> LedgerSql.transferByKey(h, key).map(LedgerSql.Keyed::transfer));
  }

  /** A user's available balance; empty when the user has no wallet. */
  public Optional<Money> balanceOf(long userId) {
    return jdbi.withHandle(h -> balanceOf(h, userId));
  }

  public Optional<Money> balanceOf(Handle h, long userId) {
    return h.createQuery("SELECT balance FROM accounts WHERE user_id = :u AND kind = 'user_available'")
        .bind("u", userId)
        .mapTo(Long.class)
        .findOne()
        .map(Money::rupiah);
  }

  public Money balanceOf(SystemAccount account) {
    return jdbi.withHandle(
        h -> Money.rupiah(
            h.createQuery("SELECT balance FROM accounts WHERE id = :id")
                .bind("id", systemAccountId(account))
                .mapTo(Long.class)
                .one()));
  }
}
