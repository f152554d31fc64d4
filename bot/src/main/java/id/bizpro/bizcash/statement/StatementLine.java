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
 * @param type what kind of movement it was, e.g. "Transfer masuk", a short value an accountant
 *     filters on; the description when not given
 * @param counterparty the other user of a transfer or the bank of a withdrawal, or empty
 * @param note the sender's note (berita) and any remark such as the fee a withdrawal included, or
 *     empty
 */
public record StatementLine(
    Instant timestamp,
    String reference,
    String description,
    Money in,
    Money out,
    Money balanceAfter,
    String type,
    String counterparty,
    String note) {

  public StatementLine {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(balanceAfter, "balanceAfter");
    reference = reference == null ? "" : reference.strip();
    description = description == null ? "" : description.strip();
    type = type == null || type.isBlank() ? description : type.strip();
    counterparty = counterparty == null ? "" : counterparty.strip();
    note = note == null ? "" : note.strip();
    if (in.isNegative() || out.isNegative()) {
      throw new IllegalArgumentException(
          "in and out are positive amounts; got in " + in + ", out " + out + " for " + reference);
    }
  }

  /** Money in: a top-up, an incoming transfer, a returned withdrawal. */
  public static StatementLine credit(
      Instant timestamp, String reference, String description, Money amount, Money balanceAfter) {
    return new StatementLine(timestamp, reference, description, amount, Money.ZERO, balanceAfter, "", "", "");
  }

  /** Money out: an outgoing transfer, a withdrawal, a fee. */
  public static StatementLine debit(
      Instant timestamp, String reference, String description, Money amount, Money balanceAfter) {
    return new StatementLine(timestamp, reference, description, Money.ZERO, amount, balanceAfter, "", "", "");
  }

  /** This line with its type, counterparty and note as separate values (the Excel columns). */
  public StatementLine withParts(String type, String counterparty, String note) {
    return new StatementLine(timestamp, reference, description, in, out, balanceAfter, type, counterparty, note);
  }
}
