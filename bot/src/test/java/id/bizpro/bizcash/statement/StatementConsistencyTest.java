package id.bizpro.bizcash.statement;

import static id.bizpro.bizcash.statement.StatementSamples.NOV_1;
import static id.bizpro.bizcash.statement.StatementSamples.NOV_30;
import static id.bizpro.bizcash.statement.StatementSamples.OPENING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatementConsistencyTest {
  private static final Instant NOV_10 = NOV_1.plusDays(9).atTime(9, 30).atZone(StatementHeader.ZONE).toInstant();

  @ParameterizedTest
  @EnumSource(StatementFormat.class)
  void header_whose_closing_is_not_opening_plus_in_minus_out_is_rejected(StatementFormat format) {
    StatementHeader header = header(Money.rupiah(100_000), Money.rupiah(40_000), Money.rupiah(1));

    IllegalStateException e = reject(format, header, StatementRows.none());
    assertTrue(e.getMessage().contains("header does not add up"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(StatementFormat.class)
  void line_whose_balance_does_not_follow_from_the_previous_is_rejected(StatementFormat format) {
    List<StatementLine> lines = new ArrayList<>(List.of(
        StatementLine.credit(NOV_10, "TOP-AAAAAA", "Top up", Money.rupiah(100_000), OPENING.plus(Money.rupiah(100_000))),
        // Off by Rp 1.000: the database lost or doubled an entry.
        StatementLine.debit(NOV_10, "TRF-BBBBBB", "Transfer ke @bob", Money.rupiah(40_000), OPENING.plus(Money.rupiah(61_000)))));
    StatementHeader header = header(Money.rupiah(100_000), Money.rupiah(40_000), Money.ZERO);

    IllegalStateException e = reject(format, header, StatementRows.of(lines));
    assertTrue(e.getMessage().contains("line 2 (TRF-BBBBBB)"), e.getMessage());
    assertTrue(e.getMessage().contains("Rp 5.060.000"), "names the expected balance: " + e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(StatementFormat.class)
  void rows_whose_sums_differ_from_the_header_totals_are_rejected(StatementFormat format) {
    StatementRows rows = StatementRows.of(List.of(
        StatementLine.credit(NOV_10, "TOP-AAAAAA", "Top up", Money.rupiah(100_000), OPENING.plus(Money.rupiah(100_000)))));
    // The header believes in an extra Rp 50.000 both ways, so its own arithmetic still holds.
    StatementHeader header = header(Money.rupiah(150_000), Money.rupiah(50_000), Money.ZERO);

    IllegalStateException e = reject(format, header, rows);
    assertTrue(e.getMessage().contains("do not match the header totals"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(StatementFormat.class)
  void line_dated_outside_the_period_is_rejected(StatementFormat format) {
    // 1 Dec 2026 00:30 WIB is still 30 Nov in UTC: the period is judged in WIB.
    Instant lateNight = NOV_30.plusDays(1).atTime(0, 30).atZone(StatementHeader.ZONE).toInstant();
    StatementRows rows = StatementRows.of(List.of(
        StatementLine.credit(lateNight, "TOP-AAAAAA", "Top up", Money.rupiah(100_000), OPENING.plus(Money.rupiah(100_000)))));

    IllegalStateException e = reject(format, header(Money.rupiah(100_000), Money.ZERO, Money.ZERO), rows);
    assertTrue(e.getMessage().contains("outside the period"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(StatementFormat.class)
  void rows_that_add_up_are_accepted(StatementFormat format) throws Exception {
    StatementRows rows = StatementSamples.generated(20, NOV_1, NOV_30, OPENING);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.writer().write(StatementSamples.november(rows, StatementLanguage.ID), rows, out);
    assertTrue(out.size() > 1000);
  }

  @org.junit.jupiter.api.Test
  void rejected_excel_statement_writes_nothing_to_the_stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatementHeader header = header(Money.rupiah(150_000), Money.rupiah(50_000), Money.ZERO);
    assertThrows(IllegalStateException.class, () -> new XlsxStatementWriter().write(header, StatementRows.none(), out));
    assertEquals(0, out.size());
  }

  /** Opening Rp 5.000.000; closing = opening + in − out + {@code closingError}. */
  private static StatementHeader header(Money in, Money out, Money closingError) {
    return new StatementHeader("Budi Santoso", "budi", NOV_1, NOV_30, StatementSamples.PRINTED_AT,
        OPENING, in, out, OPENING.plus(in).minus(out).plus(closingError), StatementLanguage.ID);
  }

  private static IllegalStateException reject(StatementFormat format, StatementHeader header, StatementRows rows) {
    return assertThrows(IllegalStateException.class,
        () -> format.writer().write(header, rows, new ByteArrayOutputStream()));
  }
}
