package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StatementFileNameTest {
  @Test
  void whole_calendar_month_is_named_by_its_month() {
    assertEquals("mutasi-bizcash-2026-11.pdf",
        StatementFileName.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), StatementFormat.PDF));
    assertEquals("mutasi-bizcash-2028-02.xlsx",
        StatementFileName.of(LocalDate.of(2028, 2, 1), LocalDate.of(2028, 2, 29), StatementFormat.XLSX));
  }

  @Test
  void month_to_date_and_other_periods_are_named_by_both_dates() {
    assertEquals("mutasi-bizcash-2026-11-01_2026-11-26.xlsx",
        StatementFileName.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 26), StatementFormat.XLSX));
    assertEquals("mutasi-bizcash-2026-10-28_2026-11-26.pdf",
        StatementFileName.of(LocalDate.of(2026, 10, 28), LocalDate.of(2026, 11, 26), StatementFormat.PDF));
    assertEquals("mutasi-bizcash-2026-10-01_2026-11-30.pdf",
        StatementFileName.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), StatementFormat.PDF));
  }

  @Test
  void period_that_ends_before_it_starts_is_refused() {
    assertThrows(IllegalArgumentException.class,
        () -> StatementFileName.of(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 1), StatementFormat.PDF));
  }
}
