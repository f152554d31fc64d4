package id.bizpro.bizcash.webhook.telegram;

/**
 * Where {@code POST /telegram} hands each update: the bot's update pipeline (the same one long
 * polling feeds). Implementations must be thread-safe and should return quickly (queue the work).
 * They throw {@link UnreadableUpdate} for an update that can never be read — it is then logged,
 * counted and dropped — and any other exception only when the update could not be accepted for
 * now: Telegram then redelivers it.
 */
@FunctionalInterface
public interface TelegramUpdateSink {

  /** Accepts one update as Telegram sent it (a JSON object with {@code update_id}). */
  void accept(String rawUpdateJson) throws Exception;

  /**
   * The update cannot be read (not JSON, or not the shape of an Update). Redelivery would fail the
   * same way forever and hold every later update of the bot behind it, so it is dropped instead.
   */
  final class UnreadableUpdate extends Exception {
    public UnreadableUpdate(Throwable cause) {
      super(cause.getClass().getSimpleName(), cause);
    }
  }
}
