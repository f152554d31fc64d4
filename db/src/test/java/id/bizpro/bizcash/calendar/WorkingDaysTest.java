package id.bizpro.bizcash.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.ConfigException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkingDaysTest {
  private static final LocalDate CHRISTMAS_EVE_2026 = LocalDate.of(2026, 12, 24); // Thursday
  private static final LocalDate CHRISTMAS_2026 = LocalDate.of(2026, 12, 25); // Friday
  private static final LocalDate NEW_YEAR_2027 = LocalDate.of(2027, 1, 1); // Friday

  private final WorkingDays yearEnd =
      new WorkingDays(Set.of(CHRISTMAS_EVE_2026, CHRISTMAS_2026, NEW_YEAR_2027));

  @Test
  void a_payout_requested_on_friday_is_due_seven_working_days_later_on_the_tuesday_after_next() {
    LocalDate friday = LocalDate.of(2026, 11, 27);
    assertEquals(DayOfWeek.FRIDAY, friday.getDayOfWeek());

    assertEquals(LocalDate.of(2026, 12, 8), WorkingDays.withoutHolidays().addWorkingDays(friday, 7));
  }

  @Test
  void a_payout_requested_on_the_weekend_is_due_the_same_day_as_one_requested_that_friday() {
    WorkingDays days = WorkingDays.withoutHolidays();
    LocalDate friday = LocalDate.of(2026, 11, 27);

    assertEquals(days.addWorkingDays(friday, 7), days.addWorkingDays(friday.plusDays(1), 7));
    assertEquals(days.addWorkingDays(friday, 7), days.addWorkingDays(friday.plusDays(2), 7));
  }

  @Test
  void skips_christmas_and_new_year_holidays() {
    LocalDate tuesdayBeforeChristmas = LocalDate.of(2026, 12, 22);

    // Wed 23 (1), Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 31 (5), Mon 4 (6), Tue 5 (7).
    assertEquals(LocalDate.of(2027, 1, 5), yearEnd.addWorkingDays(tuesdayBeforeChristmas, 7));
  }

  @Test
  void a_request_made_on_a_holiday_counts_from_the_next_working_day() {
    assertEquals(LocalDate.of(2026, 12, 28), yearEnd.addWorkingDays(CHRISTMAS_2026, 1));
    assertEquals(LocalDate.of(2027, 1, 6), yearEnd.addWorkingDays(CHRISTMAS_2026, 7));
  }

  @Test
  void adding_one_working_day_on_new_years_eve_lands_after_the_long_weekend() {
    assertEquals(LocalDate.of(2027, 1, 4), yearEnd.addWorkingDays(LocalDate.of(2026, 12, 31), 1));
  }

  @Test
  void adding_zero_working_days_returns_the_start_even_on_a_day_off() {
    LocalDate saturday = LocalDate.of(2026, 11, 28);

    assertEquals(saturday, yearEnd.addWorkingDays(saturday, 0));
    assertEquals(CHRISTMAS_2026, yearEnd.addWorkingDays(CHRISTMAS_2026, 0));
    assertEquals(LocalDate.of(2026, 11, 27), yearEnd.addWorkingDays(LocalDate.of(2026, 11, 27), 0));
  }

  @Test
  void refuses_a_negative_number_of_days() {
    assertThrows(
        IllegalArgumentException.class, () -> yearEnd.addWorkingDays(LocalDate.of(2026, 1, 5), -1));
  }

  @Test
  void weekends_and_holidays_are_not_working_days() {
    assertTrue(yearEnd.isWorkingDay(LocalDate.of(2026, 12, 23))); // Wednesday
    assertFalse(yearEnd.isWorkingDay(CHRISTMAS_2026));
    assertFalse(yearEnd.isWorkingDay(LocalDate.of(2026, 12, 26))); // Saturday
    assertFalse(yearEnd.isWorkingDay(LocalDate.of(2026, 12, 27))); // Sunday
    assertTrue(WorkingDays.withoutHolidays().isWorkingDay(CHRISTMAS_2026));
  }

  @Test
  void a_holiday_on_a_weekend_changes_nothing() {
    LocalDate saturday = LocalDate.of(2026, 8, 15);
    WorkingDays withWeekendHoliday = new WorkingDays(Set.of(saturday));

    assertEquals(
        WorkingDays.withoutHolidays().addWorkingDays(LocalDate.of(2026, 8, 14), 7),
        withWeekendHoliday.addWorkingDays(LocalDate.of(2026, 8, 14), 7));
  }

  @Test
  void the_result_is_always_a_working_day_with_exactly_n_working_days_after_the_start() {
    for (int offset = 0; offset < 21; offset++) {
      LocalDate start = LocalDate.of(2026, 12, 14).plusDays(offset);
      for (int n = 1; n <= 10; n++) {
        LocalDate due = yearEnd.addWorkingDays(start, n);
        assertTrue(yearEnd.isWorkingDay(due), () -> "due " + due);
        assertEquals(n, workingDaysAfter(start, due), () -> "from " + start + " to " + due);
      }
    }
  }

  /** Counted the slow obvious way, to check the answer independently. */
  private long workingDaysAfter(LocalDate start, LocalDate end) {
    return start.plusDays(1).datesUntil(end.plusDays(1)).filter(yearEnd::isWorkingDay).count();
  }

  @Test
  void is_not_changed_by_later_changes_to_the_set_it_was_built_from() {
    Set<LocalDate> holidays = new HashSet<>(Set.of(CHRISTMAS_2026));
    WorkingDays days = new WorkingDays(holidays);
    holidays.add(LocalDate.of(2026, 12, 23));

    assertTrue(days.isWorkingDay(LocalDate.of(2026, 12, 23)));
    assertThrows(UnsupportedOperationException.class, () -> days.holidays().add(NEW_YEAR_2027));
  }

  @Test
  void reads_the_holidays_setting() {
    WorkingDays days = WorkingDays.fromSetting("HOLIDAYS", "2026-12-25,2027-01-01");

    assertEquals(Set.of(CHRISTMAS_2026, NEW_YEAR_2027), days.holidays());
  }

  @Test
  void tolerates_spaces_empty_items_and_duplicates_in_the_holidays_setting() {
    assertEquals(
        Set.of(CHRISTMAS_2026, NEW_YEAR_2027),
        WorkingDays.parseHolidays("HOLIDAYS", " 2026-12-25 , ,2027-01-01,, 2026-12-25,\n"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", ",", " , ,"})
  void an_unset_or_blank_holidays_setting_means_no_holidays(String value) {
    assertEquals(Set.of(), WorkingDays.parseHolidays("HOLIDAYS", value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-13-01", "2026-02-30", "25-12-2026", "2026/12/25", "tomorrow", "2026-12-25 2027-01-01"
      })
  void a_malformed_holiday_stops_start_up_with_a_one_line_message_naming_the_setting(String bad) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> WorkingDays.parseHolidays("HOLIDAYS", "2026-12-24," + bad));

    assertEquals("HOLIDAYS", e.variable());
    assertTrue(
        e.getMessage().startsWith("HOLIDAYS: item 2 '" + bad + "' is not a date"), e::getMessage);
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void the_error_message_stays_on_one_short_line_whatever_was_pasted() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> WorkingDays.parseHolidays("HOLIDAYS", "2026-12-\n25," + "x".repeat(500)));

    assertFalse(e.getMessage().contains("\n"), e::getMessage);
    assertTrue(e.getMessage().length() < 200, e::getMessage);
  }
}
