package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.conversation.FlowState;

/** The steps of /topup. */
public sealed interface TopUpState extends FlowState {
  /** How much to top up (typed, or a quick button). */
  record AwaitingAmount() implements TopUpState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }
}
