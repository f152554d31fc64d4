package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StatementFileNameTest {
  private static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);
  private static final LocalDate NOV_30 = LocalDate.of(2026, 11, 30);

  @Test
  void whole_calendar_month_is_named_by_the_username_and_the_month() {
    assertEquals("mutasi-bizcash-alice-2026-11.xlsx",
        StatementFileName.of(StatementLanguage.ID, "alice", "Alice", NOV_1, NOV_30, StatementFormat.XLSX));
    assertEquals("mutasi-bizcash-alice-2026-11.pdf",
        StatementFileName.of(StatementLanguage.ID, "alice", "Alice", NOV_1, NOV_30, StatementFormat.PDF));
    assertEquals("mutasi-bizcash-budi_store-2028-02.xlsx",
        StatementFileName.of(StatementLanguage.ID, "Budi_Store", "Budi", LocalDate.of(2028, 2, 1),
            LocalDate.of(2028, 2, 29), StatementFormat.XLSX));
  }

  @Test
  void the_words_of_the_name_are_in_the_statements_language() {
    assertEquals("bizcash-statement-alice-2026-11.pdf",
        StatementFileName.of(StatementLanguage.EN, "alice", "Alice", NOV_1, NOV_30, StatementFormat.PDF));
  }

  @Test
  void month_to_date_and_other_periods_are_named_by_both_dates() {
    assertEquals("mutasi-bizcash-alice-2026-11-01_2026-11-26.xlsx",
        StatementFileName.of(StatementLanguage.ID, "alice", "Alice", NOV_1, LocalDate.of(2026, 11, 26), StatementFormat.XLSX));
    assertEquals("mutasi-bizcash-alice-2026-10-28_2026-11-26.pdf",
        StatementFileName.of(StatementLanguage.ID, "alice", "Alice", LocalDate.of(2026, 10, 28), LocalDate.of(2026, 11, 26),
            StatementFormat.PDF));
    assertEquals("mutasi-bizcash-alice-2026-10-01_2026-11-30.pdf",
        StatementFileName.of(StatementLanguage.ID, "alice", "Alice", LocalDate.of(2026, 10, 1), NOV_30, StatementFormat.PDF));
  }

  @Test
  void without_a_username_the_name_is_reduced_to_ascii_or_left_out() {
    assertEquals("mutasi-bizcash-sukru-nguyen-2026-11.pdf",
        StatementFileName.of(StatementLanguage.ID, null, "Şükrü  Nguyễn 🚀", NOV_1, NOV_30, StatementFormat.PDF));
    assertEquals("mutasi-bizcash-2026-11.pdf",
        StatementFileName.of(StatementLanguage.ID, null, "Жанна 早安", NOV_1, NOV_30, StatementFormat.PDF));
    assertEquals("mutasi-bizcash-2026-11.pdf",
        StatementFileName.of(StatementLanguage.ID, "  ", "../..", NOV_1, NOV_30, StatementFormat.PDF));
  }

  @Test
  void names_hold_only_safe_ascii_characters() {
    String name = StatementFileName.of(StatementLanguage.ID, null, "A/B\\C:*?\"<>| Ñusa", NOV_1, NOV_30, StatementFormat.PDF);
    assertEquals("mutasi-bizcash-a-b-c-nusa-2026-11.pdf", name);
  }

  @Test
  void period_that_ends_before_it_starts_is_refused() {
    assertThrows(IllegalArgumentException.class,
        () -> StatementFileName.of(StatementLanguage.ID, "alice", "Alice", LocalDate.of(2026, 11, 2),
            LocalDate.of(2026, 11, 1), StatementFormat.PDF));
  }
}
