package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * One committed, immutable movement of money and the business facts around it. Its entries (one
 * per account touched) sum to zero. {@code amount} is what the transfer is about (credited top-up,
 * transferred or withdrawn sum); {@code fee} is charged on top of it.
 */
public record Transfer(
    long id,
    String idempotencyKey,
    TransferKind kind,
    Money amount,
    Money fee,
    Optional<Long> fromUserId,
    Optional<Long> toUserId,
    Optional<String> reference,
    Optional<String> note,
    Optional<Long> pendingId,
    Instant createdAt) {}
