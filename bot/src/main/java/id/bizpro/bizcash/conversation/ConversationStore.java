package id.bizpro.bizcash.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-chat conversation rows. {@link #lock} takes the chat's row lock for the rest of the
 * transaction: this is what serializes one chat's updates across threads and processes. Thread-safe
 * and stateless (the mapper is shared and thread-safe).
 */
public final class ConversationStore {
  private static final Logger log = LoggerFactory.getLogger(ConversationStore.class);
  private final ObjectMapper json;

  public ConversationStore(ObjectMapper json) {
    this.json = json;
  }

  /** Creates the chat's row if absent, locks it and returns its state ({@code null}: no flow). */
  public FlowState lock(Handle h, long chatId) {
    List<String> rows;
    do {
      // The retention job deletes long-idle rows; one deleted between these two statements is
      // inserted again (a new row is never idle, so this runs at most twice).
      h.createUpdate("INSERT INTO conversations (chat_id) VALUES (:c) ON CONFLICT DO NOTHING")
          .bind("c", chatId)
          .execute();
      rows = h.createQuery("SELECT state::text FROM conversations WHERE chat_id = :c FOR UPDATE")
          .bind("c", chatId)
          .mapTo(String.class)
          .list();
    } while (rows.isEmpty());
    String raw = rows.get(0);
    if (raw == null) {
      return null;
    }
    try {
      return json.readValue(raw, FlowState.class);
    } catch (JsonProcessingException e) {
      // A state written by an older version that no longer exists: the user starts over rather
      // than being stuck with an error on every message.
      log.warn("Chat {} had an unreadable conversation state; starting over", chatId, e);
      return null;
    }
  }

  public void save(Handle h, long chatId, FlowState state, Instant now) {
    String raw;
    try {
      raw = state == null ? null : json.writerFor(FlowState.class).writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    h.createUpdate("UPDATE conversations SET state = CAST(:s AS jsonb), updated_at = :now WHERE chat_id = :c")
        .bind("s", raw)
        .bind("now", now)
        .bind("c", chatId)
        .execute();
  }
}
