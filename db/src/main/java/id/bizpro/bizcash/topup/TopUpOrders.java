package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.Transfer;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Top-up orders from creation to payment, cancellation or expiry. Payment credits the ledger with
 * the order reference as idempotency key, so an order is credited at most once whichever channel
 * confirms it and however often. Thread-safe.
 */
public final class TopUpOrders {
  static final String COLUMNS =
      "id, reference, user_id, amount, fee, unique_code, total, status, expires_at, created_at, closed_at, paid_late, paid_via, payment_url";

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final MoneyRules rules;
  private final References references;
  private final RandomGenerator random;
  private final Clock clock;
  private final UnappliedReceipts receipts;
  private final TopUpReversals reversals;
  private final TopUpPayments payments;

  /** Without admins to alert (the bot's side, which creates orders and never pays them). */
  public TopUpOrders(Jdbi jdbi, Ledger ledger, MoneyRules rules, Clock clock) {
    this(jdbi, ledger, rules, clock, PaymentAlerts.none());
  }

  /** With the admins told about money held in suspense (the side that receives payments). */
  public TopUpOrders(Jdbi jdbi, Ledger ledger, MoneyRules rules, Clock clock, PaymentAlerts alerts) {
    this(jdbi, ledger, rules, new References(), new java.security.SecureRandom(), clock, alerts);
  }

  public TopUpOrders(
      Jdbi jdbi, Ledger ledger, MoneyRules rules, References references, RandomGenerator random, Clock clock) {
    this(jdbi, ledger, rules, references, random, clock, PaymentAlerts.none());
  }

