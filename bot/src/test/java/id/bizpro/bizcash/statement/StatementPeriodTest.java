package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StatementPeriodTest {
  static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

  private static StatementPeriod ok(String typed) {
    return assertInstanceOf(StatementPeriod.Parsed.Ok.class, StatementPeriod.parse(typed, TODAY)).period();
  }

  @Test
  void two_dates_are_read_day_first_with_any_usual_separator() {
    StatementPeriod nov = new StatementPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 26));
    assertEquals(nov, ok("1/11/2026 - 26/11/2026"));
    assertEquals(nov, ok("1/11/2026-26/11/2026"));
    assertEquals(nov, ok("01-11-2026 s.d. 26-11-2026"));
    assertEquals(nov, ok("01.11.2026 sampai 26.11.2026"));
    assertEquals(nov, ok(" 1/11/2026 – 26/11/2026 "));
    assertEquals(nov, ok("1/11/2026 to 26/11/2026"));
  }

  @Test
  void unusable_periods_come_back_with_their_reason() {
    assertInstanceOf(StatementPeriod.Parsed.Unreadable.class, StatementPeriod.parse("november", TODAY));
    assertInstanceOf(StatementPeriod.Parsed.Unreadable.class, StatementPeriod.parse("1/11/2026", TODAY));
    assertEquals(new StatementPeriod.Parsed.NoSuchDate("31/2/2026"), StatementPeriod.parse("31/2/2026 - 1/3/2026", TODAY));
    assertInstanceOf(StatementPeriod.Parsed.EndBeforeStart.class, StatementPeriod.parse("26/11/2026 - 1/11/2026", TODAY));
    assertInstanceOf(StatementPeriod.Parsed.InFuture.class, StatementPeriod.parse("1/11/2026 - 27/11/2026", TODAY));
    assertEquals(new StatementPeriod.Parsed.TooLong(367), StatementPeriod.parse("1/1/2025 - 2/1/2026", TODAY));
  }

  @Test
  void a_year_of_366_days_is_the_longest_period() {
    assertEquals(366, ok("1/1/2024 - 31/12/2024").days());
  }

  @Test
  void the_buttons_periods_are_this_month_so_far_the_whole_last_month_and_thirty_days() {
    assertEquals(new StatementPeriod(LocalDate.of(2026, 11, 1), TODAY), StatementPeriod.thisMonth(TODAY));
    assertEquals(new StatementPeriod(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)), StatementPeriod.lastMonth(TODAY));
    assertEquals(30, StatementPeriod.last30Days(TODAY).days());
    assertEquals(TODAY, StatementPeriod.last30Days(TODAY).to());
  }
}
