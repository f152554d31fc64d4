package id.bizpro.bizcash.withdraw;

import id.bizpro.bizcash.conversation.FlowState;

/** The steps of /withdraw before the confirmation (which belongs to the money-out steps). */
public sealed interface WithdrawState extends FlowState {
  /** Which saved bank account? */
  record AwaitingAccount() implements WithdrawState {}

  /** How much to {@code bankAccountId}? */
  record AwaitingAmount(long bankAccountId) implements WithdrawState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }
}
