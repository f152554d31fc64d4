package id.bizpro.bizcash.webhook.midtrans;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.Callbacks.Outcome;
import id.bizpro.bizcash.payment.GatewayOrders;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.topup.TopUpOrders;
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
 * the order; pending and a capture under challenge are acknowledged; expire closes an open order
 * as expired, cancel / deny / failure as cancelled; refund and chargeback are left to an admin.
 * One event is (order, transaction, status): Midtrans' retries of it are handled once. Thread-safe.
 */
public final class MidtransRoute implements Handler {
  public static final String PROVIDER = "midtrans";

  private final Jdbi jdbi;
  private final String serverKey;
  private final CallbackIntake intake;
  private final TopUpCrediting crediting;
  private final TopUpOrders orders;
  private final PaymentAlerts alerts;

  public MidtransRoute(Jdbi jdbi, String serverKey, CallbackIntake intake, TopUpCrediting crediting, TopUpOrders orders,
      PaymentAlerts alerts) {
    this.jdbi = jdbi;
    this.serverKey = serverKey;
    this.intake = intake;
    this.crediting = crediting;
    this.orders = orders;
    this.alerts = alerts;
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
      Callbacks.Received received = new Callbacks.Received(PROVIDER, eventKey, raw, headers);
      CallbackIntake.Reply reply = jdbi.inTransaction(h -> intake.handleOnce(h, received,
          id -> act(h, id, orderId, status, fraud.orElse(""), gross)));
      intake.reply(ctx, PROVIDER, reply);
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, r.httpStatus() == 401 ? Optional.empty() : eventKey, body, headers, r, authenticated);
    }
  }

  private Outcome act(Handle h, long callbackId, String orderId, String status, String fraud, Money gross) {
    return switch (status) {
      case "settlement" -> crediting.credit(h, callbackId, PROVIDER, orderId, gross);
      case "capture" -> fraud.equals("accept")
          ? crediting.credit(h, callbackId, PROVIDER, orderId, gross)
          : acknowledge(h, orderId, gross, "challenge");
      case "pending" -> acknowledge(h, orderId, gross, "acknowledged");
      case "expire" -> close(h, orderId, gross, GatewayOrders.Closure.EXPIRED);
      case "cancel", "deny", "failure" -> close(h, orderId, gross, GatewayOrders.Closure.CANCELLED);
      case "refund", "partial_refund", "chargeback", "partial_chargeback" -> {
        alerts.alert(h, callbackId, Map.of(
            "problem", "gateway_" + status, "provider", PROVIDER, "reference", orderId, "paid", gross.rupiah(),
            "callback_id", callbackId));
        yield Outcome.of("needs_review", 200).about(orderId, gross.rupiah()).withError("Midtrans reports " + status).forReview();
      }
      default -> Outcome.of("ignored", 200).about(orderId, gross.rupiah()).withError("transaction_status " + status + " changes nothing");
    };
  }

  private Outcome acknowledge(Handle h, String orderId, Money gross, String outcome) {
    if (orders.byReference(h, orderId, false).isEmpty()) {
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
    String outcome = after.get().equals("paid") ? "already_paid" : "closed_" + after.get();
    return Outcome.of(outcome, 200).about(orderId, gross.rupiah());
  }

  private static Outcome unknown(String orderId, Money gross) {
    return Outcome.of("unknown_order", 404).about(orderId, gross.rupiah()).withError("no top-up order " + orderId);
  }
}
