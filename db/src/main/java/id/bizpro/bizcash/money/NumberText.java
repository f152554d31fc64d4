package id.bizpro.bizcash.money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads the number part of a typed amount (digits, dots and commas only) into an exact decimal,
 * by the separator rules documented on {@link MoneyInput}. Returns null for anything malformed or
 * ambiguous; never rounds and never throws on digits-and-separators input. Stateless and
 * thread-safe.
 */
final class NumberText {
  private NumberText() {}

  static int digitCount(String number) {
    int digits = 0;
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      }
    }
    return digits;
  }

  /** A number with no multiplier after it, where separators are usually thousands separators. */
  static BigDecimal readPlain(String number) {
    int lastDot = number.lastIndexOf('.');
    int lastComma = number.lastIndexOf(',');
    if (lastDot < 0 && lastComma < 0) {
      return decimal(number, "");
    }
    if (lastComma < 0) {
      // Dots alone are Indonesian thousands separators; "50.00" is not 50, nor 5.000.
      return isGrouped(number, '.') ? decimal(strip(number, '.'), "") : null;
    }
    if (lastDot < 0) {
      if (isGrouped(number, ',')) {
        // English thousands: a comma before exactly three digits is never meant as thousandths
        // of a rupiah.
        return decimal(strip(number, ','), "");
      }
      return number.indexOf(',') == lastComma ? splitAt(number, lastComma, '\0') : null;
    }
    // Both: whichever comes last is the decimal separator, the other groups thousands.
    int decimalAt = Math.max(lastDot, lastComma);
    char grouping = decimalAt == lastDot ? ',' : '.';
    return splitAt(number, decimalAt, grouping);
  }

  /**
   * A number followed by rb / jt: one decimal separator of either kind, as in "1,5jt" or "1.5
   * juta". "1.500rb" could be 1.500 thousand or 1,5 thousand, so it is refused.
   */
  static BigDecimal readBeforeMultiplier(String number) {
    int lastDot = number.lastIndexOf('.');
    int lastComma = number.lastIndexOf(',');
    int separatorAt = Math.max(lastDot, lastComma);
    if (separatorAt < 0) {
      return decimal(number, "");
    }
    if (number.indexOf('.') != lastDot || number.indexOf(',') != lastComma) {
      return null; // more than one of a kind
    }
    if (lastDot >= 0 && lastComma >= 0) {
      return null; // grouped thousands in front of a multiplier is nobody's habit
    }
    if (number.length() - separatorAt - 1 == 3) {
      return null; // ambiguous: decimal or thousands separator
    }
    return splitAt(number, separatorAt, '\0');
  }

  /**
   * Splits at the decimal separator; the whole part must be plain digits, or correctly grouped by
   * {@code grouping} when that is not {@code '\0'}.
   */
  private static BigDecimal splitAt(String number, int decimalAt, char grouping) {
    String whole = number.substring(0, decimalAt);
    String fraction = number.substring(decimalAt + 1);
    if (!isDigits(fraction)) {
      return null;
    }
    if (grouping != '\0' && whole.indexOf(grouping) >= 0) {
      if (!isGrouped(whole, grouping)) {
        return null;
      }
      whole = strip(whole, grouping);
    }
    return decimal(whole, fraction);
  }

  /** True when {@code text} is 1–3 digits followed by groups of a separator and three digits. */
  private static boolean isGrouped(String text, char separator) {
    String[] groups = text.split(Pattern.quote(String.valueOf(separator)), -1);
    if (groups.length < 2 || groups[0].isEmpty() || groups[0].length() > 3) {
      return false;
    }
    for (int i = 0; i < groups.length; i++) {
      if (!isDigits(groups[i]) || (i > 0 && groups[i].length() != 3)) {
        return false;
      }
    }
    return true;
  }

  private static BigDecimal decimal(String whole, String fraction) {
    if (!isDigits(whole) || (!fraction.isEmpty() && !isDigits(fraction))) {
      return null;
    }
    return new BigDecimal(fraction.isEmpty() ? whole : whole + "." + fraction);
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String strip(String text, char separator) {
    return text.replace(String.valueOf(separator), "");
  }
}
