package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A gateway takes back a payment it had confirmed (Midtrans {@code cancel}, {@code deny}, {@code
 * expire}, {@code refund}, {@code chargeback} after a credited capture or settlement). If the
 * payment had credited its order, the credit is reversed (a {@code topup_reversal}: what the wallet
 * still holds of it, and the fee, back to clearing); what the wallet no longer holds is a shortfall
 * that blocks the user's money-out until an admin resolves it. If the payment sat in suspense, it
 * leaves suspense. The user is told and the admins alerted, all in the caller's transaction, once
 * per order. Thread-safe, stateless.
 */
public record TopUpReversals(TopUpOrders orders, Ledger ledger, MoneyOutBlocks blocks, PaymentAlerts alerts) {
  /** What a take-back came to. */
  public sealed interface Result {
    /** The credit was reversed: {@code fromWallet} taken back, {@code shortfall} not covered (money-out blocked). */
    record Reversed(TopUpOrder order, Money fromWallet, Money shortfall) implements Result {}

    /** The payment was held in suspense and has left it. */
    record ReceiptReversed(UnappliedReceipts.Receipt receipt) implements Result {}

    /** Reversed before: nothing changes. */
    record AlreadyReversed(TopUpOrder order) implements Result {}

    /** This payment never credited anything (the order was open, or paid by another payment). */
    record NothingCredited(TopUpOrder order) implements Result {}

    record NotFound() implements Result {}
  }

  /**
   * Takes back the payment {@code providerReference} of {@code provider} for order {@code reference}.
   * {@code why} is the gateway's word for it (cancel, deny, refund, …).
   */
  public Result takeBack(Handle h, String reference, String provider, String providerReference, String why) {
    Optional<TopUpOrder> found = orders.byReferenceForUpdate(h, reference);
    if (found.isEmpty()) {
      return new Result.NotFound();
    }
    TopUpOrder order = found.get();
    Optional<UnappliedReceipts.Receipt> held =
        orders.receipts().openByProviderReference(h, provider, providerReference)
            .filter(r -> r.reason() != UnappliedReceipts.Reason.OVER_CAP);
    if (held.isPresent()) {
      UnappliedReceipts.Receipt r = orders.receipts().reverse(h, held.get(), provider + " " + why);
      alerts.alert(h, "reversal:" + r.reference(), Map.of(
          "problem", "gateway_reversal", "provider", provider, "provider_reference", providerReference,
          "receipt", r.reference(), "reference", reference, "paid", r.amount().rupiah()));
      return new Result.ReceiptReversed(r);
    }
    if (!orders.paidBy(h, order, provider, providerReference)) {
      return new Result.NothingCredited(order);
    }
    if (isReversed(h, order.id())) {
      return new Result.AlreadyReversed(order);
    }
    // The over-cap part of the credit may still sit in suspense: it leaves from there.
    Money target = order.credited();
    for (UnappliedReceipts.Receipt r : openOverCap(h, order)) {
      orders.receipts().reverse(h, r, provider + " " + why);
      target = target.minus(r.amount());
    }
    Money balance = ledger.lockForDecision(h, List.of(SystemAccount.TOPUP_CLEARING, SystemAccount.FEE_REVENUE),
        List.of(order.userId())).get(order.userId());
    Money fromWallet = target.isGreaterThan(balance) ? balance : target;
    Money shortfall = target.minus(fromWallet);
    if (fromWallet.plus(order.fee()).isPositive()) {
      LedgerResult result = ledger.execute(h, new TransferRequest.TopUpReversal(
          "topup-reversal:" + order.reference(), order.userId(), fromWallet, order.fee(), order.reference()));
      if (!result.succeeded()) {
        throw new IllegalStateException("reversal of " + order.reference() + " refused: " + result);
      }
    }
    h.createUpdate("UPDATE topup_orders SET reversed_at = now() WHERE id = :id").bind("id", order.id()).execute();
    if (shortfall.isPositive()) {
      blocks.block(h, order.userId(), order.reference(), shortfall, provider + " " + why);
    }
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("reference", order.reference());
    user.put("amount", fromWallet.rupiah());
    user.put("shortfall", shortfall.rupiah());
    user.put("balance", ledger.balanceOf(h, order.userId()).orElseThrow().rupiah());
    Outbox.enqueueForUser(h, order.userId(), Outbox.Kind.TOPUP_REVERSED, user, "topup-reversed:" + order.reference());
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("problem", shortfall.isPositive() ? "reversal_shortfall" : "gateway_reversal");
    alert.put("provider", provider);
    alert.put("provider_reference", providerReference);
    alert.put("reference", order.reference());
    alert.put("reversed", fromWallet.rupiah());
    alert.put("shortfall", shortfall.rupiah());
    alerts.alert(h, "reversal:" + order.reference(), alert);
    return new Result.Reversed(order, fromWallet, shortfall);
  }

  private static boolean isReversed(Handle h, long orderId) {
    return h.createQuery("SELECT reversed_at IS NOT NULL FROM topup_orders WHERE id = :id")
        .bind("id", orderId).mapTo(Boolean.class).one();
  }

  private List<UnappliedReceipts.Receipt> openOverCap(Handle h, TopUpOrder order) {
    List<Long> ids = h.createQuery(
            "SELECT id FROM unapplied_receipts WHERE order_id = :o AND reason = 'over_cap' AND status = 'open' ORDER BY id")
        .bind("o", order.id()).mapTo(Long.class).list();
    return ids.stream().map(id -> orders.receipts().lockedById(h, id)).toList();
  }
}
