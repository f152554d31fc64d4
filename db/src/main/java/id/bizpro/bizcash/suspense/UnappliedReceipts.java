package id.bizpro.bizcash.suspense;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.Transfer;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.platform.PlatformCallbacks;
import id.bizpro.bizcash.platform.PlatformCredits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Money BizPro received but could not apply to a wallet when it arrived, held in the suspense
 * account ({@link SystemAccount#UNAPPLIED_RECEIPTS}) until an admin credits it to a wallet or
 * refunds it, or the gateway takes it back.
 *
 * <p>Guarantees: a receipt is booked in the caller's transaction (the callback that reported the
 * money commits with it), with the user told (when known) and every admin alerted through the
 * outbox in that same transaction; the open receipts' amounts always sum to the suspense balance;
 * each receipt is resolved at most once — resolutions lock the row and use idempotency keys derived
 * from it, so a double tap or a second admin changes nothing. Thread-safe, stateless.
 */
public final class UnappliedReceipts {
  public static final String PREFIX = "SUS";

  private static final String COLUMNS =
      "r.id, r.reference, r.provider, r.provider_reference, r.amount, r.reason, r.callback_id, r.user_id, r.status,"
          + " r.created_at, r.resolved_at, r.resolution_note, o.reference AS order_reference";

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final PaymentAlerts alerts;
  private final References references;

  public UnappliedReceipts(Jdbi jdbi, Ledger ledger, PaymentAlerts alerts) {
    this(jdbi, ledger, alerts, new References());
  }

  public UnappliedReceipts(Jdbi jdbi, Ledger ledger, PaymentAlerts alerts, References references) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.alerts = alerts;
    this.references = references;
  }

  /** Why a receipt could not be applied. The database name is the lower-case constant name. */
  public enum Reason {
    /** A distinct payment for an order that another payment had already paid. */
    SECOND_PAYMENT,
    /** The amount paid is not the order's total. */
    AMOUNT_MISMATCH,
    /** A bank credit that no order claims. */
    UNMATCHED,
    /** A bank credit that several orders could claim: never a guess. */
    AMBIGUOUS,
    /** The part of a top-up that would have pushed the wallet over the balance cap. */
    OVER_CAP;

    public String dbName() {
      return name().toLowerCase();
    }
  }

  public enum Status {
    OPEN,
    CREDITED,
    REFUNDED,
    REVERSED
  }

  /** A receipt in suspense (or resolved from it). */
  public record Receipt(
      long id, String reference, String provider, Optional<String> providerReference, Money amount, Reason reason,
      Optional<Long> callbackId, Optional<Long> userId, Optional<String> orderReference, Status status,
      Instant createdAt, Optional<Instant> resolvedAt, Optional<String> resolutionNote) {}

  /**
   * What arrived: who sent it (provider and its reference), how much, why it is held, and what is
   * known of whose it is. {@code callbackId} is empty when no callback carried it (an admin credit
   * over the cap).
   */
  public record Arrival(
      String provider, Optional<String> providerReference, Money amount, Reason reason, Optional<Long> callbackId,
      Optional<Long> orderId, Optional<String> orderReference, Optional<Long> userId) {}

  /**
   * Books {@code a} into suspense in the caller's transaction: a {@code suspense_receipt} transfer
   * from clearing, the receipt row, the user's message and the admins' alert. {@code key} is the
   * idempotency key of the money move (e.g. derived from the callback that reported it).
   */
  public Receipt hold(Handle h, String key, Arrival a) {
    String label = a.orderReference().orElse(a.providerReference().orElse(a.provider()));
    LedgerResult result = ledger.execute(h, new TransferRequest.SuspenseReceipt(key, a.amount(), a.userId(), label));
    Transfer transfer = switch (result) {
      case LedgerResult.Done d -> d.transfer();
      case LedgerResult.AlreadyDone d -> d.transfer();
      default -> throw new IllegalStateException("suspense receipt " + key + " refused: " + result);
    };
    return record(h, a, transfer.id());
  }

  /**
   * Records a receipt whose money a transfer already moved into suspense (the over-cap part of a
   * top-up credit), and tells the user and the admins.
   */
  public Receipt record(Handle h, Arrival a, long receiptTransferId) {
    Receipt r = insert(h, a, receiptTransferId);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("receipt", r.reference());
    user.put("reason", a.reason().dbName());
    user.put("amount", a.amount().rupiah());
    a.orderReference().ifPresent(o -> user.put("reference", o));
    a.userId().ifPresent(u ->
        Outbox.enqueueForUser(h, u, Outbox.Kind.PAYMENT_HELD, user, "payment-held:" + r.reference()));
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("problem", "suspense_" + a.reason().dbName());
    alert.put("receipt", r.reference());
    alert.put("provider", a.provider());
    a.providerReference().ifPresent(p -> alert.put("provider_reference", p));
    a.orderReference().ifPresent(o -> alert.put("reference", o));
    alert.put("paid", a.amount().rupiah());
    a.callbackId().ifPresent(c -> alert.put("callback_id", c));
    alerts.alert(h, "receipt:" + r.reference(), alert);
    return r;
  }

  private Receipt insert(Handle h, Arrival a, long receiptTransferId) {
    for (int attempt = 0; ; attempt++) {
      Optional<Long> id = h.createQuery(
              """
              INSERT INTO unapplied_receipts (reference, provider, provider_reference, amount, reason, callback_id,
                                              order_id, user_id, receipt_transfer_id)
              VALUES (:ref, :provider, :pref, :amount, :reason, :callback, :order, :user, :transfer)
              ON CONFLICT (reference) DO NOTHING
              RETURNING id
              """)
          .bind("ref", references.next(PREFIX))
          .bind("provider", a.provider())
          .bind("pref", a.providerReference().orElse(null))
          .bind("amount", a.amount().rupiah())
          .bind("reason", a.reason().dbName())
          .bind("callback", a.callbackId().orElse(null))
          .bind("order", a.orderId().orElse(null))
          .bind("user", a.userId().orElse(null))
          .bind("transfer", receiptTransferId)
          .mapTo(Long.class)
          .findOne();
      if (id.isPresent()) {
        return byId(h, id.get(), false).orElseThrow();
      }
      if (attempt > 20) {
        throw new IllegalStateException("no free receipt reference");
      }
    }
  }

  /** An open or resolved receipt by its id. */
  public Optional<Receipt> byId(long id) {
    return jdbi.withHandle(h -> byId(h, id, false));
  }

  /** Open receipts, oldest first. */
  public List<Receipt> open(int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM unapplied_receipts r LEFT JOIN topup_orders o ON o.id = r.order_id"
                + " WHERE r.status = 'open' ORDER BY r.id LIMIT :n")
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  public int openCount() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM unapplied_receipts WHERE status = 'open'")
        .mapTo(Integer.class).one());
  }

  /** What suspense holds: the sum of the open receipts. */
  public Money openTotal() {
    return jdbi.withHandle(h -> Money.rupiah(h.createQuery(
            "SELECT coalesce(sum(amount), 0) FROM unapplied_receipts WHERE status = 'open'")
        .mapTo(Long.class).one()));
  }

  public Optional<Receipt> byReference(String reference) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM unapplied_receipts r LEFT JOIN topup_orders o ON o.id = r.order_id"
                + " WHERE r.reference = :ref")
        .bind("ref", reference.strip().toUpperCase())
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  /** An open receipt of this provider's payment (a gateway may take it back later). */
  public Optional<Receipt> openByProviderReference(Handle h, String provider, String providerReference) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM unapplied_receipts r LEFT JOIN topup_orders o ON o.id = r.order_id"
                + " WHERE r.provider = :p AND r.provider_reference = :ref AND r.status = 'open' ORDER BY r.id LIMIT 1"
                + " FOR UPDATE OF r")
        .bind("p", provider)
        .bind("ref", providerReference)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** The receipt, its row locked for a resolution in the caller's transaction. */
  public Receipt lockedById(Handle h, long id) {
    return byId(h, id, true).orElseThrow();
  }

  private Optional<Receipt> byId(Handle h, long id, boolean forUpdate) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM unapplied_receipts r LEFT JOIN topup_orders o ON o.id = r.order_id"
                + " WHERE r.id = :id" + (forUpdate ? " FOR UPDATE OF r" : ""))
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** The outcome of an admin's "credit to the user's wallet". */
  public sealed interface CreditResult {
    /** Credited {@code credited}; when the cap left no room for all of it, the rest stays held as {@code rest}. */
    record Credited(Receipt receipt, Money credited, Optional<Receipt> rest) implements CreditResult {}

    /** Resolved before (by this or another admin): nothing changed. */
    record AlreadyResolved(Receipt receipt) implements CreditResult {}

    /** Nobody is known to own this money: refund it instead. */
    record NoUser(Receipt receipt) implements CreditResult {}

    /** The wallet is at the balance cap: nothing can be credited now. */
    record AtCap(Receipt receipt, Money cap) implements CreditResult {}

    record NotFound() implements CreditResult {}
  }

  /**
   * Credits an open receipt to its user's wallet (suspense → wallet, one idempotent transfer keyed
   * by the receipt), up to the balance cap: a part that does not fit stays in suspense as a new
   * receipt. The user is told in the same transaction.
   */
  public CreditResult creditToWallet(long receiptId, long adminTelegramId) {
    return jdbi.inTransaction(h -> creditToWallet(h, receiptId, adminTelegramId));
  }

  /** {@link #creditToWallet(long, long)} in the caller's transaction (an admin's chat turn). */
  public CreditResult creditToWallet(Handle h, long receiptId, long adminTelegramId) {
    {
      Optional<Receipt> found = byId(h, receiptId, true);
      if (found.isEmpty()) {
        return new CreditResult.NotFound();
      }
      Receipt r = found.get();
      if (r.status() != Status.OPEN) {
        return new CreditResult.AlreadyResolved(r);
      }
      if (r.userId().isEmpty()) {
        return new CreditResult.NoUser(r);
      }
      long user = r.userId().get();
      Money balance = ledger.lockForDecision(h, List.of(SystemAccount.UNAPPLIED_RECEIPTS), List.of(user)).get(user);
      Money room = ledger.limits().balanceCap().minus(balance);
      if (!room.isPositive()) {
        return new CreditResult.AtCap(r, ledger.limits().balanceCap());
      }
      Money credit = r.amount().isGreaterThan(room) ? room : r.amount();
      LedgerResult result = ledger.execute(h,
          new TransferRequest.SuspenseCredit("suspense-credit:" + r.reference(), user, credit, r.reference()));
      Transfer t = switch (result) {
        case LedgerResult.Done d -> d.transfer();
        default -> throw new IllegalStateException("suspense credit of " + r.reference() + " refused: " + result);
      };
      resolve(h, r.id(), Status.CREDITED, t.id(), adminTelegramId, null);
      Optional<Receipt> rest = Optional.empty();
      if (credit.isLessThan(r.amount())) {
        Arrival remainder = new Arrival(r.provider(), r.providerReference(), r.amount().minus(credit), Reason.OVER_CAP,
            r.callbackId(), orderId(h, r.id()), r.orderReference(), r.userId());
        rest = Optional.of(record(h, remainder, t.id()));
      }
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("receipt", r.reference());
      params.put("amount", credit.rupiah());
      params.put("balance", ledger.balanceOf(h, user).orElseThrow().rupiah());
      r.orderReference().ifPresent(o -> params.put("reference", o));
      Outbox.enqueueForUser(h, user, Outbox.Kind.RECEIPT_CREDITED, params, "receipt-credited:" + r.reference());
      if (fromPlatform(r)) {
        PlatformCallbacks.heldPartCredited(h, r.providerReference().orElse(""), r.reference(), credit, t.id(),
            r.amount().minus(credit), rest.map(Receipt::reference));
      }
      return new CreditResult.Credited(byId(h, r.id(), false).orElseThrow(), credit, rest);
    }
  }

  /** The outcome of an admin's "mark refunded". */
  public sealed interface RefundResult {
    record Refunded(Receipt receipt) implements RefundResult {}

    record AlreadyResolved(Receipt receipt) implements RefundResult {}

    record NotFound() implements RefundResult {}
  }

  /**
   * Records that the money of an open receipt was sent back to the payer's bank (suspense →
   * payouts settled), with the bank's reference of that transfer.
   */
  public RefundResult markRefunded(long receiptId, long adminTelegramId, String bankReference) {
    return jdbi.inTransaction(h -> markRefunded(h, receiptId, adminTelegramId, bankReference));
  }

  /** {@link #markRefunded(long, long, String)} in the caller's transaction (an admin's chat turn). */
  public RefundResult markRefunded(Handle h, long receiptId, long adminTelegramId, String bankReference) {
    {
      Optional<Receipt> found = byId(h, receiptId, true);
      if (found.isEmpty()) {
        return new RefundResult.NotFound();
      }
      Receipt r = found.get();
      if (r.status() != Status.OPEN) {
        return new RefundResult.AlreadyResolved(r);
      }
      boolean platform = fromPlatform(r);
      Transfer t = release(h, r,
          platform ? TransferRequest.Release.RETURNED_TO_PLATFORM : TransferRequest.Release.REFUNDED_TO_PAYER);
      resolve(h, r.id(), Status.REFUNDED, t.id(), adminTelegramId, bankReference);
      Map<String, Object> params = new LinkedHashMap<>(
          Map.of("receipt", r.reference(), "amount", r.amount().rupiah(), "bank_reference", bankReference));
      if (platform) {
        params.put("to", PlatformCredits.PROVIDER); // the user is told it went back to BizPro
      }
      r.userId().ifPresent(u -> Outbox.enqueueForUser(h, u, Outbox.Kind.RECEIPT_REFUNDED, params,
          "receipt-refunded:" + r.reference()));
      if (platform) {
        PlatformCallbacks.heldPartReturned(h, r.providerReference().orElse(""), r.reference(), r.amount(), bankReference);
      }
      return new RefundResult.Refunded(byId(h, r.id(), false).orElseThrow());
    }
  }

  /**
   * Whether the receipt is part of a platform credit held over the balance cap: "refunding" it
   * hands it back to BizPro's platform account, not to a bank.
   */
  public static boolean fromPlatform(Receipt r) {
    return PlatformCredits.PROVIDER.equals(r.provider());
  }

  /** The gateway took back a payment held in suspense: suspense → clearing, in the caller's transaction. */
  public Receipt reverse(Handle h, Receipt r, String why) {
    Transfer t = release(h, r, TransferRequest.Release.REVERSED_BY_GATEWAY);
    resolve(h, r.id(), Status.REVERSED, t.id(), null, why);
    return byId(h, r.id(), false).orElseThrow();
  }

  private Transfer release(Handle h, Receipt r, TransferRequest.Release release) {
    String key = (release == TransferRequest.Release.REVERSED_BY_GATEWAY ? "suspense-reversal:" : "suspense-refund:")
        + r.reference();
    LedgerResult result = ledger.execute(h, new TransferRequest.SuspenseRelease(key, r.amount(), r.reference(), release));
    return switch (result) {
      case LedgerResult.Done d -> d.transfer();
      default -> throw new IllegalStateException("releasing " + r.reference() + " refused: " + result);
    };
  }

  private static void resolve(Handle h, long id, Status status, long transferId, Long admin, String note) {
    h.createUpdate(
            """
            UPDATE unapplied_receipts SET status = :s, resolution_transfer_id = :t, resolved_by = :admin,
                   resolution_note = :note, resolved_at = now()
            WHERE id = :id
            """)
        .bind("s", status.name().toLowerCase())
        .bind("t", transferId)
        .bind("admin", admin)
        .bind("note", note)
        .bind("id", id)
        .execute();
  }

  private static Optional<Long> orderId(Handle h, long receiptId) {
    return h.createQuery("SELECT order_id FROM unapplied_receipts WHERE id = :id")
        .bind("id", receiptId)
        .mapTo(Long.class)
        .findOne();
  }

  private static Receipt map(ResultSet rs) throws SQLException {
    long callback = rs.getLong("callback_id");
    Optional<Long> callbackId = rs.wasNull() ? Optional.empty() : Optional.of(callback);
    long user = rs.getLong("user_id");
    Optional<Long> userId = rs.wasNull() ? Optional.empty() : Optional.of(user);
    return new Receipt(
        rs.getLong("id"), rs.getString("reference"), rs.getString("provider"),
        Optional.ofNullable(rs.getString("provider_reference")), Money.rupiah(rs.getLong("amount")),
        Reason.valueOf(rs.getString("reason").toUpperCase()), callbackId, userId,
        Optional.ofNullable(rs.getString("order_reference")), Status.valueOf(rs.getString("status").toUpperCase()),
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("resolved_at")).map(java.sql.Timestamp::toInstant),
        Optional.ofNullable(rs.getString("resolution_note")));
  }
}
