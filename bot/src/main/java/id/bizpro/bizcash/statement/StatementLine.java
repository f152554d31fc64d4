package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One ledger entry of a statement: when, which reference, what it was, how much came in or went
 * out, and the balance right after it. Immutable and thread-safe.
 *
 * <p>Guarantees on construction: no component is null (a missing reference or description is the
 * empty string); {@code in} and {@code out} are not negative. An entry normally has exactly one of
 * them non-zero, but both are allowed so that a netted entry can still be printed faithfully.
 *
 * @param timestamp when the entry was booked; printed in WIB
 * @param reference the entry's reference, e.g. {@code TOP-8K2QX7}
 * @param description counterparty and note, e.g. "Transfer dari @alice — makan siang", already in
 *     the statement's language
 * @param in money in, or {@link Money#ZERO}
 * @param out money out, or {@link Money#ZERO}
 * @param balanceAfter the balance right after this entry
 */
public record StatementLine(
    Instant timestamp, String reference, String description, Money in, Money out, Money balanceAfter) {

  public StatementLine {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(balanceAfter, "balanceAfter");
    reference = reference == null ? "" : reference.strip();
    description = description == null ? "" : description.strip();
    if (in.isNegative() || out.isNegative()) {
      throw new IllegalArgumentException(
          "in and out are positive amounts; got in " + in + ", out " + out + " for " + reference);
    }
  }

  /** Money in: a top-up, an incoming transfer, a returned withdrawal. */
  public static StatementLine credit(
      Instant timestamp, String reference, String description, Money amount, Money balanceAfter) {
    return new StatementLine(timestamp, reference, description, amount, Money.ZERO, balanceAfter);
  }

  /** Money out: an outgoing transfer, a withdrawal, a fee. */
  public static StatementLine debit(
      Instant timestamp, String reference, String description, Money amount, Money balanceAfter) {
    return new StatementLine(timestamp, reference, description, Money.ZERO, amount, balanceAfter);
  }
}
