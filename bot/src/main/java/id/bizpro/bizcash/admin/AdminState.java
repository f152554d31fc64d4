package id.bizpro.bizcash.admin;

import id.bizpro.bizcash.conversation.FlowState;

/**
 * An admin settling one withdrawal: after "mark paid" the bot waits for the bank transfer
 * reference, after "failed" for the reason. Only the withdrawal's reference is kept; whether it is
 * still pending is checked again when the answer arrives.
 */
public sealed interface AdminState extends FlowState {
  /** A bank reference may be all digits. */
  record AwaitingPayoutReference(String withdrawal) implements AdminState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  record AwaitingFailureReason(String withdrawal) implements AdminState {}

  /** After "mark refunded" of a receipt held in suspense: the bank reference of the refund. */
  record AwaitingRefundReference(long receiptId, String receipt) implements AdminState {}
}
