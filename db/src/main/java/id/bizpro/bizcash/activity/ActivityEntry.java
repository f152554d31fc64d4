package id.bizpro.bizcash.activity;

import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * One movement of a user's wallet, with what a person needs to recognise it: the kind, the signed
 * amount, the balance after, the business reference, the note, the other user of a transfer and
 * the bank of a withdrawal (number masked). Immutable.
 *
 * @param counterparty the other user of a transfer as {@link id.bizpro.bizcash.user.DisplayNames}
 *     shows them; empty for other kinds, and when nothing visible is left of that user's name
 */
public record ActivityEntry(
    long entryId,
    Instant at,
    TransferKind kind,
    Money amount,
    Money balanceAfter,
    Optional<String> reference,
    Optional<String> note,
    Optional<String> counterparty,
    Optional<String> bank,
    Money fee) {

  public boolean isIn() {
    return amount.isPositive();
  }
}
