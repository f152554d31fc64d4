package id.bizpro.bizcash.money;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An amount of Indonesian rupiah in whole rupiah. Rupiah has no minor unit in practice, so the
 * value is an exact {@code long}; arithmetic refuses to overflow instead of wrapping. Immutable and
 * thread-safe. Amounts may be negative (a debit entry); user-facing amounts are checked to be
 * positive where they are parsed.
 */
public record Money(long rupiah) implements Comparable<Money> {
  public static final Money ZERO = new Money(0);

  public static Money rupiah(long rupiah) {
    return new Money(rupiah);
  }

  /** Converts an exact decimal; refuses (rather than rounds) any fraction of a rupiah. */
  public static Money ofExact(BigDecimal value) {
    try {
      return new Money(value.stripTrailingZeros().toBigIntegerExact().longValueExact());
    } catch (ArithmeticException e) {
      throw new ArithmeticException("not a whole number of rupiah within range: " + value.toPlainString());
    }
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(rupiah, other.rupiah));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(rupiah, other.rupiah));
  }

  public Money negate() {
    return new Money(Math.negateExact(rupiah));
  }

  public boolean isPositive() {
    return rupiah > 0;
  }

  public boolean isNegative() {
    return rupiah < 0;
  }

  public boolean isZero() {
    return rupiah == 0;
  }

  public boolean isLessThan(Money other) {
    return rupiah < other.rupiah;
  }

  public boolean isGreaterThan(Money other) {
    return rupiah > other.rupiah;
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(rupiah, other.rupiah);
  }

  /** Formats as Indonesians write rupiah: {@code Rp 1.250.000}, {@code -Rp 8.000}. */
  public String format() {
    return (rupiah < 0 ? "-Rp " : "Rp ") + digits();
  }

  /** The amount with dot thousands separators and no currency: {@code 1.250.000}. */
  public String digits() {
    String plain = BigInteger.valueOf(rupiah).abs().toString();
    StringBuilder out = new StringBuilder(plain.length() + plain.length() / 3);
    int lead = plain.length() % 3;
    if (lead == 0) {
      lead = 3;
    }
    out.append(plain, 0, lead);
    for (int i = lead; i < plain.length(); i += 3) {
      out.append('.').append(plain, i, i + 3);
    }
    return out.toString();
  }

  /** The plain number a user copies into a banking app: {@code 106123}. */
  public String plain() {
    return Long.toString(rupiah);
  }

  @Override
  public String toString() {
    return format();
  }
}
