package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.Transfer;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * How a confirmed payment meets its order ({@link TopUpOrders#pay}): credited once (late when the
 * order had closed; the part over the balance cap held in suspense), a repeat of the same payment
 * changing nothing, or a second payment / a wrong amount held in suspense with the user and the
 * admins told. Split from {@link TopUpOrders} for size; stateless and thread-safe.
 */
final class TopUpPayments {
  private final TopUpOrders orders;
  private final Ledger ledger;
  private final MoneyRules rules;
  private final Clock clock;
  private final UnappliedReceipts receipts;

  TopUpPayments(TopUpOrders orders, Ledger ledger, MoneyRules rules, Clock clock, UnappliedReceipts receipts) {
    this.orders = orders;
    this.ledger = ledger;
    this.rules = rules;
    this.clock = clock;
    this.receipts = receipts;
  }

  /**
   * Applies a confirmed payment to the order inside the caller's transaction (the webhook stores
   * its callback in the same one). Money received is never dropped: it pays its own order (late
   * when the order had expired or been cancelled), or it is held in suspense.
   */
  TopUpOrders.PayResult pay(Handle h, String reference, TopUpOrders.Payment payment) {
    Optional<TopUpOrder> found = orders.byReferenceForUpdate(h, reference);
    if (found.isEmpty()) {
      return new TopUpOrders.PayResult.NotFound();
    }
    TopUpOrder order = found.get();
    Money paid = payment.paid();
    if (order.status() == TopUpOrder.Status.PAID) {
      if (payment.provider().equals(order.paidVia().orElse(null))
          && payment.providerReference().equals(paidReference(h, order.id()))) {
        return new TopUpOrders.PayResult.AlreadyPaid(order);
      }
      return new TopUpOrders.PayResult.Held(order, hold(h, order, payment, UnappliedReceipts.Reason.SECOND_PAYMENT));
    }
    if (!paid.equals(order.total())) {
      return new TopUpOrders.PayResult.Held(order, hold(h, order, payment, UnappliedReceipts.Reason.AMOUNT_MISMATCH));
    }
    boolean late = order.status() != TopUpOrder.Status.OPEN || !order.expiresAt().isAfter(clock.instant());
    // How much fits under the cap is decided with the wallet locked (in the ledger's lock order),
    // so no transfer to this user can slip in between the decision and the credit.
    Money balance = ledger.lockForDecision(h,
            List.of(SystemAccount.TOPUP_CLEARING, SystemAccount.FEE_REVENUE, SystemAccount.UNAPPLIED_RECEIPTS),
            List.of(order.userId()))
        .get(order.userId());
    Money room = rules.balanceCap().minus(balance);
    Money held = order.credited().isGreaterThan(room)
        ? order.credited().minus(room.isNegative() ? Money.ZERO : room)
        : Money.ZERO;
    LedgerResult result =
        ledger.execute(
            h,
            new TransferRequest.TopUpCredit(
                "topup:" + order.reference(), order.userId(), order.credited(), order.fee(), order.reference(), held));
    Transfer transfer =
        switch (result) {
          case LedgerResult.Done d -> d.transfer();
          case LedgerResult.AlreadyDone d -> d.transfer();
          default -> throw new IllegalStateException("top-up credit of " + order.reference() + " refused: " + result);
        };
    TopUpOrder updated =
        h.createQuery(
                "UPDATE topup_orders SET status = 'paid', transfer_id = :t, paid_late = :late, paid_via = :via, "
                    + "paid_reference = :pref, closed_at = coalesce(closed_at, :now) WHERE id = :id RETURNING "
                    + TopUpOrders.COLUMNS)
            .bind("t", transfer.id())
            .bind("late", late)
            .bind("via", payment.provider())
            .bind("pref", payment.providerReference().orElse(null))
            .bind("now", clock.instant())
            .bind("id", order.id())
            .map((rs, ctx) -> TopUpOrders.map(rs))
            .one();
    Money toWallet = order.credited().minus(held);
    Optional<UnappliedReceipts.Receipt> receipt = Optional.empty();
    if (held.isPositive()) {
      receipt = Optional.of(receipts.record(h, arrival(order, payment, held, UnappliedReceipts.Reason.OVER_CAP),
          transfer.id()));
    }
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("reference", order.reference());
    params.put("amount", toWallet.rupiah());
    params.put("balance", ledger.balanceOf(h, order.userId()).orElseThrow().rupiah());
    params.put("late", late);
    if (held.isPositive()) {
      params.put("held", held.rupiah());
    }
    if (TopUpOrders.isPayLink(order)) {
      PayLinks.paid(h, updated, payment, params);
    } else {
      Outbox.enqueueForUser(h, order.userId(), Outbox.Kind.TOPUP_CREDITED, params, "topup-credited:" + order.reference());
    }
    return new TopUpOrders.PayResult.Credited(updated, transfer, late, toWallet, receipt);
  }

  private UnappliedReceipts.Receipt hold(Handle h, TopUpOrder order, TopUpOrders.Payment payment, UnappliedReceipts.Reason reason) {
    String key = "receipt:" + payment.provider() + ":"
        + payment.callbackId().map(String::valueOf).orElseGet(() -> payment.providerReference().orElse(order.reference()));
    return receipts.hold(h, key, arrival(order, payment, payment.paid(), reason));
  }

  private static UnappliedReceipts.Arrival arrival(TopUpOrder order, TopUpOrders.Payment payment, Money amount,
      UnappliedReceipts.Reason reason) {
    return new UnappliedReceipts.Arrival(payment.provider(), payment.providerReference(), amount, reason,
        payment.callbackId(), Optional.of(order.id()), Optional.of(order.reference()), Optional.of(order.userId()));
  }

  /** Which payment paid the order (empty for orders paid before payments were told apart). */
  private static Optional<String> paidReference(Handle h, long orderId) {
    return h.createQuery("SELECT paid_reference FROM topup_orders WHERE id = :id")
        .bind("id", orderId)
        .mapTo(String.class)
        .findOne();
  }

  /**
   * Marks a paid order's payment as taken back by the gateway; the caller reverses the money. Returns
   * false when the order was not paid by that payment.
   */
  boolean paidBy(Handle h, TopUpOrder order, String provider, String providerReference) {
    return order.status() == TopUpOrder.Status.PAID
        && provider.equals(order.paidVia().orElse(null))
        && Optional.of(providerReference).equals(paidReference(h, order.id()));
  }
}
