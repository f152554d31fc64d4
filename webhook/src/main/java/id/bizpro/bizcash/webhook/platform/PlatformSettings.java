package id.bizpro.bizcash.webhook.platform;

import id.bizpro.bizcash.money.Money;
import java.net.URI;
import java.util.Optional;

/**
 * The platform API's configuration. Off (routes answer 404) without {@code PLATFORM_API_KEYS}.
 * {@link #toString()} shows no secret.
 *
 * @param keys PLATFORM_API_KEYS
 * @param dailyLimit PLATFORM_CREDIT_DAILY_LIMIT: what the platform account may pay in per WIB day
 * @param callbackUrl PLATFORM_CALLBACK_URL: where events are POSTed (none: they wait in the outbox)
 * @param callbackSecret PLATFORM_CALLBACK_SECRET: the key callbacks are signed with (key id bizcash)
 * @param requestsPerSecond PLATFORM_RATE_PER_SECOND: requests per key per second (bursts of twice that)
 */
public record PlatformSettings(
    Optional<PlatformKeys> keys, Optional<Money> dailyLimit, Optional<URI> callbackUrl, Optional<String> callbackSecret,
    int requestsPerSecond) {

  public static final int DEFAULT_REQUESTS_PER_SECOND = 20;

  public static PlatformSettings off() {
    return new PlatformSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        DEFAULT_REQUESTS_PER_SECOND);
  }

  public PlatformSettings {
    if (callbackUrl.isPresent() != callbackSecret.isPresent()) {
      throw new IllegalArgumentException("PLATFORM_CALLBACK_URL and PLATFORM_CALLBACK_SECRET go together");
    }
    if (requestsPerSecond < 1) {
      throw new IllegalArgumentException("requestsPerSecond must be positive");
    }
  }

  @Override
  public String toString() {
    return "PlatformSettings[" + keys.map(k -> "keys=" + k.ids()).orElse("off")
        + ", dailyLimit=" + dailyLimit.map(Money::format).orElse("none")
        + ", callbacks=" + callbackUrl.map(URI::toString).orElse("off") + ", rate=" + requestsPerSecond + "/s]";
  }
}
