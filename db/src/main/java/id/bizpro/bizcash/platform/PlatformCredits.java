package id.bizpro.bizcash.platform;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.PaymentAlerts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Credits from BizPro's platform account ({@code system:platform_payouts}) to linked users'
 * wallets: project earnings, refunds, bonuses. Every credit, alone or in a batch, goes through one
 * SQL function, {@code platform_credit_batch} (V130), which decides each request in order under
 * the locks of the accounts it touches (the platform account among them), writes the transfer, its
 * entries, the part over {@code BALANCE_CAP} to suspense with an unapplied receipt, the {@code
 * platform_credits} row that makes the idempotency key answer its first result, the daily total and
 * the user's notification (outbox), all in the caller's transaction. Thread-safe.
 */
public final class PlatformCredits {
  /**
   * The provider name of the suspense receipts that hold the part of a credit over the balance cap
   * ({@code platform_credit_batch} writes it; their provider reference is the credit's key).
   */
  public static final String PROVIDER = "bizpro";

  /** What one credit asks for. {@code bodySha256} is the canonical-JSON digest of the request. */
  public record Credit(
      String idempotencyKey, String bodySha256, String bizproUserId, Money amount, Optional<String> note,
      Optional<String> reference) {
    public Credit {
      if (!amount.isPositive()) {
        throw new IllegalArgumentException("a credit must be positive");
      }
    }
  }

  /** The outcomes, as the API names them. */
  public enum Outcome {
    CREDITED, HELD_OVER_CAP, DUPLICATE, CONFLICT, UNKNOWN_USER, NOT_LINKED, OVER_DAILY_LIMIT;

    public String apiName() {
      return name().toLowerCase();
    }

    /** True when the key's money is in the ledger (now or from an earlier request). */
    public boolean moved() {
      return this == CREDITED || this == HELD_OVER_CAP || this == DUPLICATE;
    }
  }

  /**
   * One credit's result. For a duplicate, the amounts are the first request's. {@code balanceAfter}
   * is known only for a credit made now.
   */
  public record Result(
      Outcome outcome, Optional<Long> transferId, Optional<Long> userId, Money credited, Money held,
      Optional<String> receipt, Optional<Money> balanceAfter, Optional<String> reference) {}

  private final Jdbi jdbi;
  private final Optional<Money> dailyLimit;
  private final Optional<Money> balanceCap;
  private final PaymentAlerts alerts;

  /**
   * @param dailyLimit PLATFORM_CREDIT_DAILY_LIMIT: what the platform account may pay in per WIB day
   * @param balanceCap BALANCE_CAP: a wallet never holds more; the rest goes to suspense
   */
  public PlatformCredits(Jdbi jdbi, Optional<Money> dailyLimit, Optional<Money> balanceCap) {
    this(jdbi, dailyLimit, balanceCap, PaymentAlerts.none());
  }

  /** @param alerts who is alerted when a credit is held in suspense (as for a top-up over the cap) */
  public PlatformCredits(Jdbi jdbi, Optional<Money> dailyLimit, Optional<Money> balanceCap, PaymentAlerts alerts) {
    this.jdbi = jdbi;
    this.dailyLimit = dailyLimit;
    this.balanceCap = balanceCap;
    this.alerts = alerts;
  }

  public Optional<Money> dailyLimit() {
    return dailyLimit;
  }

  /** Writes {@code credits} in order in the caller's transaction; one result per credit, same order. */
  public List<Result> write(Handle h, List<Credit> credits) {
    int n = credits.size();
    if (n == 0) {
      return List.of();
    }
    String[] keys = new String[n];
    String[] hashes = new String[n];
    String[] bizpro = new String[n];
    Long[] amounts = new Long[n];
    String[] notes = new String[n];
    String[] refs = new String[n];
    for (int i = 0; i < n; i++) {
      Credit c = credits.get(i);
      keys[i] = c.idempotencyKey();
      hashes[i] = c.bodySha256();
      bizpro[i] = c.bizproUserId();
      amounts[i] = c.amount().rupiah();
      notes[i] = c.note().orElse(null);
      refs[i] = c.reference().orElse(null);
    }
    List<Result> results = new ArrayList<>(n);
    h.createQuery(
            """
            SELECT ord, outcome, transfer_id, user_id, credited, held, receipt, balance_after, reference
              FROM platform_credit_batch(:keys, :hashes, :bizpro, :amounts, :notes, :refs, :limit, :cap)
             ORDER BY ord
            """)
        .bind("keys", keys)
        .bind("hashes", hashes)
        .bind("bizpro", bizpro)
        .bind("amounts", amounts)
        .bind("notes", notes)
        .bind("refs", refs)
        .bind("limit", dailyLimit.map(Money::rupiah).orElse(null))
        .bind("cap", balanceCap.map(Money::rupiah).orElse(null))
        .map((rs, ctx) -> new Result(
            Outcome.valueOf(rs.getString("outcome").toUpperCase()),
            Optional.ofNullable((Long) rs.getObject("transfer_id", Long.class)),
            Optional.ofNullable((Long) rs.getObject("user_id", Long.class)),
            Money.rupiah(rs.getLong("credited")),
            Money.rupiah(rs.getLong("held")),
            Optional.ofNullable(rs.getString("receipt")),
            Optional.ofNullable(rs.getObject("balance_after", Long.class)).map(Money::rupiah),
            Optional.ofNullable(rs.getString("reference"))))
        .forEach(results::add);
    if (results.size() != n) {
      throw new IllegalStateException("platform_credit_batch answered " + results.size() + " of " + n);
    }
    // Money held in suspense: the admins are alerted as for a top-up over the cap (the user's
    // notification, written by the function, says it is held).
    for (int i = 0; i < n; i++) {
      Result r = results.get(i);
      if (r.outcome() == Outcome.HELD_OVER_CAP) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("problem", "suspense_over_cap");
        alert.put("receipt", r.receipt().orElseThrow());
        alert.put("provider", PROVIDER);
        alert.put("provider_reference", credits.get(i).idempotencyKey());
        credits.get(i).reference().ifPresent(ref -> alert.put("reference", ref));
        alert.put("paid", r.held().rupiah());
        alerts.alert(h, "receipt:" + r.receipt().orElseThrow(), alert);
      }
    }
    return results;
  }

  /** Writes {@code credits} in one transaction of their own. */
  public List<Result> write(List<Credit> credits) {
    return jdbi.inTransaction(h -> write(h, credits));
  }

  /** What the platform account paid in today (WIB). */
  public Money creditedToday() {
    return Money.rupiah(jdbi.withHandle(h -> h.createQuery(
            "SELECT coalesce((SELECT credited FROM platform_credit_days WHERE day = (now() AT TIME ZONE 'Asia/Jakarta')::date), 0)")
        .mapTo(Long.class).one()));
  }
}
