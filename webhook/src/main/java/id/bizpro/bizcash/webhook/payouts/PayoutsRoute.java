package id.bizpro.bizcash.webhook.payouts;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.Callbacks.Outcome;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import id.bizpro.bizcash.webhook.JsonFields;
import id.bizpro.bizcash.webhook.payments.PaymentsRoute;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import id.bizpro.bizcash.withdrawal.Withdrawals.SettleResult;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /webhooks/payouts}: the payout provider's result for a withdrawal. Body {@code
 * {"event_id","withdrawal_id":"WD-…","status":"paid"|"failed","reference","reason"}}, signed like
 * {@code /webhooks/payments}. Paid posts the hold (the user receives the amount, BizPro keeps the
 * fee); failed voids it (amount and fee back to the wallet). A result that contradicts an earlier
 * one changes nothing and alerts the admins. Thread-safe.
 */
public final class PayoutsRoute implements Handler {
  public static final String PROVIDER = "payouts";

  private final Jdbi jdbi;
  private final String secret;
  private final CallbackIntake intake;
  private final Withdrawals withdrawals;
  private final PaymentAlerts alerts;

  public PayoutsRoute(Jdbi jdbi, String secret, CallbackIntake intake, Withdrawals withdrawals, PaymentAlerts alerts) {
    this.jdbi = jdbi;
    this.secret = secret;
    this.intake = intake;
    this.withdrawals = withdrawals;
    this.alerts = alerts;
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = intake.body(ctx, PROVIDER);
    String raw = CallbackIntake.text(body);
    Map<String, String> headers =
        CallbackIntake.headers(ctx, PaymentsRoute.SIGNATURE_HEADER, "User-Agent", "X-Request-Id");
    Optional<String> eventId = Optional.empty();
    boolean authenticated = false;
    try {
      if (!PaymentsRoute.signatureMatches(secret, body, ctx.header(PaymentsRoute.SIGNATURE_HEADER))) {
        throw CallbackRefused.badSignature(PaymentsRoute.SIGNATURE_HEADER);
      }
      authenticated = true;
      JsonNode n = JsonFields.object(raw);
      eventId = JsonFields.optionalText(n, "event_id");
      String event = JsonFields.text(n, "event_id");
      String withdrawal = JsonFields.text(n, "withdrawal_id");
      String status = JsonFields.text(n, "status");
      boolean paid;
      String detail;
      switch (status) {
        case "paid" -> {
          paid = true;
          detail = JsonFields.text(n, "reference");
        }
        case "failed" -> {
          paid = false;
          detail = JsonFields.text(n, "reason");
        }
        default -> throw CallbackRefused.invalid("status", "must be \"paid\" or \"failed\"");
      }
      Callbacks.Received received = new Callbacks.Received(PROVIDER, Optional.of(event), raw, headers);
      CallbackIntake.Reply reply = jdbi.inTransaction(h -> intake.handleOnce(h, received,
          id -> settle(h, id, withdrawal, paid, detail)));
      intake.reply(ctx, PROVIDER, reply);
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, eventId, body, headers, r, authenticated);
    }
  }

  private Outcome settle(Handle h, long callbackId, String withdrawal, boolean paid, String detail) {
    return switch ((paid ? withdrawals.markPaid(h, withdrawal, detail) : withdrawals.markFailed(h, withdrawal, detail))) {
      case SettleResult.Settled s -> Outcome.of(paid ? "paid" : "failed", 200).about(s.withdrawal().reference(), s.withdrawal().amount().rupiah());
      case SettleResult.AlreadySettled s ->
          Outcome.of(paid ? "already_paid" : "already_failed", 200).about(s.withdrawal().reference(), s.withdrawal().amount().rupiah());
      case SettleResult.SettledOtherwise s -> {
        alerts.alert(h, callbackId, Map.of(
            "problem", "payout_contradiction", "provider", PROVIDER, "reference", s.withdrawal().reference(),
            "stored_status", s.withdrawal().status().name().toLowerCase(), "reported_status", paid ? "paid" : "failed",
            "callback_id", callbackId));
        yield Outcome.of("contradicts_earlier", 200)
            .about(s.withdrawal().reference(), s.withdrawal().amount().rupiah())
            .withError("the withdrawal is already " + s.withdrawal().status().name().toLowerCase() + "; nothing changed")
            .forReview();
      }
      case SettleResult.NotFound n -> Outcome.of("unknown_withdrawal", 404).about(withdrawal, null).withError("no withdrawal " + withdrawal);
    };
  }
}
