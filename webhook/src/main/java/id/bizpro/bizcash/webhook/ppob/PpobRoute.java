package id.bizpro.bizcash.webhook.ppob;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.CanonicalJson;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import id.bizpro.bizcash.webhook.JsonFields;
import id.bizpro.bizcash.webhook.Signatures;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /webhooks/ppob}: the PPOB provider's (Digiflazz) transaction webhook. Header {@code
 * X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, key PPOB_WEBHOOK_SECRET>} (401 otherwise),
 * {@code X-Digiflazz-Event: create|update}, body {@code {"data": {ref_id, status, rc, message, sn,
 * price, …}}} as the transaction answer. The answer goes through the same settle as the buy call
 * and the status re-asks, so duplicate and out-of-order callbacks converge on one outcome; an
 * interim {@code Pending} changes nothing. Every accepted delivery is stored in {@code
 * webhook_callbacks} with its outcome, as on the other routes. Thread-safe.
 */
public final class PpobRoute implements Handler {
  public static final String PROVIDER = "ppob";
  public static final String SIGNATURE_HEADER = "X-Hub-Signature";
  public static final String EVENT_HEADER = "X-Digiflazz-Event";

  private final Jdbi jdbi;
  private final String secret;
  private final CallbackIntake intake;
  private final PpobService ppob;

  public PpobRoute(Jdbi jdbi, String secret, CallbackIntake intake, PpobService ppob) {
    this.jdbi = jdbi;
    this.secret = secret;
    this.intake = intake;
    this.ppob = ppob;
  }

  /** Lower-case hex HMAC-SHA1 of {@code body} keyed with {@code secret}. */
  public static String hmacSha1Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
    }
  }

  public static boolean signatureMatches(String secret, byte[] body, String header) {
    if (header == null || !header.strip().regionMatches(true, 0, "sha1=", 0, 5)) {
      return false;
    }
    return Signatures.hexEquals(hmacSha1Hex(secret, body), header.strip().substring(5));
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = intake.body(ctx, PROVIDER);
    String raw = CallbackIntake.text(body);
    Map<String, String> headers = CallbackIntake.headers(ctx, SIGNATURE_HEADER, EVENT_HEADER, "User-Agent");
    boolean authenticated = false;
    Optional<String> refId = Optional.empty();
    try {
      if (!signatureMatches(secret, body, ctx.header(SIGNATURE_HEADER))) {
        throw CallbackRefused.badSignature(SIGNATURE_HEADER);
      }
      authenticated = true;
      JsonNode n = JsonFields.object(raw);
      JsonNode data = n.path("data");
      if (!data.isObject()) {
        throw CallbackRefused.missing("data");
      }
      refId = JsonFields.optionalText(data, "ref_id");
      if (refId.isEmpty()) {
        throw CallbackRefused.invalid("data.ref_id", "is missing");
      }
      // Every accepted delivery is stored (webhook_callbacks) with what it came to. Digiflazz sends
      // no event id: a delivery is known by its ref_id and its body, so an identical repeat is a
      // duplicate (answered with the first outcome) and any other body a new event, which the settle
      // step answers "unchanged" once the purchase is final. The settle runs first, in transactions
      // of its own (it is idempotent: a repeat changes nothing), and the record after it, so a
      // request never holds two pooled connections; were the process to stop between the two, the
      // provider's retry would be recorded then.
      String ref = refId.get();
      Callbacks.Outcome outcome = switch (ppob.onCallback(data)) {
        case UNREADABLE -> throw CallbackRefused.invalid("data.status", "must be Sukses, Pending or Gagal with a ref_id");
        case UNKNOWN_REFERENCE -> Callbacks.Outcome.of("unknown_reference", 404);
        case APPLIED -> Callbacks.Outcome.of("applied", 200).about(ref, null);
        case UNCHANGED -> Callbacks.Outcome.of("unchanged", 200).about(ref, null);
      };
      Callbacks.Received received = new Callbacks.Received(PROVIDER,
          Optional.of(ref + ":" + CanonicalJson.sha256(raw)), raw, headers);
      CallbackIntake.Reply reply = jdbi.inTransaction(h -> intake.handleOnce(h, received, id -> outcome));
      intake.reply(ctx, PROVIDER, reply);
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, refId, body, headers, r, authenticated);
    }
  }
}
