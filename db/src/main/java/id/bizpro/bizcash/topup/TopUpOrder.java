package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * A top-up order: the user pays {@code total} = amount + fee + unique code and is credited amount +
 * unique code. Immutable.
 */
public record TopUpOrder(
    long id,
    String reference,
    long userId,
    Money amount,
    Money fee,
    Money uniqueCode,
    Money total,
    Status status,
    Instant expiresAt,
    Instant createdAt,
    Optional<Instant> closedAt,
    boolean paidLate,
    Optional<String> paidVia,
    Optional<String> paymentUrl) {

  public enum Status {
    OPEN,
    PAID,
    EXPIRED,
    CANCELLED
  }

  /**
   * What the user's wallet receives when the order is paid: the total less the fee (a top-up's
   * payer pays amount + fee + code and is credited amount + code; a payment link's payer pays
   * amount + code and the payee is credited that less PAYLINK_FEE).
   */
  public Money credited() {
    return total.minus(fee);
  }

  public boolean isOpen() {
    return status == Status.OPEN;
  }
}
