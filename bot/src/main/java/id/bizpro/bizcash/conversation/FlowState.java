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
}
