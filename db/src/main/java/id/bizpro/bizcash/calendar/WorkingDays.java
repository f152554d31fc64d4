package id.bizpro.bizcash.calendar;

import id.bizpro.bizcash.config.ConfigException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Counts working days in Indonesia as BizPro's finance team works them: Monday to Friday, except
 * the configured holidays. It answers questions about calendar dates only; the caller decides
 * which date "today" is (in Asia/Jakarta), so this type needs no clock. Immutable and thread-safe.
 */
public final class WorkingDays {
  private final Set<LocalDate> holidays;

  /** Holidays falling on a weekend are allowed and change nothing. */
  public WorkingDays(Set<LocalDate> holidays) {
    this.holidays = Set.copyOf(Objects.requireNonNull(holidays, "holidays"));
  }

  /** Only weekends are days off. */
  public static WorkingDays withoutHolidays() {
    return new WorkingDays(Set.of());
  }

  /** The configured holidays, unmodifiable. */
  public Set<LocalDate> holidays() {
    return holidays;
  }

  public boolean isWorkingDay(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.contains(date);
  }

  /**
   * The date on which the {@code n}th working day after {@code start} falls; {@code start} itself
   * never counts, whether or not it is a working day, so a request made on a Saturday and one made
   * on the Friday before reach the same date. With {@code n == 0} this is {@code start} unchanged:
   * nothing to add. Takes time proportional to {@code n}, which is a handful of days in practice.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   */
  public LocalDate addWorkingDays(LocalDate start, int n) {
    Objects.requireNonNull(start, "start");
    if (n < 0) {
      throw new IllegalArgumentException("working days to add must not be negative: " + n);
    }
    LocalDate date = start;
    int remaining = n;
    while (remaining > 0) {
      date = date.plusDays(1);
      if (isWorkingDay(date)) {
        remaining--;
      }
    }
    return date;
  }

  /**
   * Reads a setting such as {@code 2026-12-25,2027-01-01}: ISO dates separated by commas, with
   * spaces and empty items allowed so that a hand-edited list does not stop start-up. A null or
   * blank value means no holidays. A malformed date stops start-up with a one-line message naming
   * {@code variable} and the offending item.
   *
   * @throws ConfigException when an item is not a valid {@code YYYY-MM-DD} date
   */
  public static WorkingDays fromSetting(String variable, String value) {
    return new WorkingDays(parseHolidays(variable, value));
  }

  /** The dates of a {@code HOLIDAYS}-style setting; see {@link #fromSetting}. */
  public static Set<LocalDate> parseHolidays(String variable, String value) {
    if (value == null) {
      return Set.of();
    }
    Set<LocalDate> dates = new HashSet<>();
    String[] items = value.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i].strip();
      if (item.isEmpty()) {
        continue;
      }
      try {
        dates.add(LocalDate.parse(item));
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            variable,
            "item "
                + (i + 1)
                + " '"
                + printable(item)
                + "' is not a date; write dates as YYYY-MM-DD separated by commas, e.g."
                + " 2026-12-25,2027-01-01");
      }
    }
    return Set.copyOf(dates);
  }

  /** Keeps the error message on one short line whatever was pasted into the setting. */
  private static String printable(String item) {
    String oneLine = item.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "…";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WorkingDays that && holidays.equals(that.holidays);
  }

  @Override
  public int hashCode() {
    return holidays.hashCode();
  }

  @Override
  public String toString() {
    return "WorkingDays[holidays=" + holidays.size() + "]";
  }
}
