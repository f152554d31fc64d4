package id.bizpro.bizcash.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.ResourceBundle;

/**
 * Labels and date words of one statement language, read from the {@code statement_messages}
 * bundle (Indonesian in the base file, English in {@code _en}). Dates are spelled out here rather
 * than with the JDK's locale data so that they read exactly as the product writes them ("26 Nov
 * 2026 14:05 WIB", "1 Agu 2026") whatever the JVM's CLDR version. Immutable and thread-safe.
 */
final class StatementLabels {
  private static final String BUNDLE = "statement_messages";

  private final ResourceBundle bundle;
  private final List<String> months;

  private StatementLabels(ResourceBundle bundle) {
    this.bundle = bundle;
    this.months = List.of(bundle.getString("month.short").split(","));
    if (months.size() != 12) {
      throw new IllegalStateException(BUNDLE + ": month.short must list 12 months");
    }
  }

  static StatementLabels of(StatementLanguage language) {
    // No fallback to the JVM's default locale: an English server must still print Indonesian
    // statements from the base bundle, and vice versa.
    ResourceBundle.Control noFallback =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    return new StatementLabels(
        switch (language) {
          case ID -> ResourceBundle.getBundle(BUNDLE, java.util.Locale.ROOT, noFallback);
          case EN -> ResourceBundle.getBundle(BUNDLE, java.util.Locale.ENGLISH, noFallback);
        });
  }

  String get(String key) {
    return bundle.getString(key);
  }

  /** The message for {@code key} with {@code {0}}, {@code {1}}, … replaced verbatim. */
  String fill(String key, String... args) {
    String text = get(key);
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", args[i]);
    }
    return text;
  }

  /** "1 Nov 2026". */
  String date(LocalDate date) {
    return date.getDayOfMonth() + " " + month(date.getMonthValue()) + " " + date.getYear();
  }

  /** "26 Nov 2026 14:05", the instant in WIB. */
  String dateTime(Instant instant) {
    LocalDateTime wib = LocalDateTime.ofInstant(instant, StatementHeader.ZONE);
    return date(wib.toLocalDate()) + String.format(" %02d:%02d", wib.getHour(), wib.getMinute());
  }

  /** "26 Nov 2026 14:05 WIB". */
  String printedAt(ZonedDateTime printedAt) {
    return dateTime(printedAt.toInstant()) + " WIB";
  }

  /** "1 Nov 2026 – 30 Nov 2026". */
  String period(LocalDate start, LocalDate end) {
    return date(start) + " \u2013 " + date(end);
  }

  /** "Nov 2026". */
  String monthYear(YearMonth month) {
    return month(month.getMonthValue()) + " " + month.getYear();
  }

  /** "Budi Santoso (@budi)", or just the name when the user has no username. */
  String user(StatementHeader header) {
    return header.username() == null
        ? header.displayName()
        : header.displayName() + " (@" + header.username() + ")";
  }

  private String month(int monthValue) {
    return months.get(monthValue - 1);
  }
}
