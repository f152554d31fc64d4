package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Optional;

/** One PPOB purchase as stored. Immutable. */
public record PpobPurchase(
    long id, String reference, long userId, String sku, String productName, String category, String customerNo,
    Money sellPrice, Money maxPrice, Status status, long holdTransferId, Optional<Money> providerPrice,
    Optional<String> sn, Optional<String> rc, Optional<String> message, Optional<String> resolvedBy, int attempts,
    Instant createdAt, Optional<Instant> resolvedAt) {
  public enum Status { PENDING, SUCCESS, FAILED }

  public PpobSettings.Category categoryEnum() {
    return PpobSettings.Category.valueOf(category);
  }
}
