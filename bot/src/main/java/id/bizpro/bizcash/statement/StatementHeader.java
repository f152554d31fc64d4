package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Everything a statement prints above its rows: whose it is, the period, when it was printed and
 * the four summary amounts (computed by the database). Immutable and thread-safe.
 *
 * <p>Guarantees on construction: nothing but {@code username} is null; the display name is not
 * blank; the period does not end before it starts; total in and total out are not negative;
 * {@code username} is either null or non-blank without a leading {@code @}; {@code printedAt} is
 * in {@link #ZONE} (WIB). Whether opening + in − out equals closing is checked by the writers, as
 * a data error ({@link IllegalStateException}), together with the rows.
 *
 * @param displayName the user's name as shown in BizCash, e.g. "Budi Santoso"
 * @param username the Telegram username without "@", or null when the user has none
 * @param periodStart first day of the period (WIB), inclusive
 * @param periodEnd last day of the period (WIB), inclusive
 * @param printedAt when the statement was made; converted to WIB
 * @param openingBalance balance at the start of {@code periodStart}
 * @param totalIn sum of all money in during the period
 * @param totalOut sum of all money out during the period (fees included), as a positive amount
 * @param closingBalance balance at the end of {@code periodEnd}
 * @param language labels and date words of the file
 */
public record StatementHeader(
    String displayName,
    String username,
    LocalDate periodStart,
    LocalDate periodEnd,
    ZonedDateTime printedAt,
    Money openingBalance,
    Money totalIn,
    Money totalOut,
    Money closingBalance,
    StatementLanguage language) {

  /** Statement dates and times are in Western Indonesian Time, as the product shows them. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Jakarta");

  public StatementHeader {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(periodEnd, "periodEnd");
    Objects.requireNonNull(printedAt, "printedAt");
    Objects.requireNonNull(openingBalance, "openingBalance");
    Objects.requireNonNull(totalIn, "totalIn");
    Objects.requireNonNull(totalOut, "totalOut");
    Objects.requireNonNull(closingBalance, "closingBalance");
    Objects.requireNonNull(language, "language");
    if (displayName.isBlank()) {
      throw new IllegalArgumentException("displayName is blank");
    }
    if (periodEnd.isBefore(periodStart)) {
      throw new IllegalArgumentException(
          "period ends (" + periodEnd + ") before it starts (" + periodStart + ")");
    }
    if (totalIn.isNegative() || totalOut.isNegative()) {
      throw new IllegalArgumentException(
          "totals are positive amounts; got in " + totalIn + ", out " + totalOut);
    }
    displayName = displayName.strip();
    username = normalizeUsername(username);
    printedAt = printedAt.withZoneSameInstant(ZONE);
  }

  private static String normalizeUsername(String username) {
    if (username == null) {
      return null;
    }
    String bare = username.strip();
    while (bare.startsWith("@")) {
      bare = bare.substring(1);
    }
    return bare.isEmpty() ? null : bare;
  }
}
