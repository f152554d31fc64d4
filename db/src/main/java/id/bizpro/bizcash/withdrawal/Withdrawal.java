package id.bizpro.bizcash.withdrawal;

import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A withdrawal request: {@code amount + fee} held from the wallet, {@code amount} paid to {@code
 * account} by {@code dueDate}. Immutable.
 */
public record Withdrawal(
    long id,
    String reference,
    long userId,
    BankAccount account,
    Money amount,
    Money fee,
    Status status,
    LocalDate dueDate,
    long holdTransferId,
    Optional<String> payoutReference,
    Optional<String> failureReason,
    Instant createdAt,
    Optional<Instant> resolvedAt) {

  public enum Status {
    PENDING,
    PAID,
    FAILED
  }

  public Money total() {
    return amount.plus(fee);
  }
}
