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
    BigDecimal whole = value.stripTrailingZeros();
    // Checked before converting because a value such as 1E+999999999 (cheap to parse from a
    // webhook body) would otherwise be expanded into a billion-digit integer; for the same reason
    // the message uses toString, not toPlainString. A long has at most 19 digits.
    if (whole.scale() > 0 || whole.precision() - whole.scale() > 19) {
      throw notWholeRupiah(value);
    }
    try {
      return new Money(whole.longValueExact());
    } catch (ArithmeticException e) {
      throw notWholeRupiah(value);
    }
  }

  private static ArithmeticException notWholeRupiah(BigDecimal value) {
    return new ArithmeticException("not a whole number of rupiah within range: " + value);
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

  /**
   * The size of the amount with dot thousands separators, without currency or sign: {@code
   * 1.250.000} for both Rp 1.250.000 and -Rp 1.250.000 (for "in" and "out" columns; {@link
   * #format()} shows the sign).
   */
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
