package id.bizpro.bizcash.statement;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * File names for statements, the same in every language so that accountants can sort them:
 * {@code mutasi-bizcash-2026-11.pdf} for a whole calendar month, {@code
 * mutasi-bizcash-2026-11-01_2026-11-26.xlsx} for any other period. Names contain only ASCII
 * letters, digits, '-', '_' and '.'. Stateless and thread-safe.
 */
public final class StatementFileName {
  private static final String PREFIX = "mutasi-bizcash-";

  private StatementFileName() {}

  public static String of(LocalDate periodStart, LocalDate periodEnd, StatementFormat format) {
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(periodEnd, "periodEnd");
    Objects.requireNonNull(format, "format");
    if (periodEnd.isBefore(periodStart)) {
      throw new IllegalArgumentException(
          "period ends (" + periodEnd + ") before it starts (" + periodStart + ")");
    }
    String period =
        isWholeMonth(periodStart, periodEnd)
            ? YearMonth.from(periodStart).toString()
            : periodStart + "_" + periodEnd;
    return PREFIX + period + "." + format.extension();
  }

  public static String of(StatementHeader header, StatementFormat format) {
    return of(header.periodStart(), header.periodEnd(), format);
  }

  /** True when the period is exactly one calendar month, first day to last day. */
  static boolean isWholeMonth(LocalDate periodStart, LocalDate periodEnd) {
    YearMonth month = YearMonth.from(periodStart);
    return periodStart.equals(month.atDay(1)) && periodEnd.equals(month.atEndOfMonth());
  }
}
