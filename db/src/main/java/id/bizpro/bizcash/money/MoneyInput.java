package id.bizpro.bizcash.money;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads an amount of rupiah as an Indonesian user types it into a chat, and answers with a {@link
 * Result}: the exact amount, or the one reason it was refused. It never rounds, never throws (any
 * string, including {@code null}, gets a result) and does a bounded amount of work, because the
 * input comes straight from strangers on the internet. Stateless and thread-safe.
 *
 * <p>The shape accepted, case- and whitespace-insensitively: an optional minus sign, an optional
 * currency ({@code Rp}, {@code Rp.}, {@code IDR}), a number, and either an optional multiplier
 * ({@code rb}, {@code ribu}, {@code k} = 1.000; {@code jt}, {@code juta} = 1.000.000) or the
 * Indonesian "no cents" mark {@code ,-} ({@code Rp 50.000,-}). Spaces may separate these parts but
 * not split the number, so {@code 50 000} is refused rather than guessed.
 *
 * <p>How separators in the number are read. Indonesian writes dots between thousands and a comma
 * before decimals, but users also paste English-style amounts from banking apps, so:
 *
 * <ul>
 *   <li>Without a multiplier, dots alone must group thousands correctly ({@code 1.250.000}); any
 *       other use of a dot ({@code 50.00}, {@code 12.5}) is malformed: {@link Reason#NOT_A_NUMBER}.
 *       We refuse instead of guessing between 50, 5.000 and 50.000.
 *   <li>Without a multiplier, commas alone that group thousands correctly ({@code 50,000}, {@code
 *       1,250,000}) are English thousands separators. Read the Indonesian way, a comma followed by
 *       exactly three digits would be thousandths of a rupiah, which nobody means. A single comma
 *       that does not group thousands is the Indonesian decimal comma: {@code 12,5} is 12,5 rupiah
 *       ({@link Reason#FRACTION}) and {@code 12,00} is exactly 12.
 *   <li>Without a multiplier, when both appear, the last separator is the decimal one and must
 *       appear once, and the other must group thousands correctly: {@code 1.250.000,00} and {@code
 *       1,250,000.00} are both Rp 1.250.000.
 *   <li>With a multiplier, the number may have one decimal separator, dot or comma ({@code 1,5jt},
 *       {@code 1.5 juta}). A single separator followed by exactly three digits ({@code 1.500rb},
 *       {@code 1,250jt}) is ambiguous between a decimal and a thousands separator, a factor of a
 *       thousand apart, so it is refused as {@link Reason#NOT_A_NUMBER}.
 * </ul>
 *
 * <p>When several reasons apply, the first of this order wins: {@link Reason#EMPTY}, {@link
 * Reason#TOO_LONG} (over {@value #MAX_LENGTH_CHARS} characters), {@link Reason#NOT_A_NUMBER},
 * {@link Reason#TOO_LONG} (over {@value #MAX_DIGITS} digits), {@link Reason#ZERO}, {@link
 * Reason#NEGATIVE}, {@link Reason#FRACTION}, {@link Reason#TOO_LARGE}. Business limits (minimum
 * top-up, balance cap) come from configuration and are checked by the caller, not here.
 */
public final class MoneyInput {
  /** Longer input is refused before it is read, so parsing stays cheap. */
  public static final int MAX_LENGTH_CHARS = 30;

  /** More digits than this is not an amount anyone means (the largest amount has 12). */
  public static final int MAX_DIGITS = 15;

  /**
   * A sanity bound far above every configured limit: it keeps amounts well inside {@code long}
   * arithmetic and catches a finger resting on a key.
   */
  public static final Money MAX_AMOUNT = Money.rupiah(999_999_999_999L);

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private MoneyInput() {}

  /** Why an input is not an amount; each maps to a one-line explanation for the user. */
  public enum Reason {
    /** Nothing but whitespace, or {@code null}. */
    EMPTY,
    /** Not an amount in any form we accept, or ambiguous (see the class comment). */
    NOT_A_NUMBER,
    /** A minus sign in front of a non-zero amount. */
    NEGATIVE,
    /** Exactly zero rupiah. */
    ZERO,
    /** A fraction of a rupiah, which we refuse rather than round. */
    FRACTION,
    /**
     * Absurdly long: over {@value MoneyInput#MAX_LENGTH_CHARS} characters or {@value
     * MoneyInput#MAX_DIGITS} digits.
     */
    TOO_LONG,
    /** Above {@link MoneyInput#MAX_AMOUNT}. */
    TOO_LARGE
  }

  /** The outcome of reading an amount. Immutable. */
  public sealed interface Result {
    /** A positive whole amount no larger than {@link MoneyInput#MAX_AMOUNT}. */
    record Parsed(Money amount) implements Result {
      public Parsed {
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive() || amount.isGreaterThan(MAX_AMOUNT)) {
          throw new IllegalArgumentException("not an acceptable typed amount: " + amount);
        }
      }
    }

    /** The input is not an acceptable amount, for this reason. */
    record Refused(Reason reason) implements Result {
      public Refused {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** Reads {@code text} as an amount; see the class comment for the rules. Never throws. */
  public static Result parse(String text) {
    if (text == null) {
      return refused(Reason.EMPTY);
    }
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return refused(Reason.EMPTY);
    }
    if (end - start > MAX_LENGTH_CHARS) {
      return refused(Reason.TOO_LONG);
    }
    return new Scanner(normalise(text.substring(start, end))).amount();
  }

  /** Wider than {@link String#strip()}: banking apps paste non-breaking spaces. */
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * Lowercases and turns every kind of space into a plain one, because amounts are pasted from
   * banking apps that use non-breaking spaces; the Unicode minus sign becomes a hyphen for the
   * same reason.
   */
  private static String normalise(String trimmed) {
    StringBuilder out = new StringBuilder(trimmed.length());
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (isSpace(c)) {
        out.append(' ');
      } else if (c == '\u2212') {
        out.append('-');
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static Result refused(Reason reason) {
    return new Result.Refused(reason);
  }

  /** Reads one normalised input from left to right. Not thread-safe; one per call. */
  private static final class Scanner {
    private final String s;
    private int at;

    Scanner(String s) {
      this.s = s;
    }

    Result amount() {
      boolean negative = sign();
      currency();
      if (!negative) {
        negative = sign(); // "Rp -5.000"
      }
      String number = number();
      if (number.isEmpty()) {
        return refused(Reason.NOT_A_NUMBER);
      }
      BigDecimal multiplier = null;
      if (number.endsWith(",") && peek() == '-') {
        number = number.substring(0, number.length() - 1);
        at++;
      } else {
        spaces();
        if (at < s.length()) {
          multiplier = multiplier();
          if (multiplier == null) {
            return refused(Reason.NOT_A_NUMBER);
          }
        }
      }
      spaces();
      if (at != s.length()) {
        return refused(Reason.NOT_A_NUMBER);
      }
      BigDecimal value =
          multiplier == null
              ? NumberText.readPlain(number)
              : NumberText.readBeforeMultiplier(number);
      if (value == null) {
        return refused(Reason.NOT_A_NUMBER);
      }
      if (NumberText.digitCount(number) > MAX_DIGITS) {
        return refused(Reason.TOO_LONG);
      }
      return judge(multiplier == null ? value : value.multiply(multiplier), negative);
    }

    private boolean sign() {
      if (peek() == '-') {
        at++;
        spaces();
        return true;
      }
      return false;
    }

    private void currency() {
      if (s.startsWith("idr", at)) {
        at += 3;
      } else if (s.startsWith("rp", at)) {
        at += 2;
        if (peek() == '.') {
          at++;
        }
      }
      spaces();
    }

    private String number() {
      int start = at;
      while (at < s.length() && isNumberChar(s.charAt(at))) {
        at++;
      }
      return s.substring(start, at);
    }

    /** The value of the word ending the input, or null when it is not a multiplier. */
    private BigDecimal multiplier() {
      String word = s.substring(at).stripTrailing();
      BigDecimal multiplier =
          switch (word) {
            case "rb", "ribu", "k" -> THOUSAND;
            case "jt", "juta" -> MILLION;
            default -> null;
          };
      if (multiplier != null) {
        at += word.length();
      }
      return multiplier;
    }

    private void spaces() {
      while (peek() == ' ') {
        at++;
      }
    }

    private char peek() {
      return at < s.length() ? s.charAt(at) : '\0';
    }

    private static boolean isNumberChar(char c) {
      return (c >= '0' && c <= '9') || c == '.' || c == ',';
    }
  }

  private static Result judge(BigDecimal value, boolean negative) {
    if (value.signum() == 0) {
      return refused(Reason.ZERO);
    }
    if (negative) {
      return refused(Reason.NEGATIVE);
    }
    BigDecimal whole = value.stripTrailingZeros();
    if (whole.scale() > 0) {
      return refused(Reason.FRACTION);
    }
    if (whole.compareTo(BigDecimal.valueOf(MAX_AMOUNT.rupiah())) > 0) {
      return refused(Reason.TOO_LARGE);
    }
    return new Result.Parsed(Money.rupiah(whole.longValueExact()));
  }
}
