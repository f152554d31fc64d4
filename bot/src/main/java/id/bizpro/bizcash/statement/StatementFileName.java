package id.bizpro.bizcash.statement;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Objects;

/**
 * File names for statements, so that an accountant who files many of them can tell whose and
 * which period each is and sort them: {@code mutasi-bizcash-alice-2026-11.pdf} for a whole
 * calendar month, {@code mutasi-bizcash-alice-2026-11-01_2026-11-26.xlsx} for any other period.
 * The words are in the statement's language ({@code bizcash-statement-alice-2026-11.pdf} in
 * English). The user part is the Telegram username, else the display name reduced to ASCII
 * ("Budi Santoso" → {@code budi-santoso}), else left out. Names contain only ASCII letters,
 * digits, '-', '_' and '.'. Stateless and thread-safe.
 */
public final class StatementFileName {
  /** Long enough for any Telegram username (32), short enough to keep names readable. */
  private static final int MAX_USER_PART = 32;

  private StatementFileName() {}

  public static String of(
      StatementLanguage language, String username, String displayName,
      LocalDate periodStart, LocalDate periodEnd, StatementFormat format) {
    Objects.requireNonNull(language, "language");
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
    String user = userPart(username);
    if (user.isEmpty()) {
      user = userPart(displayName);
    }
    String words = StatementLabels.of(language).get("file.words");
    return words + "-" + (user.isEmpty() ? "" : user + "-") + period + "." + format.extension();
  }

  public static String of(StatementHeader header, StatementFormat format) {
    return of(header.language(), header.username(), header.displayName(),
        header.periodStart(), header.periodEnd(), format);
  }

  /**
   * Lower-case ASCII letters, digits and Telegram's underscore, with single '-' between words;
   * accents are dropped ("Nguyễn" → "nguyen") and letters without an ASCII form vanish, so a name
   * in Cyrillic alone gives the empty string.
   */
  static String userPart(String name) {
    if (name == null) {
      return "";
    }
    String ascii = Normalizer.normalize(name.strip(), Normalizer.Form.NFKD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_]+", "-")
        .replaceAll("^-+|-+$", "");
    if (ascii.length() > MAX_USER_PART) {
      ascii = ascii.substring(0, MAX_USER_PART).replaceAll("-+$", "");
    }
    return ascii;
  }

  /** True when the period is exactly one calendar month, first day to last day. */
  static boolean isWholeMonth(LocalDate periodStart, LocalDate periodEnd) {
    YearMonth month = YearMonth.from(periodStart);
    return periodStart.equals(month.atDay(1)) && periodEnd.equals(month.atEndOfMonth());
  }
}
