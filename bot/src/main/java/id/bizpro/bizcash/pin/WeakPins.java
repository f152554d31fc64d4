package id.bizpro.bizcash.pin;

import java.util.Optional;
import java.util.Set;

/**
 * PINs too easy to guess to protect money: all one digit ({@code 111111}), a run up or down
 * ({@code 123456}, {@code 654321}, also across 9–0 such as {@code 890123}), and the most common
 * 6-digit PINs people choose (from published analyses of leaked PIN and password sets: repeated
 * pairs and triples, keypad patterns, dates-like numbers). Immutable and thread-safe.
 */
public final class WeakPins {
  /** Why a PIN is refused; the message key is {@code pin.weak.<reason>}. */
  public enum Reason {
    SAME_DIGIT, RUN, COMMON;

    public String key() {
      return "pin.weak." + name().toLowerCase();
    }
  }

  /** Common 6-digit PINs that are neither one digit nor a run (those are caught by rule). */
  static final Set<String> COMMON = Set.of(
      "121212", "123123", "112233", "123321", "159753", "147258", "789456", "123654", "696969", "520520",
      "101010", "131313", "202020", "147852", "159357", "753951", "111222", "112211", "121314", "100200",
      "102030", "246810", "007007", "131420", "520131", "998877", "456123", "258258", "369369",
      "142536", "122333", "321321", "654123", "212121", "232323", "252525", "101112", "666777", "999888");

  private WeakPins() {}

  /** Why {@code pin} (six digits) is too weak, or empty when it may be used. */
  public static Optional<Reason> reason(String pin) {
    if (pin.chars().distinct().count() == 1) {
      return Optional.of(Reason.SAME_DIGIT);
    }
    if (isRun(pin, 1) || isRun(pin, 9)) { // +1 or −1 (mod 10) at every step
      return Optional.of(Reason.RUN);
    }
    if (COMMON.contains(pin)) {
      return Optional.of(Reason.COMMON);
    }
    return Optional.empty();
  }

  private static boolean isRun(String pin, int step) {
    for (int i = 1; i < pin.length(); i++) {
      if ((pin.charAt(i) - pin.charAt(i - 1) + 10) % 10 != step) {
        return false;
      }
    }
    return true;
  }
}
