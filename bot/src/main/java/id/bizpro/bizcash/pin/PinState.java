package id.bizpro.bizcash.pin;

import id.bizpro.bizcash.conversation.FlowState;

/**
 * The PIN steps: confirming a money-out with the PIN, or choosing a new PIN. Every step but
 * {@link Confirming} is a PIN prompt: it {@link #wantsDigits() wants digits} and deletes the
 * message itself, whatever it makes of it.
 */
public sealed interface PinState extends FlowState {

  /** The confirmation of pending action {@code actionId} is shown; waiting for its buttons. */
  record Confirming(long actionId) implements PinState {
    @Override
    public Long waitingActionId() {
      return actionId;
    }
  }

  /** Type the PIN to carry out pending action {@code actionId}. */
  record Entering(long actionId) implements PinState {
    @Override
    public Long waitingActionId() {
      return actionId;
    }

    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** Type the current PIN before choosing a new one (settings). */
  record EnteringOld() implements PinState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** Type a new PIN; {@code actionId} (nullable) is the money-out waiting for it. */
  record Choosing(Long actionId) implements PinState {
    @Override
    public Long waitingActionId() {
      return actionId;
    }

    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /**
   * Type the new PIN again. The first entry is kept only as a salted hash, never as the PIN.
   */
  record Repeating(Long actionId, String saltBase64, String hashBase64) implements PinState {
    @Override
    public Long waitingActionId() {
      return actionId;
    }

    @Override
    public boolean wantsDigits() {
      return true;
    }
  }
}
