package id.bizpro.bizcash.webhook.payments;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.Callbacks.Outcome;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.topup.TopUpOrders.PayResult;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Turns "money arrived for order X" from any provider into one ledger effect and a stored outcome:
 * credited (late when the order had expired), already paid, mismatch (nothing credited, every
 * admin alerted), or unknown order (404). Runs in the caller's transaction, after the callback has
 * been claimed, so the credit and the stored callback commit together. Thread-safe.
 */
public final class TopUpCrediting {
  private final TopUpOrders orders;
  private final PaymentAlerts alerts;
  private final WebhookMetrics metrics;

  public TopUpCrediting(TopUpOrders orders, PaymentAlerts alerts, WebhookMetrics metrics) {
    this.orders = orders;
    this.alerts = alerts;
    this.metrics = metrics;
  }

  public Outcome credit(Handle h, long callbackId, String provider, String reference, Money paid) {
    PayResult result = orders.pay(h, reference, paid, provider);
    return switch (result) {
      case PayResult.Credited c -> {
        // Counted before commit: a rare rollback after this point over-counts, never under-counts.
        metrics.credited(provider, c.order().credited().rupiah());
        yield Outcome.of(c.late() ? "credited_late" : "credited", 200).about(c.order().reference(), paid.rupiah());
      }
      case PayResult.AlreadyPaid a -> Outcome.of("already_paid", 200).about(a.order().reference(), paid.rupiah());
      case PayResult.AmountMismatch m -> {
        Outcome o = Outcome.of("mismatch", 200)
            .about(m.order().reference(), paid.rupiah())
            .withError("paid " + paid.rupiah() + " but the order's total is " + m.expected().rupiah() + "; nothing credited")
            .forReview();
        alerts.alert(h, callbackId, Map.of(
            "problem", "amount_mismatch", "provider", provider, "reference", m.order().reference(),
            "expected", m.expected().rupiah(), "paid", paid.rupiah(), "callback_id", callbackId));
        yield o;
      }
      case PayResult.NotFound n ->
          Outcome.of("unknown_order", 404).about(reference, paid.rupiah()).withError("no top-up order " + reference);
    };
  }
}
