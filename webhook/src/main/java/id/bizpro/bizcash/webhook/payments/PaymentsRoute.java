package id.bizpro.bizcash.webhook.payments;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import id.bizpro.bizcash.webhook.JsonFields;
import id.bizpro.bizcash.webhook.Signatures;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /webhooks/payments}: BizPro's own bank integration says an order was paid. Body
 * {@code {"event_id","order_id","amount","status":"paid","reference","paid_at"}} (optionally {@code "payer_name"}), signed with
 * {@code X-BizCash-Signature: sha256=<hex HMAC-SHA256 of the raw body>}. One transaction stores
 * the callback and credits the order; the same event id is handled once. Thread-safe.
 */
public record PaymentsRoute(
    Jdbi jdbi,
    String secret,
    CallbackIntake intake,
    TopUpCrediting crediting) implements Handler {
  public static final String PROVIDER = "payments";
  public static final String SIGNATURE_HEADER = "X-BizCash-Signature";

  /** True when {@code header} is {@code sha256=<hex>} of the body under {@code secret}. */
  public static boolean signatureMatches(String secret, byte[] body, String header) {
    if (header == null || !header.strip().regionMatches(true, 0, "sha256=", 0, 7)) {
      return false;
    }
    return Signatures.hexEquals(Signatures.hmacSha256Hex(secret, body), header.strip().substring(7));
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = intake.body(ctx, PROVIDER);
    String raw = CallbackIntake.text(body);
    Map<String, String> headers = CallbackIntake.headers(ctx, SIGNATURE_HEADER, "User-Agent", "X-Request-Id");
    Optional<String> eventId = Optional.empty();
    boolean authenticated = false;
    try {
      if (!signatureMatches(secret, body, ctx.header(SIGNATURE_HEADER))) {
        throw CallbackRefused.badSignature(SIGNATURE_HEADER);
      }
      authenticated = true;
      JsonNode n = JsonFields.object(raw);
      eventId = JsonFields.optionalText(n, "event_id");
      String event = JsonFields.text(n, "event_id");
      String orderId = JsonFields.text(n, "order_id");
      Money amount = JsonFields.amount(n, "amount", false);
      String status = JsonFields.text(n, "status");
      if (!status.equals("paid")) {
        throw CallbackRefused.invalid("status", "must be \"paid\"");
      }
      // The bank's reference tells a second payment from a repeat of the first; without one, the
      // event id is all there is, and a new event for a paid order is held for an admin to judge.
      String paymentId = JsonFields.optionalText(n, "reference").orElse("event:" + event);
      // Optional: who paid, as the bank names the sender (shown to a payment link's payee).
      Optional<String> payerName = JsonFields.optionalText(n, "payer_name");
      Callbacks.Received received = new Callbacks.Received(PROVIDER, Optional.of(event), raw, headers);
      CallbackIntake.Reply reply = jdbi.inTransaction(h -> intake.handleOnce(h, received,
          id -> crediting.credit(h, id, PROVIDER, orderId, amount, paymentId, payerName)));
      intake.reply(ctx, PROVIDER, reply);
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, eventId, body, headers, r, authenticated);
    }
  }

  /** Without the secret: a record would print every component. */
  @Override
  public String toString() {
    return "PaymentsRoute[secret hidden]";
  }
}
