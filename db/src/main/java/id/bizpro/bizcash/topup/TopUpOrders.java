package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.Transfer;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.outbox.Outbox;
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
  private static final String COLUMNS =
      "id, reference, user_id, amount, fee, unique_code, total, status, expires_at, created_at, closed_at, paid_late, paid_via, payment_url";

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final MoneyRules rules;
  private final References references;
  private final RandomGenerator random;
  private final Clock clock;

  public TopUpOrders(Jdbi jdbi, Ledger ledger, MoneyRules rules, Clock clock) {
    this(jdbi, ledger, rules, new References(), new java.security.SecureRandom(), clock);
  }

  public TopUpOrders(
      Jdbi jdbi, Ledger ledger, MoneyRules rules, References references, RandomGenerator random, Clock clock) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.rules = rules;
    this.references = references;
    this.random = random;
    this.clock = clock;
  }

  /** The outcome of asking for a new order. */
  public sealed interface CreateResult {
    record Created(TopUpOrder order) implements CreateResult {}

    record BelowMinimum(Money minimum) implements CreateResult {}

    record AboveMaximum(Money maximum) implements CreateResult {}

    record TooManyOpen(int limit, List<TopUpOrder> open) implements CreateResult {}

    record WouldExceedCap(Money cap, Money balance) implements CreateResult {}
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
    Money balance = ledger.balanceOf(h, userId).orElseThrow();
    if (balance.plus(amount).isGreaterThan(rules.balanceCap())) {
      return new CreateResult.WouldExceedCap(rules.balanceCap(), balance);
    }
    Money fee = rules.topUpFee();
    Instant expires = now.plus(rules.orderTtl());
    for (int attempt = 0; attempt < 200; attempt++) {
      long code = rules.uniqueCode() ? 1 + random.nextInt(999) : 0;
      Optional<TopUpOrder> inserted =
          h.createQuery(
                  """
                  INSERT INTO topup_orders (reference, user_id, amount, fee, unique_code, total, expires_at, created_at)
                  VALUES (:ref, :u, :amount, :fee, :code, :total, :expires, :now)
                  ON CONFLICT DO NOTHING
                  RETURNING """
                      + " "
                      + COLUMNS)
              .bind("ref", references.next("TOP"))
              .bind("u", userId)
              .bind("amount", amount.rupiah())
              .bind("fee", fee.rupiah())
              .bind("code", code)
              .bind("total", amount.rupiah() + fee.rupiah() + code)
              .bind("expires", expires)
              .bind("now", now)
              .map((rs, ctx) -> map(rs))
              .findOne();
      if (inserted.isPresent()) {
        return new CreateResult.Created(inserted.get());
      }
      // Another open order has this total (or, vanishingly rarely, this reference): draw again.
    }
    throw new IllegalStateException("no free unique code for a top-up of " + amount.plain());
  }

  public Optional<TopUpOrder> byReference(String reference) {
    return jdbi.withHandle(h -> byReference(h, reference, false));
  }

  public Optional<TopUpOrder> byReference(Handle h, String reference, boolean forUpdate) {
    return h.createQuery("SELECT " + COLUMNS + " FROM topup_orders WHERE reference = :r" + (forUpdate ? " FOR UPDATE" : ""))
        .bind("r", reference.strip().toUpperCase())
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Open orders whose total is exactly {@code total}, oldest first (for bank mutations). */
  public List<TopUpOrder> openByTotal(Handle h, Money total) {
    return h.createQuery("SELECT " + COLUMNS + " FROM topup_orders WHERE status = 'open' AND total = :t ORDER BY id")
        .bind("t", total.rupiah())
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Orders still waiting for payment, oldest first. */
  public List<TopUpOrder> openOrders(long userId) {
    return jdbi.withHandle(h -> openOrders(h, userId, clock.instant()));
  }

  private List<TopUpOrder> openOrders(Handle h, long userId, Instant now) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM topup_orders WHERE user_id = :u AND status = 'open' AND expires_at > :now ORDER BY id")
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
      Optional<TopUpOrder> order = byReference(h, reference, true);
      if (order.isEmpty() || order.get().userId() != userId) {
        return new CancelResult.NotFound();
      }
      if (!order.get().isOpen()) {
        return new CancelResult.NotOpen(order.get());
      }
      return new CancelResult.Cancelled(close(h, order.get().id(), "cancelled"));
    });
  }

  /** The outcome of a payment confirmation. */
  public sealed interface PayResult {
    /** Credited now; {@code late} when the order had expired or been cancelled before the money came. */
    record Credited(TopUpOrder order, Transfer transfer, boolean late) implements PayResult {}

    record AlreadyPaid(TopUpOrder order) implements PayResult {}

    /** Paid amount differs from the order total: nothing credited, an admin must look. */
    record AmountMismatch(TopUpOrder order, Money expected, Money paid) implements PayResult {}

    record NotFound() implements PayResult {}
  }

  public PayResult pay(String reference, Money paid, String via) {
    return jdbi.inTransaction(h -> pay(h, reference, paid, via));
  }

  /**
   * Credits the order inside the caller's transaction (the webhook stores its callback in the same
   * one). Money received for an expired or cancelled order is still credited, and marked late.
   */
  public PayResult pay(Handle h, String reference, Money paid, String via) {
    Optional<TopUpOrder> found = byReference(h, reference, true);
    if (found.isEmpty()) {
      return new PayResult.NotFound();
    }
    TopUpOrder order = found.get();
    if (order.status() == TopUpOrder.Status.PAID) {
      return new PayResult.AlreadyPaid(order);
    }
    if (!paid.equals(order.total())) {
      return new PayResult.AmountMismatch(order, order.total(), paid);
    }
    boolean late = order.status() != TopUpOrder.Status.OPEN || !order.expiresAt().isAfter(clock.instant());
    LedgerResult result =
        ledger.execute(
            h,
            new TransferRequest.TopUpCredit(
                "topup:" + order.reference(), order.userId(), order.credited(), order.fee(), order.reference()));
    Transfer transfer =
        switch (result) {
          case LedgerResult.Done d -> d.transfer();
          case LedgerResult.AlreadyDone d -> d.transfer();
          default -> throw new IllegalStateException("top-up credit of " + order.reference() + " refused: " + result);
        };
    TopUpOrder updated =
        h.createQuery(
                "UPDATE topup_orders SET status = 'paid', transfer_id = :t, paid_late = :late, paid_via = :via, closed_at = now() "
                    + "WHERE id = :id RETURNING "
                    + COLUMNS)
            .bind("t", transfer.id())
            .bind("late", late)
            .bind("via", via)
            .bind("id", order.id())
            .map((rs, ctx) -> map(rs))
            .one();
    Outbox.enqueueForUser(
        h,
        order.userId(),
        Outbox.Kind.TOPUP_CREDITED,
        Map.of(
            "reference", order.reference(),
            "amount", order.credited().rupiah(),
            "balance", ledger.balanceOf(h, order.userId()).orElseThrow().rupiah(),
            "late", late),
        "topup-credited:" + order.reference());
    return new PayResult.Credited(updated, transfer, late);
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

  private static TopUpOrder close(Handle h, long id, String status) {
    return h.createQuery(
            "UPDATE topup_orders SET status = :s, closed_at = now() WHERE id = :id RETURNING " + COLUMNS)
        .bind("s", status)
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
