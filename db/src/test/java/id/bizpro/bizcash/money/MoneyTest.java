package id.bizpro.bizcash.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  @ParameterizedTest(name = "{0} is shown as [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "0                    | Rp 0                        | 0",
        "1                    | Rp 1                        | 1",
        "999                  | Rp 999                      | 999",
        "1000                 | Rp 1.000                    | 1.000",
        "12500                | Rp 12.500                   | 12.500",
        "100000               | Rp 100.000                  | 100.000",
        "1250000              | Rp 1.250.000                | 1.250.000",
        "-8000                | -Rp 8.000                   | 8.000",
        "-999                 | -Rp 999                     | 999",
        "9223372036854775807  | Rp 9.223.372.036.854.775.807  | 9.223.372.036.854.775.807",
        "-9223372036854775808 | -Rp 9.223.372.036.854.775.808 | 9.223.372.036.854.775.808",
      })
  void formats_rupiah_with_dot_thousands_as_indonesians_write_them(
      long rupiah, String formatted, String digits) {
    Money amount = Money.rupiah(rupiah);

    assertEquals(formatted, amount.format());
    assertEquals(digits, amount.digits());
    assertEquals(formatted, amount.toString());
  }

  @Test
  void plain_is_the_number_to_copy_into_a_banking_app() {
    assertEquals("106123", Money.rupiah(106_123).plain());
    assertEquals("-8000", Money.rupiah(-8_000).plain());
    assertEquals("0", Money.ZERO.plain());
  }

  @ParameterizedTest
  @ValueSource(strings = {"106000.00", "106000", "1.06E+5", "106000.000000"})
  void converts_an_exact_decimal_such_as_a_midtrans_gross_amount(String decimal) {
    assertEquals(Money.rupiah(106_000), Money.ofExact(new BigDecimal(decimal)));
  }

  @Test
  void converts_zero_and_negative_exact_decimals() {
    assertEquals(Money.ZERO, Money.ofExact(new BigDecimal("0.00")));
    assertEquals(Money.rupiah(-8_000), Money.ofExact(new BigDecimal("-8000.0")));
    assertEquals(
        Money.rupiah(Long.MAX_VALUE), Money.ofExact(new BigDecimal("9223372036854775807.00")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"106000.50", "0.01", "1E-999999999", "9223372036854775808", "1E+19"})
  void refuses_a_fraction_of_a_rupiah_or_an_amount_out_of_range_instead_of_rounding(
      String decimal) {
    assertThrows(ArithmeticException.class, () -> Money.ofExact(new BigDecimal(decimal)));
  }

  @Test
  void refuses_a_huge_exponent_at_once_with_a_short_message() {
    ArithmeticException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () ->
                assertThrows(
                    ArithmeticException.class,
                    () -> Money.ofExact(new BigDecimal("1E+999999999"))));
    assertTrue(e.getMessage().length() < 100, e::getMessage);
  }

  @Test
  void refuses_to_overflow_instead_of_wrapping() {
    Money max = Money.rupiah(Long.MAX_VALUE);

    assertThrows(ArithmeticException.class, () -> max.plus(Money.rupiah(1)));
    assertThrows(
        ArithmeticException.class, () -> Money.rupiah(Long.MIN_VALUE).minus(Money.rupiah(1)));
    assertThrows(ArithmeticException.class, () -> Money.rupiah(Long.MIN_VALUE).negate());
  }

  @Test
  void adds_and_subtracts_exactly() {
    Money amount = Money.rupiah(100_000);
    Money fee = Money.rupiah(6_000);

    assertEquals(Money.rupiah(106_000), amount.plus(fee));
    assertEquals(Money.rupiah(94_000), amount.minus(fee));
    assertEquals(Money.rupiah(-6_000), fee.negate());
  }

  @Test
  void compares_by_amount() {
    Money small = Money.rupiah(1_000);
    Money large = Money.rupiah(50_000);

    assertTrue(small.isLessThan(large));
    assertTrue(large.isGreaterThan(small));
    assertTrue(small.compareTo(large) < 0);
    assertTrue(Money.ZERO.isZero());
    assertTrue(small.isPositive());
    assertTrue(small.negate().isNegative());
  }
}
