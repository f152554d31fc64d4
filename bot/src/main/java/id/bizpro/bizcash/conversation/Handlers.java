package id.bizpro.bizcash.conversation;

/** The shapes of code a feature registers with the {@link Router}. */
public final class Handlers {
  private Handlers() {}

  /** A slash command; {@code args} is the text after the command, stripped (may be empty). */
  @FunctionalInterface
  public interface Command {
    void handle(Turn turn, String args);
  }

  /** A button press; {@code data} is the callback data after the feature's prefix and ':'. */
  @FunctionalInterface
  public interface Callback {
    void handle(Turn turn, String data);
  }

  /** A message while the chat is in a state of type {@code S}. */
  @FunctionalInterface
  public interface Step<S extends FlowState> {
    void handle(Turn turn, S state, Input input);
  }

  /**
   * Sees a typed message (not a command or a menu label) before the chat's flow step or the idle
   * answer does, and returns true when it dealt with it: then nothing else sees the message. For
   * safety rules that hold in every flow (a misplaced PIN), not for flows themselves.
   */
  @FunctionalInterface
  public interface TextGuard {
    boolean intercept(Turn turn, Input.Text text);
  }

  /**
   * Carries out a confirmed pending action (the money move) inside the update's transaction, and
   * tells the user. Returns true when the action took effect (or had already taken effect).
   */
  @FunctionalInterface
  public interface ActionExecutor {
    boolean execute(Turn turn, PendingActions.PendingAction action);
  }

  /** An inline query (typed after the bot's username in any chat), in the querier's own turn. */
  @FunctionalInterface
  public interface InlineQuery {
    void handle(Turn turn, org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery query);
  }

  /** The inline result a user chose and posted (needs BotFather's /setinlinefeedback). */
  @FunctionalInterface
  public interface ChosenInlineResult {
    void handle(Turn turn, org.telegram.telegrambots.meta.api.objects.inlinequery.ChosenInlineQuery chosen);
  }
}
