package id.bizpro.bizcash.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.config.MoneyRules;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in Indonesian calendar, and how HOLIDAYS replaces or extends it. */
class IndonesianHolidaysTest {
  private final WorkingDays unset = MoneyRules.fromEnv(new Env(Map.of())).calendar();

  @Test
  void without_holidays_set_the_latest_payout_date_skips_christmas_and_its_cuti_bersama() {
    // Tue 22 Dec 2026: Wed 23 (1), [Thu 24 cuti bersama, Fri 25 Natal], Mon 28 (2), Tue 29 (3),
    // Wed 30 (4), Thu 31 (5), [Fri 1 Jan], Mon 4 (6), [Tue 5 Isra Mikraj, tentative], Wed 6 (7).
    assertFalse(unset.isWorkingDay(LocalDate.of(2026, 12, 25)));
    assertFalse(unset.isWorkingDay(LocalDate.of(2026, 12, 24)));
    assertEquals(LocalDate.of(2027, 1, 6), unset.addWorkingDays(LocalDate.of(2026, 12, 22), 7));
  }

  @Test
  void without_holidays_set_lebaran_2026_and_its_cuti_bersama_are_skipped() {
    // Tue 17 Mar 2026: 18 cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend), 23-24 cuti.
    for (int day = 18; day <= 24; day++) {
      assertFalse(unset.isWorkingDay(LocalDate.of(2026, 3, day)), "March " + day);
    }
    assertEquals(LocalDate.of(2026, 3, 25), unset.addWorkingDays(LocalDate.of(2026, 3, 17), 1));
  }

  @Test
  void without_holidays_set_idul_fitri_2027_is_skipped() {
    assertFalse(unset.isWorkingDay(LocalDate.of(2027, 3, 10)));
    assertFalse(unset.isWorkingDay(LocalDate.of(2027, 3, 11)));
    assertTrue(WorkingDays.withoutHolidays().isWorkingDay(LocalDate.of(2027, 3, 10)));
  }

  @Test
  void an_explicit_holidays_setting_replaces_the_built_in_list() {
    WorkingDays set = MoneyRules.fromEnv(new Env(Map.of("HOLIDAYS", "2026-12-31"))).calendar();

    assertEquals(Set.of(LocalDate.of(2026, 12, 31)), set.holidays());
    assertTrue(set.isWorkingDay(LocalDate.of(2026, 12, 24)));
    assertFalse(set.isWorkingDay(LocalDate.of(2026, 12, 31)));
  }

  @Test
  void the_word_default_keeps_the_built_in_list_and_adds_to_it() {
    WorkingDays days = WorkingDays.fromSetting("HOLIDAYS", "default, 2026-12-31");

    assertFalse(days.isWorkingDay(LocalDate.of(2026, 12, 25)));
    assertFalse(days.isWorkingDay(LocalDate.of(2026, 12, 31)));
    assertEquals(IndonesianHolidays.dates().size() + 1, days.holidays().size());
  }

  @Test
  void the_word_none_means_weekends_only_and_must_stand_alone() {
    assertEquals(WorkingDays.withoutHolidays(), WorkingDays.fromSetting("HOLIDAYS", "none"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> WorkingDays.fromSetting("HOLIDAYS", "none,2026-12-25"));
    assertEquals("HOLIDAYS", e.variable());
  }

  @Test
  void unset_blank_or_separators_only_mean_the_built_in_list() {
    assertEquals(WorkingDays.indonesia(), WorkingDays.fromSetting("HOLIDAYS", null));
    assertEquals(WorkingDays.indonesia(), WorkingDays.fromSetting("HOLIDAYS", "  "));
    assertEquals(WorkingDays.indonesia(), WorkingDays.fromSetting("HOLIDAYS", " , "));
  }

  @Test
  void a_misspelt_keyword_stops_start_up_naming_the_setting() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> WorkingDays.fromSetting("HOLIDAYS", "defaults,2026-12-31"));
    assertTrue(e.getMessage().startsWith("HOLIDAYS: item 1 'defaults' is not a date"), e::getMessage);
  }

  @Test
  void the_2026_list_is_the_skb_one_17_national_holidays_and_8_days_of_cuti_bersama() {
    var year2026 = IndonesianHolidays.all().stream().filter(h -> h.date().getYear() == 2026).toList();
    // 17 national holidays on 16 rows: Idul Fitri's two days are two rows, Isa Almasih's
    // Good Friday and Easter are two, and each listed holiday is one day.
    assertEquals(8, year2026.stream().filter(h -> h.kind() == IndonesianHolidays.Kind.CUTI).count());
    assertEquals(17, year2026.stream().filter(h -> h.kind() == IndonesianHolidays.Kind.LIBUR).count());
    assertTrue(year2026.stream().allMatch(h -> h.status() == IndonesianHolidays.Status.OFFICIAL));
  }

  @Test
  void the_list_has_no_duplicate_dates_and_is_in_date_order() {
    var dates = IndonesianHolidays.all().stream().map(IndonesianHolidays.Holiday::date).toList();
    assertEquals(dates.size(), Set.copyOf(dates).size());
    assertEquals(dates.stream().sorted().toList(), dates);
  }

  @Test
  void the_list_covers_the_current_year_update_it_from_the_skb_when_this_fails() {
    int thisYear = LocalDate.now(ZoneId.of("Asia/Jakarta")).getYear();
    assertTrue(
        IndonesianHolidays.all().stream().anyMatch(h -> h.date().getYear() == thisYear),
        IndonesianHolidays.RESOURCE + " has no holidays for " + thisYear + "; add that year's SKB 3 Menteri list");
  }
}
