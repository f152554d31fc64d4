package id.bizpro.bizcash.statement;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The days a statement covers, first and last day included, in WIB. Built from the period buttons
 * or from two typed dates ({@code 1/11/2026 - 26/11/2026}, {@code 1/11/2026-26/11/2026}, {@code
 * 01-11-2026 s.d. 26-11-2026}); a typed period that cannot be used comes back as a reason, not an
 * exception. Immutable and thread-safe.
 */
public record StatementPeriod(LocalDate from, LocalDate to) {
  /** Longer periods make files nobody reads and long database scans; a year (leap or not) fits. */
  public static final int MAX_DAYS = 366;

  private static final String DATE = "(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4})";
  // Between the dates: a dash of any kind, "s.d." / "s/d" / "sd" / "sampai" / "hingga" or "to".
  private static final Pattern TWO_DATES = Pattern.compile(
      "\\s*" + DATE + "\\s*(?:-|–|—|s\\.?\\s?d\\.?|s/d|sampai|hingga|to|until)\\s*" + DATE + "\\s*",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  public StatementPeriod {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("period ends before it starts: " + from + " – " + to);
    }
  }

  /** The first of this month up to today. */
  public static StatementPeriod thisMonth(LocalDate today) {
    return new StatementPeriod(today.withDayOfMonth(1), today);
  }

  /** The whole previous calendar month. */
  public static StatementPeriod lastMonth(LocalDate today) {
    YearMonth last = YearMonth.from(today).minusMonths(1);
    return new StatementPeriod(last.atDay(1), last.atEndOfMonth());
  }

  /** Thirty days ending today. */
  public static StatementPeriod last30Days(LocalDate today) {
    return new StatementPeriod(today.minusDays(29), today);
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** What reading a typed period gave. */
  public sealed interface Parsed {
    record Ok(StatementPeriod period) implements Parsed {}

    /** Not two dates in a shape we read. */
    record Unreadable() implements Parsed {}

    /** Looks like a date but is not one, such as 31/2/2026. */
    record NoSuchDate(String typed) implements Parsed {}

    record EndBeforeStart() implements Parsed {}

    /** A day after today: the ledger cannot know it yet. */
    record InFuture() implements Parsed {}

    record TooLong(long days) implements Parsed {}
  }

  /** Reads two typed dates (day first, as Indonesians write them) against {@code today} in WIB. */
  public static Parsed parse(String typed, LocalDate today) {
    if (typed == null || typed.length() > 100) {
      return new Parsed.Unreadable();
    }
    Matcher m = TWO_DATES.matcher(typed);
    if (!m.matches()) {
      return new Parsed.Unreadable();
    }
    LocalDate from;
    LocalDate to;
    try {
      from = date(m, 1);
    } catch (DateTimeException e) {
      return new Parsed.NoSuchDate(m.group(1) + "/" + m.group(2) + "/" + m.group(3));
    }
    try {
      to = date(m, 4);
    } catch (DateTimeException e) {
      return new Parsed.NoSuchDate(m.group(4) + "/" + m.group(5) + "/" + m.group(6));
    }
    if (to.isBefore(from)) {
      return new Parsed.EndBeforeStart();
    }
    if (to.isAfter(today)) {
      return new Parsed.InFuture();
    }
    StatementPeriod period = new StatementPeriod(from, to);
    if (period.days() > MAX_DAYS) {
      return new Parsed.TooLong(period.days());
    }
    return new Parsed.Ok(period);
  }

  private static LocalDate date(Matcher m, int firstGroup) {
    return LocalDate.of(
        Integer.parseInt(m.group(firstGroup + 2)),
        Integer.parseInt(m.group(firstGroup + 1)),
        Integer.parseInt(m.group(firstGroup)));
  }
}
