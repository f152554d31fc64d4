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
    Optional<String> telegramWebhookSecret,
    URI midtransApiUrl,
    java.util.Set<String> payeeAccountNumbers) {

  /** Midtrans' sandbox API base, where the Get Status API lives unless MIDTRANS_API_URL says otherwise. */
  public static final URI MIDTRANS_SANDBOX_API = URI.create("https://api.sandbox.midtrans.com");

  public WebhookSettings {
    payeeAccountNumbers = java.util.Set.copyOf(payeeAccountNumbers);
  }

  /**
   * Without payee accounts: Moota credits match no order until BIZPRO_BANK_ACCOUNTS names the
   * accounts top-ups are paid into.
   */
  public WebhookSettings(int httpPort, Optional<String> paymentWebhookSecret, Optional<String> midtransServerKey,
      URI midtransSnapUrl, Optional<String> mootaSecret, Optional<String> telegramWebhookSecret) {
    this(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret, telegramWebhookSecret,
        MIDTRANS_SANDBOX_API, java.util.Set.of());
  }

  @Override
  public String toString() {
    return "WebhookSettings[httpPort=" + httpPort
        + ", payments=" + (paymentWebhookSecret.isPresent() ? "configured" : "off")
        + ", midtrans=" + (midtransServerKey.isPresent() ? "configured" : "off")
        + ", moota=" + (mootaSecret.isPresent() ? "configured" : "off")
        + ", telegramWebhook=" + (telegramWebhookSecret.isPresent() ? "configured" : "off") + "]";
  }
}
