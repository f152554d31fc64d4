package id.bizpro.bizcash.conversation;

import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Handles one update end to end: in ONE database transaction it skips an update id seen before,
 * registers or refreshes the user, locks the chat's conversation row, runs the step and stores the
 * next state; after the commit it sends the replies. A reply lost to a crash after the commit is
 * accepted (money moves are idempotent through their pending-action ids). An unexpected failure
 * rolls everything back — the user's flow stays where it was — and the user gets an apology with a
 * short reference that is also in the log.
 *
 * <p>A message that may carry a PIN is deleted whatever happens: a step marks it with {@link
 * Turn#deleteWhateverHappens} and the deletion goes out after a rollback too; and when the bot does
 * not act on a private text message at all — its turn failed before a step could look at it, or
 * the sender is rate-limited — a message that looks like a PIN ({@link Input#looksLikePin}) is
 * deleted without asking the database: the user must send it again anyway, so deleting a
 * six-digit amount there loses nothing.
 *
 * <p>A step that needs another service's answer to decide (a PPOB provider's live price or
 * inquiry) asks for it with {@link Turn#outside}: the transaction is rolled back, the call made with
 * none open, and the update handled again from the start with the answer at hand; only the last
 * run's replies, state and after-send tasks count. Thread-safe; callers serialize updates of one chat (see
 * {@link ChatLanes}) for order, and the row lock keeps it correct even when they do not.
 */
public final class UpdatePipeline {
  private static final Logger log = LoggerFactory.getLogger(UpdatePipeline.class);
  private static final SecureRandom random = new SecureRandom();

  private final Jdbi jdbi;
  private final Users users;
  private final ConversationStore store;
  private final Dispatcher dispatcher;
  private final Messages messages;
  private final TelegramSender sender;
  private final Clock clock;
  private final String botUsername;
  private final Optional<UpdateRateLimit> rateLimit;

  public UpdatePipeline(Jdbi jdbi, Users users, ConversationStore store, Router router, Messages messages,
      TelegramSender sender, Clock clock, String botUsername) {
    this(jdbi, users, store, router, messages, sender, clock, botUsername, Optional.empty());
  }

  /** @param rateLimit when present, each user's updates are counted and a flood is cut off */
  public UpdatePipeline(Jdbi jdbi, Users users, ConversationStore store, Router router, Messages messages,
      TelegramSender sender, Clock clock, String botUsername, Optional<UpdateRateLimit> rateLimit) {
    this.rateLimit = rateLimit;
    this.jdbi = jdbi;
    this.users = users;
    this.store = store;
    this.dispatcher = new Dispatcher(router, messages);
    this.messages = messages;
    this.sender = sender;
    this.clock = clock;
    this.botUsername = botUsername;
  }

  /** Where an update comes from: the chat, the person and (for a button) the press. */
  private record Origin(long chatId, boolean isPrivate, org.telegram.telegrambots.meta.api.objects.User from,
      Optional<Turn.Press> press) {}

  /** Handles {@code update} on the calling thread and returns once the replies were sent. */
  public void handle(Update update) {
    handle(update, () -> {});
  }

  /**
   * As {@link #handle(Update)}, calling {@code decided} as soon as the update's outcome is settled
   * in the database (its turn committed or rolled back, or it was skipped) and before the replies
   * go out, which may wait for Telegram's rate limits.
   */
  public void handle(Update update, Runnable decided) {
    try {
      handleAndTell(update, decided);
    } finally {
      decided.run(); // for the paths that return early; calling it twice is harmless to callers
    }
  }

  private void handleAndTell(Update update, Runnable decided) {
    Optional<Origin> origin = originOf(update);
    if (origin.isEmpty() || origin.get().from() == null || Boolean.TRUE.equals(origin.get().from().getIsBot())) {
      return; // channel posts, member updates, polls…: nothing for a wallet bot to answer
    }
    Origin o = origin.get();
    List<BotApiMethod<?>> out;
    List<java.util.function.Consumer<TelegramSender>> after = new java.util.ArrayList<>();
    // Messages of this chat to delete even if the turn rolls back; kept across a retried transaction.
    java.util.Set<Integer> deleteAnyway = new java.util.LinkedHashSet<>();
    try {
      if (rateLimit.isPresent()) {
        // Counted before anything else, so a flood costs one upsert per update and no turn.
        switch (rateLimit.get().check(o.from().getId())) {
          case ALLOW -> {}
          case WARN -> {
            if (!o.isPrivate()) {
              return; // in a group the bot keeps quiet; the warning is for the sender's own chat
            }
            Language l = Language.fromTelegram(o.from().getLanguageCode());
            List<BotApiMethod<?>> warning = new java.util.ArrayList<>();
            pinShaped(update, o).ifPresent(warning::add);
            warning.add(html(o.chatId(), messages.get(l, "limit.updates", rateLimit.get().secondsLeft())));
            decided.run();
            send(o, warning);
            return;
          }
          case SILENT -> {
            decided.run();
            pinShaped(update, o).ifPresent(d -> send(o, List.of(d)));
            return;
          }
        }
      }
      // Registration (an idempotent refresh of names; a single read when nothing changed) commits
      // on its own, before the turn, so a turn that fails still leaves the refreshed username.
      // Services the turn calls join the turn's transaction: Jdbi reuses the thread's open handle.
      Optional<User> user = o.isPrivate() ? Optional.of(users.register(profileOf(o.from()))) : Optional.empty();
      // PostgreSQL's default READ COMMITTED, which the pool never changes. Naming the level would
      // make Jdbi read and set it around every turn: four extra round trips per update.
      // A step that needs another service's answer (Turn.outside) ends its run; the call is made
      // here, with no transaction open, and the update handled again with the answer at hand.
      java.util.Map<String, Object> outside = new java.util.HashMap<>();
      List<BotApiMethod<?>> handled = null;
      while (handled == null) {
        try {
          handled = jdbi.inTransaction(h -> handleInTransaction(h, update, o, user, after, deleteAnyway, outside));
        } catch (Turn.OutsideCall c) {
          if (outside.size() >= Turn.MAX_OUTSIDE_CALLS) {
            throw new IllegalStateException("update " + update.getUpdateId() + " asked for too many outside calls", c);
          }
          outside.put(c.key, java.util.Objects.requireNonNull(c.call.get(), c.key));
        }
      }
      out = handled;
    } catch (RuntimeException e) {
      after.clear(); // the turn was rolled back: nothing it planned may happen
      pinShaped(update, o).ifPresent(d -> deleteAnyway.add(d.getMessageId()));
      String ref = reference();
      log.error("Update {} in chat {} failed, ref {}", update.getUpdateId(), o.chatId(), ref, e);
      out = apology(o, ref, databaseUnreachable(e));
    }
    decided.run();
    List<BotApiMethod<?>> deletions = deleteAnyway.stream()
        .<BotApiMethod<?>>map(id -> DeleteMessage.builder().chatId(o.chatId()).messageId(id).build())
        .toList();
    send(o, deletions);
    for (BotApiMethod<?> method : out) {
      try {
        sender.execute(method);
      } catch (Exception e) {
        log.warn("Could not send {} to chat {}: {}", method.getMethod(), o.chatId(), e.getMessage());
      }
    }
    for (var task : after) {
      try {
        task.accept(sender);
      } catch (RuntimeException e) {
        log.error("After-send task of update {} in chat {} failed", update.getUpdateId(), o.chatId(), e);
      }
    }
  }

  /**
   * The deletion of a private text message the bot will not act on, when it looks like a PIN. The
   * database is not asked (it may be what failed), so this does not depend on the user having a PIN.
   */
  private static Optional<DeleteMessage> pinShaped(Update update, Origin o) {
    if (!o.isPrivate() || !update.hasMessage() || !update.getMessage().hasText()
        || !Input.looksLikePin(update.getMessage().getText())) {
      return Optional.empty();
    }
    return Optional.of(DeleteMessage.builder().chatId(o.chatId()).messageId(update.getMessage().getMessageId()).build());
  }

  /** Sends replies that have no after-send tasks (the rate-limit warning, deletions). */
  private void send(Origin o, List<BotApiMethod<?>> out) {
    for (BotApiMethod<?> method : out) {
      try {
        sender.execute(method);
      } catch (Exception e) {
        log.warn("Could not send {} to chat {}: {}", method.getMethod(), o.chatId(), e.getMessage());
      }
    }
  }

  private List<BotApiMethod<?>> handleInTransaction(Handle h, Update update, Origin o, Optional<User> registered,
      List<java.util.function.Consumer<TelegramSender>> after, java.util.Set<Integer> deleteAnyway,
      java.util.Map<String, Object> outside) {
    int claimed =
        h.createUpdate("INSERT INTO processed_updates (update_id) VALUES (:id) ON CONFLICT DO NOTHING")
            .bind("id", update.getUpdateId())
            .execute();
    if (claimed == 0) {
      log.debug("Update {} was already processed", update.getUpdateId());
      return List.of();
    }
    if (!o.isPrivate()) {
      return groupNotice(h, o);
    }
    User user = registered.orElseThrow();
    FlowState state = store.lock(h, o.chatId());
    Turn turn = new Turn(h, user, o.chatId(), messages, clock.instant(), o.press(), state, dispatcher.router().menuButtonKeys(), deleteAnyway,
        outside);
    dispatcher.dispatch(turn, update);
    if (turn.stateChanged()) {
      store.save(h, o.chatId(), turn.state(), turn.now());
    }
    // A retried transaction calls this again: keep only the last attempt's tasks.
    after.clear();
    after.addAll(turn.afterSendTasks());
    return turn.outgoing();
  }

  /** In a group the bot shows no wallet data and says once where to talk to it. */
  private List<BotApiMethod<?>> groupNotice(Handle h, Origin o) {
    int first =
        h.createUpdate("INSERT INTO group_notices (chat_id) VALUES (:c) ON CONFLICT DO NOTHING")
            .bind("c", o.chatId())
            .execute();
    List<BotApiMethod<?>> out = new java.util.ArrayList<>();
    o.press().ifPresent(p -> out.add(new AnswerCallbackQuery(p.queryId())));
    if (first == 1) {
      Language l = Language.fromTelegram(o.from().getLanguageCode());
      out.add(html(o.chatId(), messages.get(l, "group.private_only", botUsername)));
    }
    return out;
  }

  /**
   * @param databaseDown the failure was the database not answering: asking it for the user's
   *     language would only make the user wait another connection timeout for the apology
   */
  private List<BotApiMethod<?>> apology(Origin o, String ref, boolean databaseDown) {
    Language l = Language.fromTelegram(o.from().getLanguageCode());
    if (!databaseDown) {
      try {
        l = users.byTelegramId(o.from().getId()).map(User::language).orElse(l);
      } catch (RuntimeException ignored) {
        // The database may be what failed; the Telegram language will do.
      }
    }
    List<BotApiMethod<?>> out = new java.util.ArrayList<>();
    o.press().ifPresent(p -> out.add(new AnswerCallbackQuery(p.queryId())));
    out.add(html(o.chatId(), messages.get(l, "error.unexpected", ref)));
    return out;
  }

  /** A connection that could not be had or was lost (SQLState class 08), anywhere in the causes. */
  static boolean databaseUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  private static SendMessage html(long chatId, String text) {
    return SendMessage.builder().chatId(chatId).text(text).parseMode(ParseMode.HTML).build();
  }

  private static String reference() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder s = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static Optional<Origin> originOf(Update u) {
    if (u.hasMessage()) {
      Message m = u.getMessage();
      return Optional.of(new Origin(m.getChatId(), m.isUserMessage(), m.getFrom(), Optional.empty()));
    }
    // Inline mode (issue #18): a query, a chosen result or a press on a message posted through
    // inline mode happens in whatever chat the user is in; it is handled as a turn of the user's
    // own private chat (its id is the user's), and nothing is sent to the chat it came from.
    if (u.hasInlineQuery()) {
      var q = u.getInlineQuery();
      return Optional.of(new Origin(q.getFrom().getId(), true, q.getFrom(), Optional.empty()));
    }
    if (u.hasChosenInlineQuery()) {
      var c = u.getChosenInlineQuery();
      return Optional.of(new Origin(c.getFrom().getId(), true, c.getFrom(), Optional.empty()));
    }
    if (u.hasCallbackQuery()) {
      CallbackQuery q = u.getCallbackQuery();
      if (q.getMessage() == null && q.getInlineMessageId() != null && q.getFrom() != null) {
        return Optional.of(new Origin(q.getFrom().getId(), true, q.getFrom(),
            Optional.of(new Turn.Press(q.getId(), null, Optional.of(q.getInlineMessageId())))));
      }
      if (q.getMessage() == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Origin(q.getMessage().getChatId(), q.getMessage().isUserMessage(), q.getFrom(),
              Optional.of(new Turn.Press(q.getId(), q.getMessage().getMessageId()))));
    }
    return Optional.empty();
  }

  /** The chat id of an update, for serializing per chat; empty when the bot ignores it. */
  public static Optional<Long> chatIdOf(Update u) {
    return originOf(u).map(Origin::chatId);
  }

  private static TelegramProfile profileOf(org.telegram.telegrambots.meta.api.objects.User u) {
    return new TelegramProfile(
        u.getId(), Optional.ofNullable(u.getUserName()), u.getFirstName(), Optional.ofNullable(u.getLastName()),
        Optional.ofNullable(u.getLanguageCode()));
  }
}
