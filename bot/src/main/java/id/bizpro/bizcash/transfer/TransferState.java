package id.bizpro.bizcash.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import id.bizpro.bizcash.conversation.FlowState;
import id.bizpro.bizcash.money.Money;

/** The steps of /transfer before the confirmation (which belongs to the money-out steps). */
public sealed interface TransferState extends FlowState {
  /** Who should receive the money? */
  record AwaitingRecipient() implements TransferState {}

  /** How much to {@code recipientId}? */
  record AwaitingAmount(long recipientId) implements TransferState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** A note for the transfer, or skip. */
  record AwaitingNote(long recipientId, @JsonProperty("amountRupiah") Money amount) implements TransferState {}
}
