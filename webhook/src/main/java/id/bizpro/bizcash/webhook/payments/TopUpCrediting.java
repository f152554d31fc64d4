package id.bizpro.bizcash.webhook.payments;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.Callbacks.Outcome;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.topup.TopUpOrders.PayResult;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Turns "money arrived for order X" from any provider into one ledger effect and a stored outcome:
 * credited (late when the order had expired; the part over the balance cap held), already paid (the
 * same payment again), held in suspense (a second, distinct payment, or an amount that is not the
 * order's total: the user and every admin told), or unknown order (404). Runs in the caller's
 * transaction, after the callback has been claimed, so the money and the stored callback commit
 * together. Thread-safe.
 */
public final class TopUpCrediting {
  private final TopUpOrders orders;
  private final WebhookMetrics metrics;

  public TopUpCrediting(TopUpOrders orders, WebhookMetrics metrics) {
    this.orders = orders;
    this.metrics = metrics;
  }

  /**
   * @param providerReference the provider's id of this payment (Midtrans transaction id, bank
   *     reference, mutation id): a paid order told the same payment again changes nothing, told
   *     another one holds it in suspense
   */
  public Outcome credit(Handle h, long callbackId, String provider, String reference, Money paid, String providerReference) {
    return credit(h, callbackId, provider, reference, paid, providerReference, Optional.empty());
  }

  /** As above, with the payer's name where the provider gives one (told to a payment link's payee). */
  public Outcome credit(Handle h, long callbackId, String provider, String reference, Money paid, String providerReference,
      Optional<String> payerName) {
    PayResult result = orders.pay(h, reference,
        TopUpOrders.Payment.of(provider, providerReference, paid, callbackId).payer(payerName));
    return switch (result) {
      case PayResult.Credited c -> {
        // Counted before commit: a rare rollback after this point over-counts, never under-counts.
        metrics.credited(provider, c.toWallet().rupiah());
        Outcome o = Outcome.of(c.late() ? "credited_late" : "credited", 200).about(c.order().reference(), paid.rupiah());
        yield c.held().map(r -> o.withError("credited " + c.toWallet().rupiah() + "; " + r.amount().rupiah()
            + " over the balance cap held as " + r.reference())).orElse(o);
      }
      case PayResult.AlreadyPaid a -> Outcome.of("already_paid", 200).about(a.order().reference(), paid.rupiah());
      case PayResult.Held held -> held(held.receipt(), held.order().reference(), paid);
      case PayResult.NotFound n ->
          Outcome.of("unknown_order", 404).about(reference, paid.rupiah()).withError("no top-up order " + reference);
    };
  }

  /** The answer for money held in suspense: 200 (the money is accounted for), with the receipt named. */
  public static Outcome held(UnappliedReceipts.Receipt r, String subject, Money paid) {
    String outcome = switch (r.reason()) {
      case SECOND_PAYMENT -> "second_payment";
      case AMOUNT_MISMATCH -> "mismatch";
      case UNMATCHED -> "unmatched";
      case AMBIGUOUS -> "ambiguous";
      case OVER_CAP -> "over_cap";
    };
    return Outcome.of(outcome, 200)
        .about(Optional.ofNullable(subject).orElse(r.reference()), paid.rupiah())
        .withError("held in suspense as " + r.reference() + " (" + r.reason().dbName() + "); nothing credited");
  }
}
