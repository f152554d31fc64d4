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
  WITHDRAWAL_VOID;

  public String dbName() {
    return name().toLowerCase();
  }

  public static TransferKind fromDb(String name) {
    return valueOf(name.toUpperCase());
  }
}
