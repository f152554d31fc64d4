package id.bizpro.bizcash.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.MoneyInput.Reason;
import id.bizpro.bizcash.money.MoneyInput.Result;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyInputTest {

  private static void assertParsed(long expectedRupiah, String input) {
    Result result = MoneyInput.parse(input);
    assertEquals(
        new Result.Parsed(Money.rupiah(expectedRupiah)), result, () -> "input [" + input + "]");
  }

  private static void assertRefused(Reason expected, String input) {
    Result result = MoneyInput.parse(input);
    assertEquals(new Result.Refused(expected), result, () -> "input [" + input + "]");
  }

  @ParameterizedTest(name = "[{0}] is {1} rupiah")
  @CsvSource(
      delimiter = '|',
      value = {
        "50000         | 50000",
        "50.000        | 50000",
        "1.250.000     | 1250000",
        "Rp50.000      | 50000",
        "Rp 50.000     | 50000",
        "rp. 50.000    | 50000",
        "RP.50.000     | 50000",
        "IDR 50000     | 50000",
        "idr50.000     | 50000",
        "1             | 1",
      })
  void reads_plain_and_dot_grouped_amounts_with_or_without_currency(String input, long rupiah) {
    assertParsed(rupiah, input);
  }

  @ParameterizedTest(name = "[{0}] is {1} rupiah")
  @CsvSource(
      delimiter = '|',
      value = {
        "50rb      | 50000",
        "50 rb     | 50000",
        "50 ribu   | 50000",
        "50RIBU    | 50000",
        "50k       | 50000",
        "50 K      | 50000",
        "1jt       | 1000000",
        "2 juta    | 2000000",
        "1,5jt     | 1500000",
        "1.5 juta  | 1500000",
        "1,25 jt   | 1250000",
        "0,5jt     | 500000",
        "2.75JT    | 2750000",
        "1,2345jt  | 1234500",
        "Rp 100rb  | 100000",
        "rp1,5jt   | 1500000",
        "1,5rb     | 1500",
      })
  void reads_thousand_and_million_words(String input, long rupiah) {
    assertParsed(rupiah, input);
  }

  @Test
  void tolerates_surrounding_space_and_non_breaking_spaces_pasted_from_banking_apps() {
    assertParsed(50_000, "   50.000 \n");
    assertParsed(50_000, "Rp\u00a050.000");
    assertParsed(50_000, "\t50\u202frb ");
    assertParsed(50_000, "Rp   50.000");
  }

  @ParameterizedTest(name = "[{0}] is {1} rupiah")
  @CsvSource(
      delimiter = '|',
      value = {"50,000 | 50000", "1,250,000 | 1250000", "Rp 12,500 | 12500", "999,999 | 999999"})
  void reads_commas_grouping_thousands_as_english_thousands_separators(String input, long rupiah) {
    assertParsed(rupiah, input);
  }

  @ParameterizedTest(name = "[{0}] is {1} rupiah")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.250.000,00   | 1250000",
        "Rp 1.250.000,00 | 1250000",
        "1,250,000.00   | 1250000",
        "50,000.00      | 50000",
        "12,00          | 12",
        "12,0           | 12",
      })
  void accepts_decimals_that_are_exactly_zero(String input, long rupiah) {
    assertParsed(rupiah, input);
  }

  @ParameterizedTest(name = "[{0}] is {1} rupiah")
  @CsvSource(
      delimiter = '|',
      value = {"'Rp 50.000,-' | 50000", "'50000,-' | 50000", "'Rp50.000,-' | 50000"})
  void accepts_the_indonesian_no_cents_mark(String input, long rupiah) {
    assertParsed(rupiah, input);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "   \t\n", "\u00a0"})
  void refuses_nothing_as_empty(String input) {
    assertRefused(Reason.EMPTY, input);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc", "Rp", "rb", "-", "k", ".", ",", "Rp.", "lima puluh ribu", "50 000", "50rb50",
        "50 rupiah", "1e5", "0x10", "+5000", "5000-", "--5000", "50 rb rb", "５００００", "٥٠٠٠٠",
        "50.000, -", ".500", "500.", "50,", "1..000", "1,,000"
      })
  void refuses_what_is_not_an_amount(String input) {
    assertRefused(Reason.NOT_A_NUMBER, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"50.00", "12.5", "5.0000", "1.25", "1.2345.678", "12.50.000"})
  void refuses_dots_that_do_not_group_thousands_rather_than_guess(String input) {
    assertRefused(Reason.NOT_A_NUMBER, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.500rb", "1,500rb", "1,250jt", "2.000 juta", "1.000k"})
  void refuses_one_separator_before_three_digits_and_a_multiplier_as_ambiguous(String input) {
    assertRefused(Reason.NOT_A_NUMBER, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.250,5,0", "1,250.000.00", "1.2,00", "1.000.000,5jt", "1,5,0jt"})
  void refuses_mixed_separators_that_do_not_make_one_reading(String input) {
    assertRefused(Reason.NOT_A_NUMBER, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5000", "-50.000", "Rp -5.000", "-Rp 5.000", "- 50rb", "\u22125000", "-12,5"})
  void refuses_negative_amounts(String input) {
    assertRefused(Reason.NEGATIVE, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "000", "Rp 0", "0rb", "0,0jt", "-0", "0,00"})
  void refuses_zero(String input) {
    assertRefused(Reason.ZERO, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12,5", "0,5", "1,2345rb", "1.2345rb", "1,0005rb", "1,0000005jt", "1234,567"})
  void refuses_fraction_of_a_rupiah(String input) {
    assertRefused(Reason.FRACTION, input);
  }

  @Test
  void refuses_more_than_fifteen_digits_as_too_long() {
    assertRefused(Reason.TOO_LONG, "99999999999999999999");
    assertRefused(Reason.TOO_LONG, "1234567890123456");
    assertRefused(Reason.TOO_LONG, "1,000000000000000jt");
  }

  @Test
  void refuses_more_than_thirty_characters_as_too_long_before_reading_them() {
    assertRefused(Reason.TOO_LONG, "Rp 50.000 untuk bayar makan siang");
    assertRefused(Reason.TOO_LONG, "5".repeat(1_000_000));
  }

  @Test
  void counts_length_after_trimming_surrounding_space() {
    assertParsed(50_000, " ".repeat(100) + "50000" + " ".repeat(100));
  }

  @Test
  void refuses_amounts_above_the_sane_maximum_as_too_large() {
    assertParsed(999_999_999_999L, "999.999.999.999");
    assertRefused(Reason.TOO_LARGE, "1.000.000.000.000");
    assertRefused(Reason.TOO_LARGE, "1000000jt");
    assertRefused(Reason.TOO_LARGE, "999999999999999");
  }

  @Test
  void accepts_exactly_fifteen_digits_when_the_value_is_sane() {
    assertParsed(1, "000000000000001");
  }

  @Test
  void prefers_negative_over_other_refusals_of_a_non_zero_amount() {
    assertRefused(Reason.NEGATIVE, "-99999999999999");
    assertRefused(Reason.NEGATIVE, "-0,5");
  }

  @Test
  void a_parsed_amount_is_always_positive_and_within_the_maximum() {
    assertThrows(IllegalArgumentException.class, () -> new Result.Parsed(Money.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new Result.Parsed(Money.rupiah(-1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Result.Parsed(MoneyInput.MAX_AMOUNT.plus(Money.rupiah(1))));
    assertThrows(NullPointerException.class, () -> new Result.Refused(null));
  }

  @Test
  void never_throws_answers_every_input_and_stays_fast_on_random_input() {
    String alphabet = "0123456789.,-+ rpRPidrbkjtuaIDR\u00a0\u2212\uD83D\uDCB0xé";
    SplittableRandom random = new SplittableRandom(20261127);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
              text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = text.toString();
            Result result = MoneyInput.parse(input);
            // Every input gets an answer (a null would slip past a pattern match), and surrounding
            // whitespace never changes it (the class comment: whitespace-insensitive).
            assertNotNull(result, () -> "no result for [" + input + "]");
            assertEquals(result, MoneyInput.parse(" \t" + input + "\n "), () -> "padded [" + input + "]");
            if (result instanceof Result.Parsed parsed) {
              assertTrue(parsed.amount().isPositive() && !parsed.amount().isGreaterThan(MoneyInput.MAX_AMOUNT),
                  () -> "[" + input + "] parsed as " + parsed.amount());
            }
          }
        });
  }

  @Test
  void reads_every_amount_it_formats_back_to_the_same_amount() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      Money amount = Money.rupiah(random.nextLong(1, MoneyInput.MAX_AMOUNT.rupiah() + 1));
      assertParsed(amount.rupiah(), amount.format());
      assertParsed(amount.rupiah(), amount.digits());
      assertParsed(amount.rupiah(), amount.plain());
    }
  }

  @Test
  void results_switch_exhaustively() {
    String described =
        switch (MoneyInput.parse("50rb")) {
          case Result.Parsed parsed -> "parsed " + parsed.amount().format();
          case Result.Refused refused -> "refused " + refused.reason();
        };
    assertEquals("parsed Rp 50.000", described);
  }
}
