package id.bizpro.bizcash.ledger;

/** BizPro's own accounts in the ledger, created by the first migration. */
public enum SystemAccount {
  /** Money received from banks and gateways; negative by the total ever received. */
  TOPUP_CLEARING("system:topup_clearing"),
  /** Fees earned on top-ups and paid withdrawals. */
  FEE_REVENUE("system:fee_revenue"),
  /** Withdrawals held from wallets and not yet paid or failed. */
  PAYOUTS_IN_FLIGHT("system:payouts_in_flight"),
  /** Withdrawals paid out to users' banks. */
  PAYOUTS_SETTLED("system:payouts_settled"),
  /**
   * Suspense: money received that no wallet could take when it arrived (a second payment, a wrong
   * amount, an unmatched bank credit, the part of a top-up over the balance cap). Positive by what
   * is held; every open unapplied receipt accounts for part of it.
   */
  UNAPPLIED_RECEIPTS("system:unapplied_receipts"),
  /** PPOB purchases held from wallets whose provider answer is not final yet. */
  PPOB_IN_FLIGHT("system:ppob_in_flight"),
  /** What succeeded PPOB purchases cost at the provider (paid from BizPro's deposit there). */
  PPOB_PROVIDER_COST("system:ppob_provider_cost"),
  /** BizPro's margin on succeeded PPOB purchases: sell price minus provider cost. */
  PPOB_MARGIN("system:ppob_margin"),
  /**
   * Money sent from a chat (inline mode, issue #18) held from the sender's wallet until someone
   * claims it or it returns to the sender. Positive by what is held; every held inline send
   * accounts for part of it.
   */
  INLINE_HELD("system:inline_held"),
  /** BizPro's platform account: what the platform API paid into wallets; negative by that total (V130). */
  PLATFORM_PAYOUTS("system:platform_payouts");

  private final String code;

  SystemAccount(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
