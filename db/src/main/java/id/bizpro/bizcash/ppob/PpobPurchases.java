package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.limits.MoneyOutLimits;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.payment.PaymentAlerts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * PPOB purchases and their money, two-phase like withdrawals: {@link #hold} takes the sell price
 * from the wallet into PPOB in flight in the caller's transaction, with the purchase row; {@link
 * #settle} posts it (provider cost and margin) on a definite success or voids it (all back to the
 * wallet) on a definite failure, once: the purchase row is locked, the ledger keys are per
 * purchase and outcome, and a hold can be resolved only once (unique pending_id). An answer that
 * contradicts the recorded outcome changes nothing and alerts the admins. Thread-safe.
 */
public final class PpobPurchases {
  private static final String COLUMNS =
      "id, reference, user_id, sku, product_name, category, customer_no, sell_price, max_price, status, "
          + "hold_transfer_id, provider_price, sn, rc, message, resolved_by, attempts, created_at, resolved_at";

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final PpobCatalogue catalogue;
  private final PpobSettings.Markup markup;
  private final MoneyOutLimits limits;
  private final PaymentAlerts alerts;
  private final References references = new References();

  public PpobPurchases(Jdbi jdbi, Ledger ledger, PpobCatalogue catalogue, PpobSettings.Markup markup,
      AbuseLimits abuse, PaymentAlerts alerts) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.catalogue = catalogue;
    this.markup = markup;
    this.limits = new MoneyOutLimits(abuse);
    this.alerts = alerts;
  }

  public PpobSettings.Markup markup() {
    return markup;
  }

  public PpobCatalogue catalogue() {
    return catalogue;
  }

  /** The outcome of a purchase request. Nothing is held unless {@link Held}. */
  public sealed interface HoldResult {
    record Held(PpobPurchase purchase) implements HoldResult {}

    /** This confirmation already made the purchase. */
    record AlreadyHeld(PpobPurchase purchase) implements HoldResult {}

    record NoSuchProduct() implements HoldResult {}

    record Unavailable(CatalogueProduct.Availability why) implements HoldResult {}

    /** The price changed since the user saw it; {@code now} is the new sell price. */
    record PriceChanged(Money quoted, Money now) implements HoldResult {}

    record InsufficientFunds(Money balance, Money price) implements HoldResult {}

    record DailyLimitExceeded(Money limit, Money usedToday) implements HoldResult {}
  }

  /**
   * Holds {@code quotedSellPrice} for {@code sku} to {@code customerNo} in the caller's transaction,
   * with the purchase row, after checking that the product is on, in stock, outside its cut-off,
   * still at the quoted price, and that the daily money-out limit allows it. The provider is asked
   * only after this commits ({@link PpobService#process}).
   */
  public HoldResult hold(Handle h, String idempotencyKey, long userId, String sku, String customerNo,
      Money quotedSellPrice, Instant now) {
    return hold(h, idempotencyKey, userId, sku, customerNo, quotedSellPrice, Optional.empty(), now);
  }

  /**
   * A postpaid bill inquired under {@code reference} (its payment must use the same ref_id) whose
   * payment takes {@code providerPrice} from the deposit.
   */
  public record BillQuote(String reference, Money providerPrice) {}

  /** A fresh {@code PPOB-…} reference (for a bill inquiry, whose payment reuses it). */
  public String newReference() {
    return references.next("PPOB");
  }

  /**
   * As {@link #hold(Handle, String, long, String, String, Money, Instant)}; for a postpaid bill the
   * price is the inquired bill's plus the markup, and the purchase takes the inquiry's reference.
   */
  public HoldResult hold(Handle h, String idempotencyKey, long userId, String sku, String customerNo,
      Money quotedSellPrice, Optional<BillQuote> bill, Instant now) {
    Optional<PpobPurchase> existing = byKey(h, idempotencyKey);
    if (existing.isEmpty() && bill.isPresent()) {
      // A second confirmation of the same bill: that bill is paid (or being paid) once.
      existing = byReference(h, bill.get().reference()).filter(p -> p.userId() == userId);
    }
    if (existing.isPresent()) {
      return new HoldResult.AlreadyHeld(existing.get());
    }
    Optional<CatalogueProduct> product = catalogue.find(h, sku);
    if (product.isEmpty()) {
      return new HoldResult.NoSuchProduct();
    }
    CatalogueProduct p = product.get();
    CatalogueProduct.Availability a = p.availability(now);
    if (!(a instanceof CatalogueProduct.Availability.Available)) {
      return new HoldResult.Unavailable(a);
    }
    Money base = bill.map(BillQuote::providerPrice).orElse(p.price());
    Money sell = base.plus(markup.forCategory(p.category()));
    if (!sell.equals(quotedSellPrice)) {
      return new HoldResult.PriceChanged(quotedSellPrice, sell);
    }
    Optional<MoneyOutLimits.Refusal> refusal = limits.checkMoneyOut(h, idempotencyKey, userId, sell);
    if (refusal.isPresent() && refusal.get() instanceof MoneyOutLimits.Refusal.DailyLimit d) {
      return new HoldResult.DailyLimitExceeded(d.limit(), d.usedToday());
    }
    String reference = bill.map(BillQuote::reference).orElseGet(() -> references.next("PPOB"));
    LedgerResult result = ledger.execute(h, new TransferRequest.PpobHold(idempotencyKey, userId, sell, reference));
    return switch (result) {
      case LedgerResult.Done d -> new HoldResult.Held(
          h.createQuery(
                  """
                  INSERT INTO ppob_purchases (reference, idempotency_key, user_id, sku, product_name, category,
                      customer_no, sell_price, max_price, hold_transfer_id, next_check_at, created_at)
                  VALUES (:ref, :key, :u, :sku, :name, :cat, :cust, :sell, :max, :hold, :next, :now)
                  RETURNING """ + " " + COLUMNS)
              .bind("ref", reference)
              .bind("key", idempotencyKey)
              .bind("u", userId)
              .bind("sku", p.sku())
              .bind("name", p.name())
              .bind("cat", p.category().name())
              .bind("cust", customerNo)
              .bind("sell", sell.rupiah())
              .bind("max", base.rupiah())
              .bind("hold", d.transfer().id())
              // The confirming turn hands the purchase to the worker after commit; the poller
              // picks it up only if that never happened (a crash in between).
              .bind("next", Timestamp.from(now.plusSeconds(30)))
              .bind("now", Timestamp.from(now))
              .map((rs, ctx) -> map(rs))
              .one());
      case LedgerResult.AlreadyDone d -> new HoldResult.AlreadyHeld(byKey(h, idempotencyKey).orElseThrow());
      case LedgerResult.InsufficientFunds f -> new HoldResult.InsufficientFunds(f.balance(), sell);
      default -> throw new IllegalStateException("PPOB hold refused: " + result);
    };
  }

  /** A definite answer about a purchase. */
  public sealed interface Outcome {
    /** @param providerPrice what the provider charged, when it said */
    record Success(Optional<String> sn, Optional<Money> providerPrice, String rc, String message) implements Outcome {}

    record Failed(String rc, String message) implements Outcome {}
  }

  /** What settling did. */
  public sealed interface SettleResult {
    record Settled(PpobPurchase purchase) implements SettleResult {}

    /** Already settled the same way: nothing changed. */
    record AlreadySettled(PpobPurchase purchase) implements SettleResult {}

    /** Already settled the other way: nothing changed, the admins were alerted. */
    record Contradicted(PpobPurchase purchase) implements SettleResult {}

    record NotFound() implements SettleResult {}
  }

  public SettleResult settle(String reference, Outcome outcome, String by) {
    return jdbi.inTransaction(h -> settle(h, reference, outcome, by));
  }

  /** Posts (success) or voids (failure) the purchase's hold in the caller's transaction and tells the user. */
  public SettleResult settle(Handle h, String reference, Outcome outcome, String by) {
    Optional<PpobPurchase> found =
        h.createQuery("SELECT " + COLUMNS + " FROM ppob_purchases WHERE reference = :r FOR UPDATE")
            .bind("r", reference.strip().toUpperCase())
            .map((rs, ctx) -> map(rs))
            .findOne();
    if (found.isEmpty()) {
      return new SettleResult.NotFound();
    }
    PpobPurchase p = found.get();
    boolean success = outcome instanceof Outcome.Success;
    PpobPurchase.Status wanted = success ? PpobPurchase.Status.SUCCESS : PpobPurchase.Status.FAILED;
    if (p.status() == wanted) {
      return new SettleResult.AlreadySettled(p);
    }
    if (p.status() != PpobPurchase.Status.PENDING) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("problem", "ppob_contradiction");
      params.put("reference", p.reference());
      params.put("recorded", p.status().name().toLowerCase());
      params.put("now_said", wanted.name().toLowerCase());
      params.put("by", by);
      alerts.alert(h, "ppob-contradiction:" + p.reference() + ":" + wanted.name().toLowerCase(), params);
      return new SettleResult.Contradicted(p);
    }
    LedgerResult result;
    Optional<Money> providerPrice = Optional.empty();
    String rc;
    String message;
    Optional<String> sn = Optional.empty();
    switch (outcome) {
      case Outcome.Success s -> {
        providerPrice = Optional.of(s.providerPrice().orElse(p.maxPrice()));
        result = ledger.execute(h, new TransferRequest.PpobPost("ppob-post:" + p.reference(), p.holdTransferId(),
            providerPrice.get()));
        rc = s.rc();
        message = s.message();
        sn = s.sn();
      }
      case Outcome.Failed f -> {
        result = ledger.execute(h, new TransferRequest.PpobVoid("ppob-void:" + p.reference(), p.holdTransferId()));
        rc = f.rc();
        message = f.message();
      }
    }
    long resolution = switch (result) {
      case LedgerResult.Done d -> d.transfer().id();
      case LedgerResult.AlreadyDone d -> d.transfer().id();
      default -> throw new IllegalStateException("settling " + p.reference() + " refused: " + result);
    };
    PpobPurchase updated = h.createQuery(
            "UPDATE ppob_purchases SET status = :s, resolution_transfer_id = :t, provider_price = :pp, sn = :sn, "
                + "rc = :rc, message = :msg, resolved_by = :by, resolved_at = now() WHERE id = :id RETURNING " + COLUMNS)
        .bind("s", wanted.name().toLowerCase())
        .bind("t", resolution)
        .bind("pp", providerPrice.map(Money::rupiah).orElse(null))
        .bind("sn", sn.orElse(null))
        .bind("rc", rc)
        .bind("msg", cut(message))
        .bind("by", by)
        .bind("id", p.id())
        .map((rs, ctx) -> map(rs))
        .one();
    Map<String, Object> params = new HashMap<>();
    params.put("reference", p.reference());
    params.put("product", p.productName());
    params.put("customer_no", p.customerNo());
    params.put("category", p.category());
    params.put("price", p.sellPrice().rupiah());
    params.put("balance", ledger.balanceOf(h, p.userId()).orElseThrow().rupiah());
    if (success) {
      params.put("sn", sn.orElse(""));
    } else {
      params.put("reason", message == null ? "" : cut(message));
    }
    Outbox.enqueueForUser(h, p.userId(), success ? Outbox.Kind.PPOB_SUCCESS : Outbox.Kind.PPOB_FAILED, params,
        "ppob-" + wanted.name().toLowerCase() + ":" + p.reference());
    return new SettleResult.Settled(updated);
  }

  private static String cut(String s) {
    return s == null ? null : s.length() > 300 ? s.substring(0, 300) : s;
  }

  /** The provider has not decided: ask again at {@code next}. */
  public void reschedule(String reference, Instant next) {
    jdbi.useHandle(h -> h.createUpdate(
            "UPDATE ppob_purchases SET attempts = attempts + 1, next_check_at = :n WHERE reference = :r AND status = 'pending'")
        .bind("n", Timestamp.from(next))
        .bind("r", reference)
        .execute());
  }

  /** Pending purchases whose next check is due, oldest first. */
  public List<PpobPurchase> due(Instant now, int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM ppob_purchases WHERE status = 'pending' AND next_check_at <= :now "
                + "ORDER BY next_check_at LIMIT :n")
        .bind("now", Timestamp.from(now))
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /**
   * Alerts the admins, once per purchase, about purchases pending longer than {@code review};
   * returns them.
   */
  public List<PpobPurchase> alertStuck(Instant now, Duration review) {
    return jdbi.inTransaction(h -> {
      List<PpobPurchase> stuck = h.createQuery(
              "UPDATE ppob_purchases SET review_alerted_at = :now WHERE status = 'pending' AND review_alerted_at IS NULL "
                  + "AND created_at < :before RETURNING " + COLUMNS)
          .bind("now", Timestamp.from(now))
          .bind("before", Timestamp.from(now.minus(review)))
          .map((rs, ctx) -> map(rs))
          .list();
      for (PpobPurchase p : stuck) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("problem", "ppob_pending_too_long");
        params.put("reference", p.reference());
        params.put("product", p.productName());
        params.put("customer", Operators.mask(p.customerNo()));
        params.put("amount", p.sellPrice().rupiah());
        params.put("since", p.createdAt().toString());
        alerts.alert(h, "ppob-stuck:" + p.reference(), params);
      }
      return stuck;
    });
  }

  public Optional<PpobPurchase> byReference(String reference) {
    return jdbi.withHandle(h -> byReference(h, reference));
  }

  public Optional<PpobPurchase> byReference(Handle h, String reference) {
    return h.createQuery("SELECT " + COLUMNS + " FROM ppob_purchases WHERE reference = :r")
        .bind("r", reference.strip().toUpperCase())
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private static Optional<PpobPurchase> byKey(Handle h, String key) {
    return h.createQuery("SELECT " + COLUMNS + " FROM ppob_purchases WHERE idempotency_key = :k")
        .bind("k", key)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Settled purchases, newest first (what the reconciliation with the provider asks about). */
  public List<PpobPurchase> recentlySettled(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM ppob_purchases WHERE status <> 'pending' ORDER BY resolved_at DESC, id DESC LIMIT :n")
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** Pending purchases, oldest first (the admins' view). */
  public List<PpobPurchase> pending(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM ppob_purchases WHERE status = 'pending' ORDER BY id LIMIT :n")
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** BizPro's PPOB margin per WIB day (succeeded purchases by the day they succeeded), newest first. */
  public Map<LocalDate, Money> marginPerDay(int days) {
    Map<LocalDate, Money> out = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery(
            """
            SELECT (resolved_at AT TIME ZONE 'Asia/Jakarta')::date AS day, sum(sell_price - provider_price) AS margin
              FROM ppob_purchases
             WHERE status = 'success' AND resolved_at >= now() - make_interval(days => :d)
             GROUP BY 1 ORDER BY 1 DESC
            """)
        .bind("d", days)
        .map((rs, ctx) -> {
          out.put(rs.getObject("day", LocalDate.class), Money.rupiah(rs.getLong("margin")));
          return null;
        })
        .list());
    return out;
  }

  static PpobPurchase map(ResultSet rs) throws SQLException {
    long pp = rs.getLong("provider_price");
    boolean ppNull = rs.wasNull();
    return new PpobPurchase(
        rs.getLong("id"),
        rs.getString("reference"),
        rs.getLong("user_id"),
        rs.getString("sku"),
        rs.getString("product_name"),
        rs.getString("category"),
        rs.getString("customer_no"),
        Money.rupiah(rs.getLong("sell_price")),
        Money.rupiah(rs.getLong("max_price")),
        PpobPurchase.Status.valueOf(rs.getString("status").toUpperCase()),
        rs.getLong("hold_transfer_id"),
        ppNull ? Optional.empty() : Optional.of(Money.rupiah(pp)),
        Optional.ofNullable(rs.getString("sn")),
        Optional.ofNullable(rs.getString("rc")),
        Optional.ofNullable(rs.getString("message")),
        Optional.ofNullable(rs.getString("resolved_by")),
        rs.getInt("attempts"),
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("resolved_at")).map(Timestamp::toInstant));
  }
}
