package id.bizpro.bizcash.ledger;

/** What a ledger transfer records. The database name is the lower-case constant name. */
public enum TransferKind {
  /** A paid top-up order: clearing → user wallet (amount and unique code) and fee revenue (fee). */
  TOPUP_CREDIT,
  /** User to user, free of charge, with an optional note. */
  P2P,
  /** A withdrawal request: amount and fee leave the wallet into payouts in flight. */
  WITHDRAWAL_HOLD,
  /** The withdrawal was paid out: in flight → payouts settled (amount) and fee revenue (fee). */
  WITHDRAWAL_POST,
  /** The withdrawal failed: in flight → back to the wallet, fee included. */
  WITHDRAWAL_VOID,
  /** Money received that no wallet can take now: clearing → unapplied receipts (suspense). */
  SUSPENSE_RECEIPT,
  /** An admin applies a receipt held in suspense to a user's wallet. */
  SUSPENSE_CREDIT,
  /** An admin sent a receipt held in suspense back to the payer: suspense → payouts settled. */
  SUSPENSE_REFUND,
  /** The gateway took back a payment that sat in suspense: suspense → clearing. */
  SUSPENSE_REVERSAL,
  /** The gateway took back a payment that was credited: wallet (what it holds) and fee → clearing. */
  TOPUP_REVERSAL,
  /** A PPOB purchase: its sell price leaves the wallet into PPOB in flight. */
  PPOB_HOLD,
  /** The purchase succeeded: in flight → provider cost (the provider's price) and margin (the rest). */
  PPOB_POST,
  /** The purchase failed: in flight → back to the wallet, all of it. */
  PPOB_VOID,
  /** Money sent from a chat, confirmed with the PIN: the sender's wallet → inline held. */
  INLINE_HOLD,
  /** The first claimer of an inline send receives it: inline held → the claimer's wallet. */
  INLINE_CLAIM,
  /** An inline send nobody claimed in time, or cancelled: inline held → back to the sender. */
  INLINE_RETURN,
  /** BizPro's platform paid a user (project earnings, refund, bonus): platform payouts → wallet (and suspense over the cap). */
  PLATFORM_CREDIT,
  /** A user paid a charge of BizPro's platform: wallet → platform payouts. */
  PLATFORM_CHARGE;

  public String dbName() {
    return name().toLowerCase();
  }

  public static TransferKind fromDb(String name) {
    return valueOf(name.toUpperCase());
  }
}
