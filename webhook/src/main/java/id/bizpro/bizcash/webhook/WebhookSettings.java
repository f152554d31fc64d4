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
    Optional<String> metricsToken,
    int refusalsPerMinute) {

  public static final int DEFAULT_REFUSALS_PER_MINUTE = 30;

  public WebhookSettings {
    if (refusalsPerMinute < 1) {
      throw new IllegalArgumentException("refusalsPerMinute must be positive");
    }
  }

  /** Open metrics and the default refusal budget (tools and tests). */
  public WebhookSettings(int httpPort, Optional<String> paymentWebhookSecret, Optional<String> midtransServerKey,
      URI midtransSnapUrl, Optional<String> mootaSecret, Optional<String> telegramWebhookSecret) {
    this(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret, telegramWebhookSecret,
        Optional.empty(), DEFAULT_REFUSALS_PER_MINUTE);
  }

  public WebhookSettings withMetricsToken(String token) {
    return new WebhookSettings(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret,
        telegramWebhookSecret, Optional.of(token), refusalsPerMinute);
  }

  public WebhookSettings withRefusalsPerMinute(int perMinute) {
    return new WebhookSettings(httpPort, paymentWebhookSecret, midtransServerKey, midtransSnapUrl, mootaSecret,
        telegramWebhookSecret, metricsToken, perMinute);
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
