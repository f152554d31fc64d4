package id.bizpro.bizcash.config;

import id.bizpro.bizcash.money.Money;
import java.time.Duration;

/**
 * Settings of getting paid (issue #18): {@code PAYLINK_FEE} taken from each paid payment link's
 * credit (default Rp 0), {@code REQUEST_TTL} how long a payment request stays payable (default 7
 * days), {@code PAYLINK_TTL} how long a payment link stays payable (default 7 days), {@code
 * INLINE_TTL} how long a confirmed inline send can be claimed (default 24 hours). Immutable.
 */
public record PaidSettings(Money paylinkFee, Duration requestTtl, Duration paylinkTtl, Duration inlineTtl) {
  /** With inline sends claimable for the default 24 hours. */
  public PaidSettings(Money paylinkFee, Duration requestTtl, Duration paylinkTtl) {
    this(paylinkFee, requestTtl, paylinkTtl, Duration.ofHours(24));
  }

  public PaidSettings {
    if (paylinkFee.isNegative()) {
      throw new IllegalArgumentException("negative PAYLINK_FEE");
    }
    if (requestTtl.isNegative() || requestTtl.isZero() || paylinkTtl.isNegative() || paylinkTtl.isZero()
        || inlineTtl.isNegative() || inlineTtl.isZero()) {
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
    Duration inline = env.duration("INLINE_TTL", d.inlineTtl());
    if (inline.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("INLINE_TTL", "must be at least 1m");
    }
    return new PaidSettings(env.rupiah("PAYLINK_FEE", d.paylinkFee(), Money.ZERO), request, link, inline);
  }
}
