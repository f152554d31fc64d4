package id.bizpro.bizcash.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the money parser over seeded random input (a seeded fuzzer on plain JUnit; see
 * {@code WebhookFuzzTest} for why not jqwik): it never throws, never yields a non-positive or
 * oversized amount, and every formatted amount reads back as itself. Replay with {@code -Dfuzz.seed=…}.
 */
class MoneyInputFuzzTest {
  static final int CASES = Integer.getInteger("fuzz.cases", 20_000);
  private static final String[] PIECES = {
    "0", "1", "5", "9", "00", ".", ",", "-", "+", " ", "\u00a0", "\t", "rb", "ribu", "jt", "juta", "k", "Rp", "rp", "IDR",
    "e", "E", "1e9", "½", "١", "٣", "１", "²", "💸", "\u0000", "\n", "NaN", "Infinity", "0x", "--", ".5", "5.", "000.000"};

  private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
  private final Random random = new Random(seed);

  @Test
  void random_text_never_throws_and_never_parses_to_a_non_positive_or_oversized_amount() {
    for (int i = 0; i < CASES; i++) {
      String text = randomText();
      MoneyInput.Result r;
      try {
        r = MoneyInput.parse(text);
      } catch (RuntimeException e) {
        throw new AssertionError("threw on '" + text + "' (seed " + seed + ")", e);
      }
      if (r instanceof MoneyInput.Result.Parsed p) {
        assertTrue(p.amount().isPositive() && !p.amount().isGreaterThan(MoneyInput.MAX_AMOUNT),
            "'" + text + "' -> " + p + " (seed " + seed + ")");
      }
    }
  }

  @Test
  void every_formatted_amount_reads_back_as_itself() {
    for (int i = 0; i < CASES; i++) {
      long rupiah = switch (random.nextInt(3)) {
        case 0 -> 1 + random.nextInt(1_000_000);
        case 1 -> 1 + (long) (random.nextDouble() * MoneyInput.MAX_AMOUNT.rupiah());
        default -> (1 + random.nextInt(999)) * (random.nextBoolean() ? 1_000L : 1_000_000L);
      };
      Money m = Money.rupiah(rupiah);
      for (String shown : new String[] {m.format(), m.digits(), m.plain()}) {
        assertEquals(new MoneyInput.Result.Parsed(m), MoneyInput.parse(shown), "'" + shown + "' (seed " + seed + ")");
      }
    }
  }

  private String randomText() {
    StringBuilder s = new StringBuilder();
    int parts = random.nextInt(8);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(3)) {
        case 0 -> s.append(PIECES[random.nextInt(PIECES.length)]);
        case 1 -> s.append(random.nextInt(1_000_000));
        default -> s.append((char) random.nextInt(0x3000));
      }
    }
    if (random.nextInt(50) == 0) {
      s.append("9".repeat(random.nextInt(60)));
    }
    return s.toString();
  }
}
