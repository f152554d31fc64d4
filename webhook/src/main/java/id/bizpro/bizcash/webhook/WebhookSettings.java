package id.bizpro.bizcash.webhook;

import java.net.URI;
import java.util.Optional;

/**
 * What the HTTP server needs from configuration. A route whose secret is absent is not served.
 * Immutable; {@link #toString()} never shows a secret.
 *
 * @param metricsToken when present, {@code GET /metrics} needs {@code Authorization: Bearer <token>}
 * @param refusalsPerMinute refused unauthenticated requests one client address may make per minute
 *     before the rest are answered 429 and not stored
 */
public record WebhookSettings(
    int httpPort,
    Optional<String> paymentWebhookSecret,
    Optional<String> midtransServerKey,
    URI midtransSnapUrl,
    Optional<String> mootaSecret,
    Optional<String> telegramWebhookSecret,
    URI midtransApiUrl,
    java.util.Set<String> payeeAccountNumbers,
    Optional<String> metricsToken,
    int refusalsPerMinute) {

  /** Midtrans' sandbox API base, where the Get Status API lives unless MIDTRANS_API_URL says otherwise. */
  public static final URI MIDTRANS_SANDBOX_API = URI.create("https://api.sandbox.midtrans.com");

  public static final int DEFAULT_REFUSALS_PER_MINUTE = 30;

  public WebhookSettings {
    payeeAccountNumbers = java.util.Set.copyOf(payeeAccountNumbers);
    if (refusalsPerMinute < 1) {
      throw new IllegalArgumentException("refusalsPerMinute must be positive");
    }
  }

  /**
   * Open metrics, the default refusal budget, the Midtrans sandbox API and no payee accounts (tools
   * and tests): Moota credits match no order until BIZPRO_BANK_ACCOUNTS names the accounts top-ups
   * are paid into.
   */
  public WebhookSettings(int httpPort, Optional<String> paymentWebhookSecret, Optional<String> midtransServerKey,
      URI midtransSnapUrl, Optional<String> mootaSecret, Optional<String> telegramWebhookSecret) {
    this(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret, telegramWebhookSecret,
        MIDTRANS_SANDBOX_API, java.util.Set.of(), Optional.empty(), DEFAULT_REFUSALS_PER_MINUTE);
  }

  public WebhookSettings withMetricsToken(String token) {
    return new WebhookSettings(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret,
        telegramWebhookSecret, midtransApiUrl, payeeAccountNumbers, Optional.of(token), refusalsPerMinute);
  }

  public WebhookSettings withRefusalsPerMinute(int perMinute) {
    return new WebhookSettings(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret,
        telegramWebhookSecret, midtransApiUrl, payeeAccountNumbers, metricsToken, perMinute);
  }

  /** Where the Midtrans Get Status API is asked, and which accounts Moota credits may land in. */
  public WebhookSettings withPayments(URI midtransApi, java.util.Set<String> payeeAccounts) {
    return new WebhookSettings(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret,
        telegramWebhookSecret, midtransApi, payeeAccounts, metricsToken, refusalsPerMinute);
  }

  @Override
  public String toString() {
    return "WebhookSettings[httpPort=" + httpPort
        + ", payments=" + (paymentWebhookSecret.isPresent() ? "configured" : "off")
        + ", midtrans=" + (midtransServerKey.isPresent() ? "configured" : "off")
        + ", moota=" + (mootaSecret.isPresent() ? "configured" : "off")
        + ", telegramWebhook=" + (telegramWebhookSecret.isPresent() ? "configured" : "off")
        + ", metrics=" + (metricsToken.isPresent() ? "token" : "open")
        + ", refusalsPerMinute=" + refusalsPerMinute + "]";
  }
}