  public TopUpOrders(Jdbi jdbi, Ledger ledger, MoneyRules rules, References references, RandomGenerator random,
      Clock clock, PaymentAlerts alerts) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.rules = rules;
    this.references = references;
    this.random = random;
    this.clock = clock;
    this.receipts = new UnappliedReceipts(jdbi, ledger, alerts, references);
    this.reversals = new TopUpReversals(this, ledger, new MoneyOutBlocks(jdbi), alerts);
    this.payments = new TopUpPayments(this, ledger, rules, clock, receipts);
  }

  /** How a gateway's take-back of a confirmed payment is answered. */
  public TopUpReversals reversals() {
    return reversals;
  }

  /** The suspense book payments land in when they cannot be applied. */
  public UnappliedReceipts receipts() {
    return receipts;
  }

  /** The outcome of asking for a new order. */
  public sealed interface CreateResult {
    record Created(TopUpOrder order) implements CreateResult {}

    record BelowMinimum(Money minimum) implements CreateResult {}

    record AboveMaximum(Money maximum) implements CreateResult {}

    record TooManyOpen(int limit, List<TopUpOrder> open) implements CreateResult {}

    /**
     * The balance plus what the open orders and this one would credit would pass the cap; {@code
     * room} is what a new order may still credit (zero or more).
     */
    record WouldExceedCap(Money cap, Money balance, Money room) implements CreateResult {}

    /** Every unique code for this amount is taken by open or quarantined orders: try another amount. */
    record NoFreeCode() implements CreateResult {}
  }

  public CreateResult create(long userId, Money amount) {
    if (amount.isLessThan(rules.topUpMin())) {
      return new CreateResult.BelowMinimum(rules.topUpMin());
    }
    if (amount.isGreaterThan(rules.topUpMax())) {
      return new CreateResult.AboveMaximum(rules.topUpMax());
    }
    return jdbi.inTransaction(h -> create(h, userId, amount));
  }

  private CreateResult create(Handle h, long userId, Money amount) {
    // One user's order requests queue here, so two taps cannot both pass the open-order limit.
    h.createQuery("SELECT id FROM users WHERE id = :u FOR NO KEY UPDATE").bind("u", userId).mapTo(Long.class).one();
    Instant now = clock.instant();
    List<TopUpOrder> open = openOrders(h, userId, now);
    if (open.size() >= rules.maxOpenTopUps()) {
      return new CreateResult.TooManyOpen(rules.maxOpenTopUps(), open);
    }
    // The cap counts what the open orders would credit too: three orders paid through three
    // channels must not carry a wallet past it.
    Money balance = ledger.balanceOf(h, userId).orElseThrow();
    Money pending = Money.ZERO;
    for (TopUpOrder o : open) {
      pending = pending.plus(o.credited());
    }
    Money room = rules.balanceCap().minus(balance).minus(pending);
    long maxCode = rules.uniqueCode() ? Math.min(999, room.rupiah() - amount.rupiah()) : 0;
    if (amount.isGreaterThan(room) || (rules.uniqueCode() && maxCode < 1)) {
      Money left = room.isNegative() ? Money.ZERO : room;
      return new CreateResult.WouldExceedCap(rules.balanceCap(), balance, left);
    }
    Money fee = rules.topUpFee();
    return insert(h, "topup", "TOP", userId, amount, fee, amount.rupiah() + fee.rupiah(), maxCode,
            now.plus(rules.orderTtl()), now)
        .<CreateResult>map(CreateResult.Created::new)
        .orElseGet(CreateResult.NoFreeCode::new);
  }

  /**
   * Inserts an open order of {@code kind} whose total is {@code base} plus a unique code from 1 to
   * {@code maxCode} (none when unique codes are off); empty when no code is free. Top-ups and
   * payment links draw from the one pool of reserved totals, so a bank mutation matches either.
   */
  Optional<TopUpOrder> insert(Handle h, String kind, String prefix, long userId, Money amount, Money fee, long base,
      long maxCode, Instant expires, Instant now) {
    for (int attempt = 0; attempt < 20; attempt++) {
      long code = 0;
      if (rules.uniqueCode()) {
        Optional<Long> free = freeCode(h, base, maxCode, now);
        if (free.isEmpty()) {
          return Optional.empty();
        }
        code = free.get();
      }
      Optional<TopUpOrder> inserted =
          h.createQuery(
                  """
                  INSERT INTO topup_orders (reference, user_id, amount, fee, unique_code, total, expires_at, created_at, kind)
                  VALUES (:ref, :u, :amount, :fee, :code, :total, :expires, :now, :kind)
                  ON CONFLICT DO NOTHING
                  RETURNING """
                      + " "
                      + COLUMNS)
              .bind("ref", references.next(prefix))
              .bind("u", userId)
              .bind("amount", amount.rupiah())
              .bind("fee", fee.rupiah())
              .bind("code", code)
              .bind("total", base + code)
              .bind("expires", expires)
              .bind("now", now)
              .bind("kind", kind)
              .map((rs, ctx) -> map(rs))
              .findOne();
      if (inserted.isPresent()) {
        return inserted;
      }
      // Another order took this total at the same moment (or, vanishingly rarely, this reference).
    }
    throw new IllegalStateException("no free unique code for an order of " + amount.plain());
  }

  /** Whether {@code order} is a payment link's ({@code INV-…}) rather than a top-up. */
  public static boolean isPayLink(TopUpOrder order) {
    return order.reference().startsWith(PayLinks.PREFIX + "-");
  }

  /** The unique code an order may add when unique codes are on. */
  long maxCode() {
    return rules.uniqueCode() ? 999 : 0;
  }

  Clock clock() {
    return clock;
  }

  /**
   * A unique code from 1 to {@code maxCode} whose total no open or quarantined order holds, drawn
   * at random among the free ones; empty when none is free. Reservations of orders whose quarantine
   * has passed are released first (lazily: no job has to run for codes to come back).
   */
  private Optional<Long> freeCode(Handle h, long base, long maxCode, Instant now) {
    h.createUpdate(
            """
            UPDATE topup_orders SET total_reserved = false
            WHERE total_reserved AND status <> 'open' AND total BETWEEN :lo AND :hi AND closed_at < :cutoff
            """)
        .bind("lo", base + 1)
        .bind("hi", base + maxCode)
        .bind("cutoff", now.minus(rules.totalQuarantine()))
        .execute();
    List<Long> taken = h.createQuery(
            "SELECT total - :base FROM topup_orders WHERE total_reserved AND unique_code > 0 AND total BETWEEN :lo AND :hi")
        .bind("base", base)
        .bind("lo", base + 1)
        .bind("hi", base + maxCode)
        .mapTo(Long.class)
        .list();
    java.util.BitSet used = new java.util.BitSet((int) maxCode + 1);
    taken.forEach(c -> used.set(c.intValue()));
    int free = (int) maxCode - used.cardinality();
    if (free <= 0) {
      return Optional.empty();
    }
    int pick = random.nextInt(free);
    for (int code = 1; code <= maxCode; code++) {
      if (!used.get(code) && pick-- == 0) {
        return Optional.of((long) code);
      }
    }
    return Optional.empty();
  }

  /**
   * Releases the totals of orders whose quarantine has passed; returns how many. The order
   * creation path releases what it needs by itself, so this is housekeeping.
   */
  public int releaseQuarantined(int limit) {
    return jdbi.withHandle(h -> h.createUpdate(
            """
            UPDATE topup_orders SET total_reserved = false WHERE id IN (
              SELECT id FROM topup_orders WHERE total_reserved AND status <> 'open' AND closed_at < :cutoff
              ORDER BY closed_at LIMIT :n)
            """)
        .bind("cutoff", clock.instant().minus(rules.totalQuarantine()))
        .bind("n", limit)
        .execute());
  }

  public Optional<TopUpOrder> byReference(String reference) {
    return jdbi.withHandle(h -> byReference(h, reference));
  }

  /** The order, read in the caller's transaction. */
  public Optional<TopUpOrder> byReference(Handle h, String reference) {
    return byReference(h, reference, "");
  }

  /** The order, its row locked until the caller's transaction ends (to decide on it). */
  public Optional<TopUpOrder> byReferenceForUpdate(Handle h, String reference) {
    return byReference(h, reference, " FOR UPDATE");
  }

  private Optional<TopUpOrder> byReference(Handle h, String reference, String lock) {
    return h.createQuery("SELECT " + COLUMNS + " FROM topup_orders WHERE reference = :r" + lock)
        .bind("r", reference.strip().toUpperCase())
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /**
   * The orders a bank credit of exactly {@code total} may be for, oldest first: open orders, and
   * closed orders whose total is still in quarantine (a late payment pays its own order, never
   * another user's). With unique codes on, at most one order holds a total.
   */
  public List<TopUpOrder> candidatesByTotal(Handle h, Money total) {
    return h.createQuery("SELECT " + COLUMNS + " FROM topup_orders WHERE total = :t AND (total_reserved OR status = 'open')"
            + " AND (status = 'open' OR closed_at >= :cutoff) ORDER BY id")
        .bind("t", total.rupiah())
        .bind("cutoff", clock.instant().minus(rules.totalQuarantine()))
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Orders still waiting for payment, oldest first. */
  public List<TopUpOrder> openOrders(long userId) {
    return jdbi.withHandle(h -> openOrders(h, userId, clock.instant()));
  }

  private List<TopUpOrder> openOrders(Handle h, long userId, Instant now) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM topup_orders WHERE user_id = :u AND status = 'open' AND kind = 'topup' AND expires_at > :now ORDER BY id")
        .bind("u", userId)
        .bind("now", now)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Remembers the gateway's payment page for the order. */
  public void setPaymentUrl(long orderId, String url) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE topup_orders SET payment_url = :url WHERE id = :id")
        .bind("url", url)
        .bind("id", orderId)
        .execute());
  }

  /** The outcome of a user's cancel request. */
  public sealed interface CancelResult {
    record Cancelled(TopUpOrder order) implements CancelResult {}

    /** No such order, or it belongs to someone else (we do not say which). */
    record NotFound() implements CancelResult {}

    record NotOpen(TopUpOrder order) implements CancelResult {}
  }

  public CancelResult cancel(long userId, String reference) {
    return jdbi.inTransaction(h -> {
      Optional<TopUpOrder> order = byReferenceForUpdate(h, reference);
      if (order.isEmpty() || order.get().userId() != userId) {
        return new CancelResult.NotFound();
      }
      if (!order.get().isOpen()) {
        return new CancelResult.NotOpen(order.get());
      }
      return new CancelResult.Cancelled(close(h, order.get().id(), "cancelled"));
    });
  }

  /**
   * A confirmed payment as a provider reported it: who ({@code provider}), its own id of the payment
   * ({@code providerReference}: Midtrans transaction id, bank reference, mutation id), how much, and
   * the stored callback that carried it.
   */
  public record Payment(String provider, Optional<String> providerReference, Money paid, Optional<Long> callbackId,
      Optional<String> payerName) {
    /** A payment whose provider does not name the payer. */
    public Payment(String provider, Optional<String> providerReference, Money paid, Optional<Long> callbackId) {
      this(provider, providerReference, paid, callbackId, Optional.empty());
    }

    public static Payment of(String provider, String providerReference, Money paid, long callbackId) {
      return new Payment(provider, Optional.ofNullable(providerReference), paid, Optional.of(callbackId));
    }

    /** As {@link #of}, with the payer's name as the provider gave it (shown to a payment link's payee). */
    public Payment payer(Optional<String> name) {
      return new Payment(provider, providerReference, paid, callbackId, name.map(String::strip).filter(n -> !n.isEmpty()));
    }
  }

  /** The outcome of a payment confirmation. */
  public sealed interface PayResult {
    /**
     * Credited now; {@code late} when the order had expired or been cancelled before the money
     * came; {@code held} is the part over the balance cap, kept in suspense.
     */
    record Credited(TopUpOrder order, Transfer transfer, boolean late, Money toWallet,
        Optional<UnappliedReceipts.Receipt> held) implements PayResult {}

    /** The same payment again (same provider and payment id): nothing changes. */
    record AlreadyPaid(TopUpOrder order) implements PayResult {}

    /**
     * Money arrived that the order cannot take — a second, distinct payment of a paid order, or an
     * amount that is not the order's total: held in suspense, the user and the admins told.
     */
    record Held(TopUpOrder order, UnappliedReceipts.Receipt receipt) implements PayResult {}

    record NotFound() implements PayResult {}
  }

  public PayResult pay(String reference, Payment payment) {
    return jdbi.inTransaction(h -> pay(h, reference, payment));
  }

  /**
   * Applies a confirmed payment to the order inside the caller's transaction (the webhook stores
   * its callback in the same one). Money received is never dropped: it pays its own order (late
   * when the order had expired or been cancelled), or it is held in suspense.
   */
  public PayResult pay(Handle h, String reference, Payment payment) {
    return payments.pay(h, reference, payment);
  }

  /** Whether {@code order} was paid by this provider's payment {@code providerReference}. */
  public boolean paidBy(Handle h, TopUpOrder order, String provider, String providerReference) {
    return payments.paidBy(h, order, provider, providerReference);
  }

  /** Expires up to {@code limit} orders past their time and queues a message to each user. */
  public int expireDue(int limit) {
    return jdbi.inTransaction(h -> {
      List<Long> due =
          h.createQuery(
                  "SELECT id FROM topup_orders WHERE status = 'open' AND expires_at <= :now ORDER BY expires_at LIMIT :n FOR UPDATE SKIP LOCKED")
              .bind("now", clock.instant())
              .bind("n", limit)
              .mapTo(Long.class)
              .list();
      for (long id : due) {
        TopUpOrder order = close(h, id, "expired");
        if (isPayLink(order)) {
          Outbox.enqueueForUser(h, order.userId(), Outbox.Kind.PAYLINK_EXPIRED,
              Map.of("reference", order.reference(), "amount", order.amount().rupiah()),
              "paylink-expired:" + order.reference());
          continue;
        }
        Outbox.enqueueForUser(
            h,
            order.userId(),
            Outbox.Kind.TOPUP_EXPIRED,
            Map.of("reference", order.reference(), "total", order.total().rupiah()),
            "topup-expired:" + order.reference());
      }
      return due.size();
    });
  }

  private TopUpOrder close(Handle h, long id, String status) {
    return h.createQuery(
            "UPDATE topup_orders SET status = :s, closed_at = :now WHERE id = :id RETURNING " + COLUMNS)
        .bind("s", status)
        .bind("now", clock.instant())
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .one();
  }

  static TopUpOrder map(ResultSet rs) throws SQLException {
    return new TopUpOrder(
        rs.getLong("id"),
        rs.getString("reference"),
        rs.getLong("user_id"),
        Money.rupiah(rs.getLong("amount")),
        Money.rupiah(rs.getLong("fee")),
        Money.rupiah(rs.getLong("unique_code")),
        Money.rupiah(rs.getLong("total")),
        TopUpOrder.Status.valueOf(rs.getString("status").toUpperCase()),
        rs.getTimestamp("expires_at").toInstant(),
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("closed_at")).map(java.sql.Timestamp::toInstant),
        rs.getBoolean("paid_late"),
        Optional.ofNullable(rs.getString("paid_via")),
        Optional.ofNullable(rs.getString("payment_url")));
  }
}
