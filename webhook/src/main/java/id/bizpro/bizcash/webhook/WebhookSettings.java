package id.bizpro.bizcash.webhook;

import java.net.URI;
import java.util.Optional;

/**
 * What the HTTP server needs from configuration. A route whose secret is absent is not served.
 * Immutable; {@link #toString()} never shows a secret.
 */
public record WebhookSettings(
    int httpPort,
    Optional<String> paymentWebhookSecret,
    Optional<String> midtransServerKey,
    URI midtransSnapUrl,
    Optional<String> mootaSecret,
    Optional<String> telegramWebhookSecret) {

  @Override
  public String toString() {
    return "WebhookSettings[httpPort=" + httpPort
        + ", payments=" + (paymentWebhookSecret.isPresent() ? "configured" : "off")
        + ", midtrans=" + (midtransServerKey.isPresent() ? "configured" : "off")
        + ", moota=" + (mootaSecret.isPresent() ? "configured" : "off")
        + ", telegramWebhook=" + (telegramWebhookSecret.isPresent() ? "configured" : "off") + "]";
  }
}
