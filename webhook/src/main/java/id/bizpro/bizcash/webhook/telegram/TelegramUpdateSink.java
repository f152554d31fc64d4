package id.bizpro.bizcash.webhook.telegram;

/**
 * Where {@code POST /telegram} hands each update: the bot's update pipeline (the same one long
 * polling feeds). Implementations must be thread-safe, should return quickly (queue the work), and
 * throw only when the update could not be accepted — Telegram then redelivers it.
 */
@FunctionalInterface
public interface TelegramUpdateSink {

  /** Accepts one update as Telegram sent it (a JSON object with {@code update_id}). */
  void accept(String rawUpdateJson) throws Exception;
}
