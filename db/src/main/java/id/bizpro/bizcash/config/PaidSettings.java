package id.bizpro.bizcash.config;

import id.bizpro.bizcash.money.Money;
import java.time.Duration;

/**
 * Settings of getting paid (issue #18): {@code PAYLINK_FEE} taken from each paid payment link's
 * credit (default Rp 0), {@code REQUEST_TTL} how long a payment request stays payable (default 7
 * days), {@code PAYLINK_TTL} how long a payment link stays payable (default 7 days). Immutable.
 */
public record PaidSettings(Money paylinkFee, Duration requestTtl, Duration paylinkTtl) {
  public PaidSettings {
    if (paylinkFee.isNegative()) {
      throw new IllegalArgumentException("negative PAYLINK_FEE");
    }
    if (requestTtl.isNegative() || requestTtl.isZero() || paylinkTtl.isNegative() || paylinkTtl.isZero()) {
      throw new IllegalArgumentException("TTLs must be positive");
    }
  }

  public static PaidSettings defaults() {
    return new PaidSettings(Money.ZERO, Duration.ofDays(7), Duration.ofDays(7));
  }

  public static PaidSettings fromEnv(Env env) {
    PaidSettings d = defaults();
    Duration request = env.duration("REQUEST_TTL", d.requestTtl());
    Duration link = env.duration("PAYLINK_TTL", d.paylinkTtl());
    if (request.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("REQUEST_TTL", "must be at least 1m");
    }
    if (link.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("PAYLINK_TTL", "must be at least 1m");
    }
    return new PaidSettings(env.rupiah("PAYLINK_FEE", d.paylinkFee(), Money.ZERO), request, link);
  }
}
