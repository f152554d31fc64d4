package id.bizpro.bizcash.conversation;

import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;

/**
 * One update being handled: the open transaction, the user, the chat's flow state and the replies
 * collected so far. Replies are only sent after the transaction commits, so a rolled-back turn says
 * nothing it would have to take back. Confined to the thread handling the update; not thread-safe.
 */
public final class Turn {
  /** The callback query behind this turn, when the update is a button press. */
  public record Press(String queryId, Integer messageId, Optional<String> inlineMessageId) {
    public Press(String queryId, Integer messageId) {
      this(queryId, messageId, Optional.empty());
    }
  }

  private final Handle handle;
  private final User user;
  private final long chatId;
  private final Messages messages;
  private final Instant now;
  private final Optional<Press> press;
  private final List<String> menuButtonKeys;
  private Language language;
  private FlowState state;
  private boolean stateChanged;
  private AnswerCallbackQuery answer;
  private final List<BotApiMethod<?>> replies = new ArrayList<>();
  private final List<java.util.function.Consumer<TelegramSender>> afterSend = new ArrayList<>();
  private final java.util.Set<Integer> deletedWhateverHappens;
  private final java.util.Map<String, Object> outsideResults;

  /** How many calls outside the transaction ({@link #outside}) one update may make. */
  static final int MAX_OUTSIDE_CALLS = 3;

  /**
   * @param deletedWhateverHappens where {@link #deleteWhateverHappens} puts message ids; owned by
   *     the pipeline, which sends those deletions even when this turn rolls back
   * @param outsideResults the results of {@link #outside} calls made for this update so far; owned
   *     by the pipeline
   */
  Turn(Handle handle, User user, long chatId, Messages messages, Instant now, Optional<Press> press,
      FlowState state, List<String> menuButtonKeys, java.util.Set<Integer> deletedWhateverHappens,
      java.util.Map<String, Object> outsideResults) {
    this.outsideResults = outsideResults;
    this.deletedWhateverHappens = deletedWhateverHappens;
    this.handle = handle;
    this.user = user;
    this.chatId = chatId;
    this.messages = messages;
    this.now = now;
    this.press = press;
    this.state = state;
    this.menuButtonKeys = menuButtonKeys;
    this.language = user.language();
  }

  public Handle handle() {
    return handle;
  }

  public User user() {
    return user;
  }

  public long chatId() {
    return chatId;
  }

  public Instant now() {
    return now;
  }

  public Language language() {
    return language;
  }

  /** Speak another language from now on in this turn (after /language). */
  public void switchLanguage(Language language) {
    this.language = language;
  }

  /** A saved bank account as this user reads it: "BCA ••••7890 a.n. Budi" / "BCA ••••7890, holder Budi". */
  public String account(id.bizpro.bizcash.bankaccount.BankAccount a) {
    return t("account.label", a.bank().name(), a.maskedNumber(), a.holderName());
  }

  public Messages messages() {
    return messages;
  }

  /** The main menu as a reply keyboard, in the user's language. */
  public org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup menu() {
    return Keyboards.menu(menuButtonKeys.stream().map(this::t).toList());
  }

  public Optional<Press> press() {
    return press;
  }

  /** The text of {@code key} in the user's language. */
  public String t(String key, Object... args) {
    return messages.get(language, key, args);
  }

  /**
   * Another person's name as shown to this user: their {@link
   * id.bizpro.bizcash.user.DisplayNames display name}, or a neutral placeholder when nothing
   * visible is left of it. Plain text: HTML-escape it for a message.
   */
  public String name(Optional<String> displayName) {
    return displayName.orElseGet(() -> t("name.unnamed"));
  }

  public String dateTime(Instant instant) {
    return messages.dateTime(language, instant);
  }

  public FlowState state() {
    return state;
  }

  /** Moves the chat to {@code next}; persisted when the turn commits. */
  public void go(FlowState next) {
    this.state = next;
    this.stateChanged = true;
  }

  /** Leaves the current flow. */
  public void endFlow() {
    go(null);
  }

  /**
   * Leaves the current flow and cancels the confirm button it waited on, so that an old button
   * cannot move money after the user moved on.
   */
  public void abandonFlow() {
    if (state != null && state.waitingActionId() != null) {
      PendingActions.resolve(handle, state.waitingActionId(), PendingActions.Status.CANCELLED, now);
    }
    endFlow();
  }

  boolean stateChanged() {
    return stateChanged;
  }

  public void send(String html) {
    send(html, null);
  }

  public void send(String html, ReplyKeyboard keyboard) {
    replies.add(
        SendMessage.builder()
            .chatId(chatId)
            .text(html)
            .parseMode(ParseMode.HTML)
            .replyMarkup(keyboard)
            .linkPreviewOptions(
                org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions.builder().isDisabled(true).build())
            .build());
  }

