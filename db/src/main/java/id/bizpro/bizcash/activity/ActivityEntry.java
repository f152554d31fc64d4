package id.bizpro.bizcash.activity;

import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One movement of a user's wallet, with what a person needs to recognise it: the kind, the signed
 * amount, the balance after, the business reference, the note, the other user of a transfer and
 * the bank of a withdrawal (number masked). Immutable.
 *
 * @param counterparty the other user of a transfer as {@link id.bizpro.bizcash.user.DisplayNames}
 *     shows them; empty for other kinds, and when nothing visible is left of that user's name
 * @param fee the transfer's fee (a top-up's, a withdrawal's), {@link Money#ZERO} when none
 * @param orderAmount a top-up's ordered amount, without unique code and fee; zero for other kinds
 * @param uniqueCode a top-up's unique code (it is credited with the amount); zero when none
 * @param withdrawalStatus a withdrawal's status: {@code pending}, {@code paid}, {@code failed}
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
    Money fee,
    Money orderAmount,
    Money uniqueCode,
    Optional<String> withdrawalStatus) {

  public boolean isIn() {
    return amount.isPositive();
  }

  /** What a line of activity stands for: the movement itself, or its fee shown on its own. */
  public enum Role { MAIN, FEE }

  /**
   * One line as a person reads it: its signed amount and the balance right after it. The parts of
   * an entry add up to it, and the last part's balance is the entry's.
   */
  public record Part(Role role, Money amount, Money balanceAfter) {
    public boolean isIn() {
      return amount.isPositive();
    }
  }

  /**
   * The lines this entry is read as, in order, so that a history or statement matches the user's
   * bank statement line by line: a top-up shows what the user paid (amount, unique code and fee)
   * coming in and the fee going out; a withdrawal its amount and its fee going out, two lines under
   * the same reference; a failed withdrawal both coming back. Other entries are one line.
   */
  public List<Part> parts() {
    if (!fee.isPositive()) {
      return List.of(new Part(Role.MAIN, amount, balanceAfter));
    }
    return switch (kind) {
      case TOPUP_CREDIT, WITHDRAWAL_HOLD -> List.of(
          new Part(Role.MAIN, amount.plus(fee), balanceAfter.plus(fee)), new Part(Role.FEE, fee.negate(), balanceAfter));
      case WITHDRAWAL_VOID -> List.of(
          new Part(Role.MAIN, amount.minus(fee), balanceAfter.minus(fee)), new Part(Role.FEE, fee, balanceAfter));
      default -> List.of(new Part(Role.MAIN, amount, balanceAfter));
    };
  }
}
