package id.bizpro.bizcash.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import id.bizpro.bizcash.conversation.FlowState;
import id.bizpro.bizcash.money.Money;

/** The steps of /tagih (asking someone for money). */
public sealed interface RequestState extends FlowState {
  /** Whom to ask? */
  record AwaitingPayer() implements RequestState {}

  /** How much to ask {@code payerId} for? */
  record AwaitingAmount(long payerId) implements RequestState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** A note for the request, or skip. */
  record AwaitingNote(long payerId, @JsonProperty("amountRupiah") Money amount) implements RequestState {}
}