  /** Replaces the text and buttons of one of the bot's earlier messages in this chat. */
  public void edit(int messageId, String html, InlineKeyboardMarkup keyboard) {
    replies.add(
        EditMessageText.builder()
            .chatId(chatId)
            .messageId(messageId)
            .text(html)
            .parseMode(ParseMode.HTML)
            .replyMarkup(keyboard)
            .build());
  }

  /**
   * Sends any Bot API request once the turn commits, after the replies before it (an inline
   * query's answer, an edit of a message posted through inline mode).
   */
  public void reply(BotApiMethod<?> method) {
    replies.add(method);
  }

  /** Deletes a message once the turn commits; one that may carry a PIN needs {@link #deleteWhateverHappens}. */
  public void delete(int messageId) {
    replies.add(DeleteMessage.builder().chatId(chatId).messageId(messageId).build());
  }

  /**
   * Deletes one of the user's messages whether this turn commits or rolls back: for a message that
   * may carry a PIN, which must leave the chat history even when the database fails half-way. Sent
   * after the transaction ends (a network call must not hold the chat's row lock), before every
   * other reply or the apology.
   */
  public void deleteWhateverHappens(int messageId) {
    deletedWhateverHappens.add(messageId);
  }

  /**
   * The result of {@code call}, made with no database transaction open: for a call to another
   * service (a provider's price or inquiry) that a step needs to decide, and that must not hold the
   * chat's row lock and a pooled connection while it waits. The first time a turn asks for {@code
   * key}, the turn is rolled back, {@code call} runs, and the update is handled again from the start
   * with the result at hand (so the steps before the ask run twice; their replies and state are
   * those of the second run only). {@code key} must name the call by its inputs. {@code call} must
   * answer within a bounded time, must not throw (wrap failures in its result) nor return null, and
   * must not need this turn's database state; an update may make {@link #MAX_OUTSIDE_CALLS} calls.
   */
  @SuppressWarnings("unchecked")
  public <T> T outside(String key, java.util.function.Supplier<T> call) {
    if (outsideResults.containsKey(key)) {
      return (T) outsideResults.get(key);
    }
    throw new OutsideCall(key, call);
  }

  /** Thrown by {@link #outside} to have the pipeline make the call between two runs of the update. */
  static final class OutsideCall extends RuntimeException {
    final String key;
    final java.util.function.Supplier<?> call;

    OutsideCall(String key, java.util.function.Supplier<?> call) {
      super("outside call " + key, null, false, false);
      this.key = key;
      this.call = call;
    }
  }

  /** The small notice Telegram shows for a button press; at most one per press. */
  public void answer(String text) {
    press.ifPresent(p -> answer = AnswerCallbackQuery.builder().callbackQueryId(p.queryId()).text(text).build());
  }

  /**
   * Runs {@code task} after this turn committed and its replies were sent, on the update's thread,
   * with the sender the replies went through. For work that must not hold the chat's transaction
   * or lane (a file upload): hand it on to an executor of your own. Not run when the turn fails.
   */
  public void afterSend(java.util.function.Consumer<TelegramSender> task) {
    afterSend.add(task);
  }

  /** A message whose content is only known after the turn commits; see {@link #sendAfterCommit}. */
  public record Reply(String html, ReplyKeyboard keyboard) {}

  /**
   * Sends a message built after the turn has committed (see {@link #afterSend}): for a slow call to
   * another service (a payment gateway) that must not hold the chat's row lock and a database
   * connection while it waits, or a read that needs its own transaction (a REPEATABLE READ report).
   * It goes out after every other reply of the turn. If building or sending it fails, the failure
   * is logged and nothing is sent. Nothing runs when the turn rolls back.
   */
  public void sendAfterCommit(java.util.function.Supplier<Reply> reply) {
    afterSend(sender -> {
      try {
        Reply r = reply.get();
        sender.execute(SendMessage.builder()
            .chatId(chatId)
            .text(r.html())
            .parseMode(ParseMode.HTML)
            .replyMarkup(r.keyboard())
            .linkPreviewOptions(
                org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions.builder().isDisabled(true).build())
            .build());
      } catch (org.telegram.telegrambots.meta.exceptions.TelegramApiException | RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Turn.class).warn("Could not send a reply to chat {}: {}", chatId, e.toString());
      }
    });
  }

  List<java.util.function.Consumer<TelegramSender>> afterSendTasks() {
    return List.copyOf(afterSend);
  }

  /**
   * Everything to send, the callback answer first: Telegram shows a spinner on the button until it
   * is answered, and every press gets an answer even when no handler gave one.
   */
  List<BotApiMethod<?>> outgoing() {
    List<BotApiMethod<?>> all = new ArrayList<>();
    if (press.isPresent()) {
      all.add(answer != null ? answer : new AnswerCallbackQuery(press.get().queryId()));
    }
    all.addAll(replies);
    return all;
  }
}
