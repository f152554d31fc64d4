package id.bizpro.bizcash.money;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Makes business references that people read aloud, copy from a chat and type into a support
 * message, such as {@code TOP-8K2QX7} and {@code WD-3M9ZQ1}: a prefix, a hyphen and {@value
 * #CODE_LENGTH} characters from {@value #ALPHABET}, an alphabet without the look-alikes 0/O, 1/I/L
 * and U. Codes are uniformly random, so they reveal nothing about order volume.
 *
 * <p>A reference is not guaranteed unique: there are 30<sup>6</sup> (about 729 million) codes per
 * prefix, so after some tens of thousands of references a repeat becomes likely. Storage must
 * carry a unique constraint and the caller must draw again when it is violated.
 *
 * <p>Thread-safe: draws from the generator are serialised, so even an injected generator that is
 * not thread-safe (as used in tests) is safe to share.
 */
public final class References {
  /** Prefix of a top-up order reference. */
  public static final String TOP_UP = "TOP";

  /** Prefix of a withdrawal request reference. */
  public static final String WITHDRAWAL = "WD";

  public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
  public static final int CODE_LENGTH = 6;

  private final RandomGenerator random;
  private final Object lock = new Object();

  /** Draws from a {@link SecureRandom}, so references cannot be predicted from earlier ones. */
  public References() {
    this(new SecureRandom());
  }

  /** Draws from {@code random}; pass a seeded generator in tests for repeatable references. */
  public References(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A new reference such as {@code TOP-8K2QX7}.
   *
   * @param prefix one to eight uppercase ASCII letters, such as {@link #TOP_UP}
   * @throws IllegalArgumentException when the prefix is not of that form
   */
  public String next(String prefix) {
    requireValidPrefix(prefix);
    StringBuilder reference = new StringBuilder(prefix.length() + 1 + CODE_LENGTH);
    reference.append(prefix).append('-');
    synchronized (lock) {
      for (int i = 0; i < CODE_LENGTH; i++) {
        reference.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return reference.toString();
  }

  /**
   * True when {@code reference} is exactly in the form {@link #next} makes for {@code prefix}:
   * uppercase, no surrounding space. Null-safe: a null reference or prefix is not well formed.
   */
  public static boolean isWellFormed(String prefix, String reference) {
    if (!isValidPrefix(prefix) || reference == null) {
      return false;
    }
    if (reference.length() != prefix.length() + 1 + CODE_LENGTH
        || !reference.startsWith(prefix)
        || reference.charAt(prefix.length()) != '-') {
      return false;
    }
    for (int i = prefix.length() + 1; i < reference.length(); i++) {
      if (ALPHABET.indexOf(reference.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical form of a reference a user typed or pasted ({@code " top-8k2qx7 "} becomes
   * {@code TOP-8K2QX7}), or empty when it is not a reference with this prefix. Look-alike
   * characters are not corrected: {@code 0}, {@code O}, {@code 1}, {@code I}, {@code L} and
   * {@code U} never occur in a reference, so a text containing them is refused.
   */
  public static Optional<String> normalise(String prefix, String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    // Locale.ROOT: in a Turkish locale "i" would become a dotted capital I.
    String candidate = typed.strip().toUpperCase(Locale.ROOT);
    return isWellFormed(prefix, candidate) ? Optional.of(candidate) : Optional.empty();
  }

  private static void requireValidPrefix(String prefix) {
    if (!isValidPrefix(prefix)) {
      throw new IllegalArgumentException(
          "a reference prefix is 1 to 8 uppercase letters A-Z, not: " + prefix);
    }
  }

  private static boolean isValidPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.length() > 8) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }
}
