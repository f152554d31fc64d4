package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The money-moving requests the ledger accepts. Each carries an idempotency key chosen by the
 * caller; {@link #digest()} identifies the request so a reused key with other content is a
 * conflict. Immutable.
 */
public sealed interface TransferRequest {
  String idempotencyKey();

  /** A digest of everything but the key. */
  String digest();

  /**
   * A paid top-up: {@code credited} (amount plus unique code) to the user, {@code fee} to revenue,
   * of which {@code held} goes to suspense instead of the wallet (the part over the balance cap).
   */
  record TopUpCredit(String idempotencyKey, long userId, Money credited, Money fee, String reference, Money held)
      implements TransferRequest {
    public TopUpCredit {
      requireKey(idempotencyKey);
      requirePositive(credited, "credited");
      requireNotNegative(fee, "fee");
      requireNotNegative(held, "held");
      Objects.requireNonNull(reference, "reference");
      if (held.isGreaterThan(credited)) {
        throw new IllegalArgumentException("held " + held.rupiah() + " exceeds credited " + credited.rupiah());
      }
    }

    /** All of it to the wallet. */
    public TopUpCredit(String idempotencyKey, long userId, Money credited, Money fee, String reference) {
      this(idempotencyKey, userId, credited, fee, reference, Money.ZERO);
    }

    /** What the wallet receives. */
    public Money toWallet() {
      return credited.minus(held);
    }

    @Override
    public String digest() {
      // The split between wallet and suspense is decided from the wallet's balance at the time, not
      // by the caller: a retry of the same payment is the same request whatever the split.
      return hash("topup", userId, credited.rupiah(), fee.rupiah(), reference);
    }
  }

  /** Money received that no wallet can take now: clearing → suspense, for the user when known. */
  record SuspenseReceipt(String idempotencyKey, Money amount, Optional<Long> userId, String reference)
      implements TransferRequest {
    public SuspenseReceipt {
      requireKey(idempotencyKey);
      requirePositive(amount, "amount");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String digest() {
      return hash("suspense-receipt", amount.rupiah(), userId.orElse(0L), reference);
    }
  }

  /** An admin applies a receipt held in suspense to a user's wallet. */
  record SuspenseCredit(String idempotencyKey, long userId, Money amount, String reference) implements TransferRequest {
    public SuspenseCredit {
      requireKey(idempotencyKey);
      requirePositive(amount, "amount");
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String digest() {
      return hash("suspense-credit", userId, amount.rupiah(), reference);
    }
  }

  /** Where money held in suspense goes when it leaves without reaching a wallet. */
  enum Release {
    /** Sent back to the payer's bank by an admin: suspense → payouts settled ({@code suspense_refund}). */
    REFUNDED_TO_PAYER,
    /** Taken back by the gateway: suspense → top-up clearing ({@code suspense_reversal}). */
    REVERSED_BY_GATEWAY,
    /**
     * A platform credit held over the balance cap, handed back to BizPro: suspense → the platform
     * account it came from ({@code suspense_reversal}). No bank moved it, so it is not a payout.
     */
    RETURNED_TO_PLATFORM
  }

  /** A receipt held in suspense leaves it, to where {@code release} says. */
  record SuspenseRelease(String idempotencyKey, Money amount, String reference, Release release)
      implements TransferRequest {
    public SuspenseRelease {
      requireKey(idempotencyKey);
      requirePositive(amount, "amount");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(release, "release");
    }

    /** Whether it is booked as a refund (to the payer's bank) rather than a reversal to its source. */
    public boolean refunded() {
      return release == Release.REFUNDED_TO_PAYER;
    }

    @Override
    public String digest() {
      return hash(switch (release) {
        case REFUNDED_TO_PAYER -> "suspense-refund";
        case REVERSED_BY_GATEWAY -> "suspense-reversal";
        case RETURNED_TO_PLATFORM -> "suspense-return-platform";
      }, amount.rupiah(), reference);
    }
  }

  /**
   * The gateway took back a credited top-up: {@code fromWallet} (what the wallet still holds of
   * it) and the {@code fee} return to clearing.
   */
  record TopUpReversal(String idempotencyKey, long userId, Money fromWallet, Money fee, String reference)
      implements TransferRequest {
    public TopUpReversal {
      requireKey(idempotencyKey);
      requireNotNegative(fromWallet, "fromWallet");
      requireNotNegative(fee, "fee");
      requirePositive(fromWallet.plus(fee), "reversed total");
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String digest() {
      return hash("topup-reversal", userId, fromWallet.rupiah(), fee.rupiah(), reference);
    }
  }

  /** User to user, no fee, with an optional note of at most 100 characters. */
  record P2p(String idempotencyKey, long fromUserId, long toUserId, Money amount, Optional<String> note)
      implements TransferRequest {
    public P2p {
      requireKey(idempotencyKey);
      requirePositive(amount, "amount");
      note = note.map(String::strip).filter(n -> !n.isEmpty());
      if (note.isPresent() && note.get().codePointCount(0, note.get().length()) > 100) {
        throw new IllegalArgumentException("note longer than 100 characters");
      }
    }

    @Override
    public String digest() {
      return hash("p2p", fromUserId, toUserId, amount.rupiah(), note.orElse(""));
    }
  }

  /** Holds {@code amount + fee} from the wallet for a withdrawal request. */
  record WithdrawalHold(String idempotencyKey, long userId, Money amount, Money fee, String reference)
      implements TransferRequest {
    public WithdrawalHold {
      requireKey(idempotencyKey);
      requirePositive(amount, "amount");
      requireNotNegative(fee, "fee");
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String digest() {
      // The reference is drawn by the server for each attempt, so it is not part of the request's
      // identity: a retry under the same key with a fresh reference is the same request.
      return hash("hold", userId, amount.rupiah(), fee.rupiah());
    }
  }

  /** The held withdrawal was paid out. */
  record WithdrawalPost(String idempotencyKey, long holdTransferId) implements TransferRequest {
    public WithdrawalPost {
      requireKey(idempotencyKey);
    }

    @Override
    public String digest() {
      return hash("post", holdTransferId);
    }
  }

  /** The held withdrawal failed: amount and fee go back to the wallet. */
  record WithdrawalVoid(String idempotencyKey, long holdTransferId) implements TransferRequest {
    public WithdrawalVoid {
      requireKey(idempotencyKey);
    }

    @Override
    public String digest() {
      return hash("void", holdTransferId);
    }
  }

  /** Holds a PPOB purchase's sell price from the wallet. */
  record PpobHold(String idempotencyKey, long userId, Money price, String reference) implements TransferRequest {
    public PpobHold {
      requireKey(idempotencyKey);
      requirePositive(price, "price");
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String digest() {
      return hash("ppob-hold", userId, price.rupiah(), reference);
    }
  }

  /**
   * The held purchase succeeded: {@code providerCost} to provider cost, the rest of the held price
   * to margin (negative margin when the provider charged more than the sell price).
   */
  record PpobPost(String idempotencyKey, long holdTransferId, Money providerCost) implements TransferRequest {
    public PpobPost {
      requireKey(idempotencyKey);
      requireNotNegative(providerCost, "providerCost");
    }

    @Override
    public String digest() {
      return hash("ppob-post", holdTransferId, providerCost.rupiah());
    }
  }

  /** The held purchase failed: the whole price back to the wallet. */
  record PpobVoid(String idempotencyKey, long holdTransferId) implements TransferRequest {
    public PpobVoid {
      requireKey(idempotencyKey);
    }

    @Override
    public String digest() {
      return hash("ppob-void", holdTransferId);
    }
  }

  /** Holds {@code amount} from the sender's wallet for an inline send (issue #18). */
  record InlineHold(String idempotencyKey, long userId, Money amount, String reference, Optional<String> note)
      implements TransferRequest {
    public InlineHold {
      requireKey(idempotencyKey);
      requirePositive(amount, "amount");
      Objects.requireNonNull(reference, "reference");
      note = note.map(String::strip).filter(n -> !n.isEmpty());
      if (note.isPresent() && note.get().codePointCount(0, note.get().length()) > 100) {
        throw new IllegalArgumentException("note longer than 100 characters");
      }
    }

    @Override
    public String digest() {
      return hash("inline-hold", userId, amount.rupiah(), reference, note.orElse(""));
    }
  }

  /** The held inline send goes to {@code claimerId}; a hold is resolved (claimed or returned) once. */
  record InlineClaim(String idempotencyKey, long holdTransferId, long claimerId) implements TransferRequest {
    public InlineClaim {
      requireKey(idempotencyKey);
    }

    @Override
    public String digest() {
      return hash("inline-claim", holdTransferId, claimerId);
    }
  }

  /** The held inline send goes back to its sender. */
  record InlineReturn(String idempotencyKey, long holdTransferId) implements TransferRequest {
    public InlineReturn {
      requireKey(idempotencyKey);
    }

    @Override
    public String digest() {
      return hash("inline-return", holdTransferId);
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank() || key.length() > 200) {
      throw new IllegalArgumentException("idempotency key must be 1-200 characters");
    }
  }

  private static void requirePositive(Money m, String what) {
    Objects.requireNonNull(m, what);
    if (!m.isPositive()) {
      throw new IllegalArgumentException(what + " must be positive, got " + m.rupiah());
    }
  }

  private static void requireNotNegative(Money m, String what) {
    Objects.requireNonNull(m, what);
    if (m.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + m.rupiah());
    }
  }

  private static String hash(Object... parts) {
    StringBuilder canonical = new StringBuilder();
    for (Object p : parts) {
      String s = String.valueOf(p);
      // Length-prefixed so that field boundaries cannot be confused.
      canonical.append(s.length()).append(':').append(s).append('|');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
