package id.bizpro.bizcash.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.conversation.ConversationStore;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.conversation.UpdatePipeline;
import id.bizpro.bizcash.conversation.UpdateRateLimit;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.Users;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;

/**
 * The conversations without any transport: every feature registered on one {@link Router}, and the
 * {@link UpdatePipeline} that handles an update and answers through a {@link TelegramSender}. It
 * knows no feature: the composition root ({@code wiring}) builds them. Long polling ({@link
 * BotApplication}), a webhook route and the console all feed it. Thread-safe.
 */
public final class BotCore implements AutoCloseable {
  private final Router router;
  private final UpdatePipeline pipeline;
  private final Messages messages;
  private final Set<Long> adminTelegramIds;
  private final List<Feature> features;

  /**
   * @param features every feature, built by the composition root with what each uses; registered
   *     in this order
   * @param json the mapper flow states are stored with (the router registers their names on it)
   * @param adminTelegramIds who sees {@code /admin} in their command menu
   */
  public BotCore(List<Feature> features, ObjectMapper json, Jdbi jdbi, Users users, Clock clock, String botUsername,
      AbuseLimits abuse, Set<Long> adminTelegramIds, TelegramSender sender) {
    this.messages = new Messages();
    this.adminTelegramIds = Set.copyOf(adminTelegramIds);
    this.features = List.copyOf(features);
    this.router = new Router(json);
    this.features.forEach(f -> f.register(router));
    this.pipeline =
        new UpdatePipeline(jdbi, users, new ConversationStore(json), router, messages, sender, clock, botUsername,
            Optional.of(new UpdateRateLimit(jdbi, abuse, clock)));
  }

  /** Handles one update on the calling thread (the webhook route's entry point). */
  public void handle(Update update) {
    pipeline.handle(update);
  }

  /** As {@link #handle(Update)}; {@code decided} runs once the update's outcome is in the database. */
  public void handle(Update update, Runnable decided) {
    pipeline.handle(update, decided);
  }

  public Messages messages() {
    return messages;
  }

  public Router router() {
    return router;
  }

  /** Stops what features run in the background (statements being made), waiting for them. */
  @Override
  public void close() {
    for (Feature f : features.reversed()) {
      if (f instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(BotCore.class).warn("Stopping {} failed", f, e);
        }
      }
    }
  }

  /**
   * The command menus for Telegram: Indonesian as the default and for "id", English for "en"; and
   * for each admin's private chat (a chat scope, which Telegram prefers over the default) the same
   * menu plus {@code /admin}, which nobody else sees.
   */
  public List<SetMyCommands> commandMenus() {
    List<SetMyCommands> out = new ArrayList<>();
    out.add(commandsFor(Language.ID, null));
    out.add(commandsFor(Language.ID, "id"));
    out.add(commandsFor(Language.EN, "en"));
    Messages adminTexts = new Messages("admin_messages");
    for (long admin : adminTelegramIds.stream().sorted().toList()) {
      for (Language l : List.of(Language.ID, Language.EN)) {
        SetMyCommands set = commandsFor(l, l == Language.EN ? "en" : null);
        List<BotCommand> withAdmin = new ArrayList<>(set.getCommands());
        withAdmin.add(new BotCommand("admin", adminTexts.get(l, "admin.command")));
        SetMyCommands scoped = new SetMyCommands(withAdmin);
        scoped.setLanguageCode(set.getLanguageCode());
        scoped.setScope(new BotCommandScopeChat(Long.toString(admin)));
        out.add(scoped);
      }
    }
    return out;
  }

  private SetMyCommands commandsFor(Language language, String languageCode) {
    List<BotCommand> commands =
        router.menuCommands().stream()
            .map(c -> new BotCommand(c.name(), messages.get(language, c.descriptionKey())))
            .toList();
    SetMyCommands set = new SetMyCommands(commands);
    set.setLanguageCode(languageCode);
    return set;
  }
}
