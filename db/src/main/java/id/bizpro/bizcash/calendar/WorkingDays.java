package id.bizpro.bizcash.calendar;

import id.bizpro.bizcash.config.ConfigException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
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

  /**
   * Indonesia's national holidays and cuti bersama from the list shipped in the {@code db} module
   * ({@link IndonesianHolidays}): what {@code HOLIDAYS} means when it is not set.
   */
  public static WorkingDays indonesia() {
    return new WorkingDays(IndonesianHolidays.dates());
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
   * Reads the {@code HOLIDAYS} setting. Unset, blank or only separators: {@link #indonesia()}, the
   * built-in list. Otherwise the setting <em>replaces</em> the built-in list, so an operator can
   * drop a tentative date that turned out wrong; the item {@code default} brings the built-in
   * list back in, so {@code default,2026-12-31} adds a company day off to it, and {@code none}
   * alone means weekends only. Dates are ISO ({@code 2026-12-25}), separated by commas; spaces and
   * empty items are allowed so that a hand-edited list does not stop start-up. A malformed item
   * stops start-up with a one-line message naming {@code variable} and the offending item.
   *
   * @throws ConfigException when an item is neither a valid {@code YYYY-MM-DD} date nor a keyword
   */
  public static WorkingDays fromSetting(String variable, String value) {
    Parsed parsed = parse(variable, value, true);
    if (parsed.dates().isEmpty() && !parsed.withDefaults() && !parsed.none()) {
      return indonesia();
    }
    Set<LocalDate> dates = new HashSet<>(parsed.dates());
    if (parsed.withDefaults()) {
      dates.addAll(IndonesianHolidays.dates());
    }
    return new WorkingDays(dates);
  }

  /**
   * The dates of a {@code HOLIDAYS}-style list, keywords not allowed: a null or blank value is no
   * dates. See {@link #fromSetting} for the format.
   *
   * @throws ConfigException when an item is not a valid {@code YYYY-MM-DD} date
   */
  public static Set<LocalDate> parseHolidays(String variable, String value) {
    return parse(variable, value, false).dates();
  }

  private record Parsed(Set<LocalDate> dates, boolean withDefaults, boolean none) {}

  private static Parsed parse(String variable, String value, boolean keywords) {
    if (value == null) {
      return new Parsed(Set.of(), false, false);
    }
    Set<LocalDate> dates = new HashSet<>();
    boolean withDefaults = false;
    boolean none = false;
    String[] items = value.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i].strip();
      if (item.isEmpty()) {
        continue;
      }
      String word = item.toLowerCase(Locale.ROOT);
      if (keywords && word.equals("default")) {
        withDefaults = true;
        continue;
      }
      if (keywords && word.equals("none")) {
        none = true;
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
                + " 2026-12-25,2027-01-01"
                + (keywords ? " (add the word default to keep the built-in Indonesian holidays)" : ""));
      }
    }
    if (none && (withDefaults || !dates.isEmpty())) {
      throw new ConfigException(variable, "'none' means no holidays at all; write it alone");
    }
    return new Parsed(Set.copyOf(dates), withDefaults, none);
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
