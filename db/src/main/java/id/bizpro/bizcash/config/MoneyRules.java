package id.bizpro.bizcash.config;

import id.bizpro.bizcash.calendar.WorkingDays;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import java.time.Duration;

/**
 * BizPro's fees, limits and timings, from configuration with the seed's defaults. Immutable and
 * thread-safe.
 */
public record MoneyRules(
    Money topUpFee,
    Money withdrawalFee,
    Money topUpMin,
    Money topUpMax,
    Money transferMin,
    Money withdrawalMin,
    Money balanceCap,
    int maxOpenTopUps,
    Duration orderTtl,
    boolean uniqueCode,
    int payoutWorkingDays,
    WorkingDays calendar,
    AbuseLimits abuse,
    Duration totalQuarantine,
    Duration pinResetDelay) {

  /** How long a closed order's total stays reserved for late payments of that order. */
  public static final Duration DEFAULT_TOTAL_QUARANTINE = Duration.ofDays(7);
  /** How long a forgotten PIN's reset waits (money-out locked) before a new PIN may be set. */
  public static final Duration DEFAULT_PIN_RESET_DELAY = Duration.ofHours(24);

  public MoneyRules(Money topUpFee, Money withdrawalFee, Money topUpMin, Money topUpMax, Money transferMin,
      Money withdrawalMin, Money balanceCap, int maxOpenTopUps, Duration orderTtl, boolean uniqueCode,
      int payoutWorkingDays, WorkingDays calendar, AbuseLimits abuse, Duration totalQuarantine) {
    this(topUpFee, withdrawalFee, topUpMin, topUpMax, transferMin, withdrawalMin, balanceCap, maxOpenTopUps,
        orderTtl, uniqueCode, payoutWorkingDays, calendar, abuse, totalQuarantine, DEFAULT_PIN_RESET_DELAY);
  }

  public MoneyRules(Money topUpFee, Money withdrawalFee, Money topUpMin, Money topUpMax, Money transferMin,
      Money withdrawalMin, Money balanceCap, int maxOpenTopUps, Duration orderTtl, boolean uniqueCode,
      int payoutWorkingDays, WorkingDays calendar, AbuseLimits abuse) {
    this(topUpFee, withdrawalFee, topUpMin, topUpMax, transferMin, withdrawalMin, balanceCap, maxOpenTopUps,
        orderTtl, uniqueCode, payoutWorkingDays, calendar, abuse, DEFAULT_TOTAL_QUARANTINE);
  }

  /** The rules with the default abuse limits (the shape before abuse limits were configurable). */
  public MoneyRules(Money topUpFee, Money withdrawalFee, Money topUpMin, Money topUpMax, Money transferMin,
      Money withdrawalMin, Money balanceCap, int maxOpenTopUps, Duration orderTtl, boolean uniqueCode,
      int payoutWorkingDays, WorkingDays calendar) {
    this(topUpFee, withdrawalFee, topUpMin, topUpMax, transferMin, withdrawalMin, balanceCap, maxOpenTopUps,
        orderTtl, uniqueCode, payoutWorkingDays, calendar, AbuseLimits.defaults());
  }

  public static MoneyRules defaults() {
    return new MoneyRules(
        Money.rupiah(6_000),
        Money.rupiah(8_000),
        Money.rupiah(10_000),
        Money.rupiah(10_000_000),
        Money.rupiah(1_000),
        Money.rupiah(50_000),
        Money.rupiah(20_000_000),
        3,
        Duration.ofHours(24),
        true,
        7,
        // Indonesia's national holidays and cuti bersama, so "paling lambat" dates skip Lebaran
        // and Christmas out of the box; HOLIDAYS replaces them (see WorkingDays.fromSetting).
        WorkingDays.indonesia(),
        AbuseLimits.defaults());
  }

  /** Reads TOPUP_FEE, WITHDRAWAL_FEE, the limits, HOLIDAYS and the {@link AbuseLimits}, validating each. */
  public static MoneyRules fromEnv(Env env) {
    MoneyRules d = defaults();
    MoneyRules rules =
        new MoneyRules(
            env.rupiah("TOPUP_FEE", d.topUpFee(), Money.ZERO),
            env.rupiah("WITHDRAWAL_FEE", d.withdrawalFee(), Money.ZERO),
            env.rupiah("TOPUP_MIN", d.topUpMin(), Money.rupiah(1)),
            env.rupiah("TOPUP_MAX", d.topUpMax(), Money.rupiah(1)),
            env.rupiah("TRANSFER_MIN", d.transferMin(), Money.rupiah(1)),
            env.rupiah("WITHDRAWAL_MIN", d.withdrawalMin(), Money.rupiah(1)),
            env.rupiah("BALANCE_CAP", d.balanceCap(), Money.rupiah(1)),
            env.integer("MAX_OPEN_TOPUPS", d.maxOpenTopUps(), 1, 100),
            env.duration("TOPUP_ORDER_TTL", d.orderTtl()),
            !env.string("TOPUP_UNIQUE_CODE", "on").equalsIgnoreCase("off"),
            env.integer("PAYOUT_WORKING_DAYS", d.payoutWorkingDays(), 0, 60),
            WorkingDays.fromSetting("HOLIDAYS", env.string("HOLIDAYS", "")),
            AbuseLimits.fromEnv(env),
            env.duration("TOPUP_TOTAL_QUARANTINE", DEFAULT_TOTAL_QUARANTINE),
            env.duration("PIN_RESET_DELAY", DEFAULT_PIN_RESET_DELAY));
    if (rules.pinResetDelay().isNegative()) {
      throw new ConfigException("PIN_RESET_DELAY", "must not be negative");
    }
    if (rules.totalQuarantine().isNegative()) {
      throw new ConfigException("TOPUP_TOTAL_QUARANTINE", "must not be negative");
    }
    if (rules.topUpMin().isGreaterThan(rules.topUpMax())) {
      throw new ConfigException("TOPUP_MIN", "is greater than TOPUP_MAX");
    }
    if (rules.orderTtl().isNegative() || rules.orderTtl().isZero()) {
      throw new ConfigException("TOPUP_ORDER_TTL", "must be positive");
    }
    String uc = env.string("TOPUP_UNIQUE_CODE", "on").toLowerCase();
    if (!uc.equals("on") && !uc.equals("off")) {
      throw new ConfigException("TOPUP_UNIQUE_CODE", "must be on or off, got '" + uc + "'");
    }
    return rules;
  }

  /** The same rules with other abuse limits (tests and tools tune them). */
  public MoneyRules withAbuse(AbuseLimits limits) {
    return new MoneyRules(topUpFee, withdrawalFee, topUpMin, topUpMax, transferMin, withdrawalMin, balanceCap,
        maxOpenTopUps, orderTtl, uniqueCode, payoutWorkingDays, calendar, limits, totalQuarantine, pinResetDelay);
  }

  /** The same rules with another PIN reset delay. */
  public MoneyRules withPinResetDelay(Duration delay) {
    return new MoneyRules(topUpFee, withdrawalFee, topUpMin, topUpMax, transferMin, withdrawalMin, balanceCap,
        maxOpenTopUps, orderTtl, uniqueCode, payoutWorkingDays, calendar, abuse, totalQuarantine, delay);
  }

  public Ledger.Limits ledgerLimits() {
    return new Ledger.Limits(transferMin, balanceCap);
  }
}
