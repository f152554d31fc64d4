package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.time.LocalDate;

/**
 * Verifies, while rows stream past, that a statement adds up: the header's own arithmetic, each
 * line's balance from the previous one, every line inside the period, and the rows' sums against
 * the header's totals. The first mismatch throws {@link IllegalStateException} with the line
 * number, reference and amounts, so a wrong file never reaches an accountant. Not thread-safe: one
 * instance per statement, fed from one thread.
 */
final class StatementBalanceCheck {
  private final StatementHeader header;
  private Money balance;
  private Money sumIn = Money.ZERO;
  private Money sumOut = Money.ZERO;
  private long lineCount;

  StatementBalanceCheck(StatementHeader header) {
    this.header = header;
    this.balance = header.openingBalance();
    Money expectedClosing = header.openingBalance().plus(header.totalIn()).minus(header.totalOut());
    if (!expectedClosing.equals(header.closingBalance())) {
      throw new IllegalStateException(
          "Statement header does not add up: opening "
              + header.openingBalance()
              + " + in "
              + header.totalIn()
              + " - out "
              + header.totalOut()
              + " = "
              + expectedClosing
              + ", but closing balance is "
              + header.closingBalance());
    }
  }

  void accept(StatementLine line) {
    lineCount++;
    LocalDate day = line.timestamp().atZone(StatementHeader.ZONE).toLocalDate();
    if (day.isBefore(header.periodStart()) || day.isAfter(header.periodEnd())) {
      throw mismatch(
          line,
          "is dated " + day + " (WIB), outside the period " + header.periodStart() + " to "
              + header.periodEnd());
    }
    Money expected = balance.plus(line.in()).minus(line.out());
    if (!expected.equals(line.balanceAfter())) {
      throw mismatch(
          line,
          "has balance after "
              + line.balanceAfter()
              + ", but previous balance "
              + balance
              + " + in "
              + line.in()
              + " - out "
              + line.out()
              + " = "
              + expected);
    }
    balance = line.balanceAfter();
    sumIn = sumIn.plus(line.in());
    sumOut = sumOut.plus(line.out());
  }

  /** Call after the last row: the sums must equal the header's totals. */
  void finish() {
    if (!sumIn.equals(header.totalIn()) || !sumOut.equals(header.totalOut())) {
      throw new IllegalStateException(
          "Statement rows do not match the header totals: "
              + lineCount
              + " rows sum to in "
              + sumIn
              + ", out "
              + sumOut
              + ", but the header says in "
              + header.totalIn()
              + ", out "
              + header.totalOut());
    }
    if (!balance.equals(header.closingBalance())) {
      // Unreachable when the header adds up and the sums match, but it is the number an
      // accountant compares, so it is checked on its own.
      throw new IllegalStateException(
          "Statement rows end at balance " + balance + ", but the closing balance is "
              + header.closingBalance());
    }
  }

  long lineCount() {
    return lineCount;
  }

  Money sumIn() {
    return sumIn;
  }

  Money sumOut() {
    return sumOut;
  }

  /** The balance after the last row so far; after {@link #finish()}, the closing balance. */
  Money closingBalance() {
    return balance;
  }

  private IllegalStateException mismatch(StatementLine line, String problem) {
    String reference = line.reference().isEmpty() ? "" : " (" + line.reference() + ")";
    return new IllegalStateException(
        "Statement rows do not add up: line " + lineCount + reference + " " + problem);
  }
}
