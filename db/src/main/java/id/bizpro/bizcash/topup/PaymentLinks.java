package id.bizpro.bizcash.topup;

import java.util.Optional;

/**
 * Creates a gateway payment page for a new top-up order (Midtrans Snap when configured). The
 * conversation calls it right after an order is created and, when a link comes back, stores it with
 * {@link TopUpOrders#setPaymentUrl} and shows a pay button. A failure never fails the order: the
 * user can still pay by bank transfer. Implementations are thread-safe and never throw.
 */
@FunctionalInterface
public interface PaymentLinks {

  /** The payment page URL, or empty when there is none (not configured, failed, timed out). */
  Optional<String> create(TopUpOrder order);

  /** No gateway: bank transfer only. */
  static PaymentLinks none() {
    return order -> Optional.empty();
  }
}
