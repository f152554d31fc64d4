package id.bizpro.bizcash.webhook.midtrans;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.Callbacks.Outcome;
import id.bizpro.bizcash.payment.GatewayOrders;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.topup.TopUpReversals;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import id.bizpro.bizcash.webhook.JsonFields;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.payments.TopUpCrediting;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /webhooks/midtrans}: Midtrans' HTTP notification for a Snap transaction whose
 * order_id is our top-up reference. Authentic when {@code signature_key} = SHA-512 hex of order_id
 * + status_code + gross_amount + server key. settlement, or capture with fraud_status accept, pays
 * the order — but only once Midtrans' Get Status API confirms it (status paid, same amount): a
 * disagreement goes to review with nothing credited, and no answer at all is a 503 so that Midtrans
 * retries. pending and a capture under challenge are acknowledged. cancel, deny, expire, failure,
 * refund and chargeback of a transaction that had credited its order reverse the credit (a
 * shortfall blocks the user's money-out); of a payment held in suspense, release it; otherwise an
 * open order is closed (expire as expired, the rest as cancelled). Partial refunds and chargebacks
 * go to an admin. One event is (order, transaction, status): Midtrans' retries of it are handled
 * once. Thread-safe.
 */
public final class MidtransRoute implements Handler {
  public static final String PROVIDER = "midtrans";

  private final Jdbi jdbi;
  private final String serverKey;
  private final CallbackIntake intake;
  private final TopUpCrediting crediting;
  private final TopUpOrders orders;
  private final PaymentAlerts alerts;
  private final MidtransStatusClient status;

  public MidtransRoute(Jdbi jdbi, String serverKey, CallbackIntake intake, TopUpCrediting crediting, TopUpOrders orders,
      PaymentAlerts alerts, MidtransStatusClient status) {
    this.jdbi = jdbi;
    this.serverKey = serverKey;
    this.intake = intake;
    this.crediting = crediting;
    this.orders = orders;
    this.alerts = alerts;
    this.status = status;
  }

  /** The signature Midtrans puts in a notification, for tests and tools. */
  public static String signature(String orderId, String statusCode, String grossAmount, String serverKey) {
    return Signatures.sha512Hex(orderId + statusCode + grossAmount + serverKey);
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = intake.body(ctx, PROVIDER);
    String raw = CallbackIntake.text(body);
    Map<String, String> headers = CallbackIntake.headers(ctx, "User-Agent", "X-Forwarded-For");
    Optional<String> eventKey = Optional.empty();
    boolean authenticated = false;
    try {
      JsonNode n = JsonFields.object(raw);
      String orderId = JsonFields.text(n, "order_id");
      String statusCode = JsonFields.text(n, "status_code");
      // Signed as sent ("106123.00"), so read the text before parsing it as money.
      String grossText = JsonFields.text(n, "gross_amount");
      String givenSignature = JsonFields.text(n, "signature_key");
      String status = JsonFields.text(n, "transaction_status");
      Optional<String> fraud = JsonFields.optionalText(n, "fraud_status");
      // Midtrans retries one status of one transaction; each new status is a new event.
      eventKey = Optional.of(orderId + ":" + JsonFields.optionalText(n, "transaction_id").orElse("-") + ":" + status
          + fraud.map(f -> ":" + f).orElse(""));
      if (!Signatures.hexEquals(signature(orderId, statusCode, grossText, serverKey), givenSignature)) {
        throw CallbackRefused.badSignature("signature_key");
      }
      authenticated = true;
      Money gross = JsonFields.amount(n, "gross_amount", true);
      String transactionId = JsonFields.optionalText(n, "transaction_id").orElse(orderId);
      boolean paid = status.equals("settlement") || (status.equals("capture") && fraud.orElse("").equals("accept"));
      // Asked before the transaction opens: no database lock is held while Midtrans answers.
      Optional<MidtransStatusClient.Answer> confirmed = paid ? Optional.of(this.status.status(orderId)) : Optional.empty();
      if (confirmed.orElse(null) instanceof MidtransStatusClient.Answer.Unavailable u) {
        throw new CallbackRefused(503, "status_unavailable", "status_unavailable",
            "Midtrans' status API did not answer (" + u.why() + "); retry later");
      }
      Callbacks.Received received = new Callbacks.Received(PROVIDER, eventKey, raw, headers);
      CallbackIntake.Reply reply = jdbi.inTransaction(h -> intake.handleOnce(h, received, id -> paid
          ? creditIfConfirmed(h, id, orderId, transactionId, gross, confirmed.get())
          : act(h, id, orderId, transactionId, status, gross)));
      intake.reply(ctx, PROVIDER, reply);
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, r.httpStatus() == 401 ? Optional.empty() : eventKey, body, headers, r, authenticated);
    }
  }

  /** Credits only what Midtrans' own status confirms: paid, for this amount. */
  private Outcome creditIfConfirmed(Handle h, long callbackId, String orderId, String transactionId, Money gross,
      MidtransStatusClient.Answer answer) {
    String disagreement = switch (answer) {
      case MidtransStatusClient.Answer.Found f when !f.paid() ->
          "the status API says " + f.transactionStatus() + f.fraudStatus().map(x -> "/" + x).orElse("");
      case MidtransStatusClient.Answer.Found f when !sameAmount(f.grossAmount(), gross) ->
          "the status API says gross_amount " + f.grossAmount();
      case MidtransStatusClient.Answer.Found f -> null;
      case MidtransStatusClient.Answer.NotFound nf -> "the status API does not know the order";
      case MidtransStatusClient.Answer.Unavailable u -> throw new IllegalStateException("handled before the transaction");
    };
    if (disagreement == null) {
      return crediting.credit(h, callbackId, PROVIDER, orderId, gross, transactionId);
    }
    alerts.alert(h, callbackId, Map.of(
        "problem", "gateway_status_mismatch", "provider", PROVIDER, "reference", orderId, "paid", gross.rupiah(),
        "detail", disagreement, "callback_id", callbackId));
    return Outcome.of("status_mismatch", 200).about(orderId, gross.rupiah())
        .withError(disagreement + "; nothing credited").forReview();
  }

  private static boolean sameAmount(String statusGross, Money notified) {
    try {
      return new java.math.BigDecimal(statusGross.strip()).compareTo(java.math.BigDecimal.valueOf(notified.rupiah())) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Outcome act(Handle h, long callbackId, String orderId, String transactionId, String status, Money gross) {
    return switch (status) {
      case "capture" -> acknowledge(h, orderId, gross, "challenge");
      case "pending" -> acknowledge(h, orderId, gross, "acknowledged");
      case "expire", "cancel", "deny", "failure", "refund", "chargeback" ->
          takeBack(h, callbackId, orderId, transactionId, status, gross);
      case "partial_refund", "partial_chargeback" -> {
        alerts.alert(h, callbackId, Map.of(
            "problem", "gateway_" + status, "provider", PROVIDER, "reference", orderId, "paid", gross.rupiah(),
            "callback_id", callbackId));
        yield Outcome.of("needs_review", 200).about(orderId, gross.rupiah()).withError("Midtrans reports " + status).forReview();
      }
      default -> Outcome.of("ignored", 200).about(orderId, gross.rupiah()).withError("transaction_status " + status + " changes nothing");
    };
  }

  /** The gateway says this transaction's money is not (or no longer) BizPro's. */
  private Outcome takeBack(Handle h, long callbackId, String orderId, String transactionId, String status, Money gross) {
    return switch (orders.reversals().takeBack(h, orderId, PROVIDER, transactionId, status)) {
      case TopUpReversals.Result.Reversed r -> Outcome.of("reversed", 200).about(orderId, gross.rupiah())
          .withError("reversed " + r.fromWallet().rupiah() + " from the wallet"
              + (r.shortfall().isPositive() ? "; shortfall " + r.shortfall().rupiah() + ", money-out blocked" : ""));
      case TopUpReversals.Result.ReceiptReversed r -> Outcome.of("receipt_reversed", 200).about(orderId, gross.rupiah())
          .withError(r.receipt().reference() + " left suspense");
      case TopUpReversals.Result.AlreadyReversed r -> Outcome.of("already_reversed", 200).about(orderId, gross.rupiah());
      case TopUpReversals.Result.NotFound nf -> unknown(orderId, gross);
      case TopUpReversals.Result.NothingCredited nc -> switch (status) {
        case "expire" -> close(h, orderId, gross, GatewayOrders.Closure.EXPIRED);
        case "cancel", "deny", "failure" -> close(h, orderId, gross, GatewayOrders.Closure.CANCELLED);
        // A refund of money that never credited anything here: someone must look.
        default -> {
          alerts.alert(h, callbackId, Map.of(
              "problem", "gateway_" + status, "provider", PROVIDER, "reference", orderId, "paid", gross.rupiah(),
              "callback_id", callbackId));
          yield Outcome.of("needs_review", 200).about(orderId, gross.rupiah())
              .withError("Midtrans reports " + status + " of a payment that credited nothing").forReview();
        }
      };
    };
  }

  private Outcome acknowledge(Handle h, String orderId, Money gross, String outcome) {
    if (orders.byReference(h, orderId).isEmpty()) {
      return unknown(orderId, gross);
    }
    return Outcome.of(outcome, 200).about(orderId, gross.rupiah());
  }

  private Outcome close(Handle h, String orderId, Money gross, GatewayOrders.Closure closure) {
    Optional<String> after = GatewayOrders.closeIfOpen(h, orderId, closure);
    if (after.isEmpty()) {
      return unknown(orderId, gross);
    }
    // A paid order stays paid: the money arrived by another channel first.
    // A payment link stays open (its payer may still pay by bank transfer).
    String outcome = after.get().equals("paid") ? "already_paid"
        : after.get().equals("open") ? "link_kept_open" : "closed_" + after.get();
    return Outcome.of(outcome, 200).about(orderId, gross.rupiah());
  }

  private static Outcome unknown(String orderId, Money gross) {
    return Outcome.of("unknown_order", 404).about(orderId, gross.rupiah()).withError("no top-up order " + orderId);
  }
}
