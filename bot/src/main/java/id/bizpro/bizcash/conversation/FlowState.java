package id.bizpro.bizcash.conversation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where a chat stands inside a flow. Each flow declares its own sealed interface of records that
 * extends this one (a sealed root cannot span packages outside a named module) and registers the
 * records under stable type names, because the state is stored as JSON and must survive renames of
 * Java classes. Implementations are immutable records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface FlowState {

  /**
   * The pending action this step waits on, so that {@code /cancel} can cancel it; {@code null}
   * when none.
   */
  @JsonIgnore
  default Long waitingActionId() {
    return null;
  }

  /**
   * True when this step reads a bare number as its own input — an amount, an account number, a
   * bank reference, a PIN at the PIN prompt. Everywhere else a message that looks like a PIN
   * ({@link Input#looksLikePin}) is taken for a misplaced PIN and deleted before the step sees it,
   * so a step that wants a number must say so here, or a six-digit amount would be eaten.
   */
  @JsonIgnore
  default boolean wantsDigits() {
    return false;
  }
}
