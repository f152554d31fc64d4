package id.bizpro.bizcash.webhook.ppob;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * {@code POST /webhooks/ppob}: the PPOB provider's (Digiflazz) transaction webhook. Header {@code
 * X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, key PPOB_WEBHOOK_SECRET>} (401 otherwise),
 * {@code X-Digiflazz-Event: create|update}, body {@code {"data": {ref_id, status, rc, message, sn,
 * price, …}}} as the transaction answer. The answer goes through the same settle as the buy call
 * and the status re-asks, so duplicate and out-of-order callbacks converge on one outcome; an
 * interim {@code Pending} changes nothing. Thread-safe.
 */
public final class PpobRoute implements Handler {
  public static final String PROVIDER = "ppob";
  public static final String SIGNATURE_HEADER = "X-Hub-Signature";
  public static final String EVENT_HEADER = "X-Digiflazz-Event";

  private final String secret;
  private final CallbackIntake intake;
  private final PpobService ppob;

  public PpobRoute(String secret, CallbackIntake intake, PpobService ppob) {
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
      PpobService.CallbackResult result = ppob.onCallback(data);
      switch (result) {
        case UNREADABLE -> throw CallbackRefused.invalid("data.status", "must be Sukses, Pending or Gagal with a ref_id");
        case UNKNOWN_REFERENCE -> ctx.status(404).json(Map.of("status", "unknown_reference"));
        case APPLIED -> ctx.status(200).json(Map.of("status", "applied"));
        case UNCHANGED -> ctx.status(200).json(Map.of("status", "unchanged"));
      }
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, refId, body, headers, r, authenticated);
    }
  }
}
