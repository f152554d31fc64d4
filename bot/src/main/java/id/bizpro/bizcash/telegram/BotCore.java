package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.admin.AdminFeature;
import id.bizpro.bizcash.balance.BalanceFeature;
import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.ConversationStore;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.UpdatePipeline;
import id.bizpro.bizcash.history.HistoryFeature;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.pin.MoneyOutFeature;
import id.bizpro.bizcash.settings.SettingsFeature;
import id.bizpro.bizcash.start.StartFeature;
import id.bizpro.bizcash.topup.TopUpFeature;
import id.bizpro.bizcash.transfer.TransferFeature;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.withdraw.WithdrawFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;

/**
 * The conversations without any transport: every feature registered on one {@link Router}, and the
 * {@link UpdatePipeline} that handles an update and answers through a {@link TelegramSender}. Long
 * polling ({@link BotApplication}), a webhook route and the console all feed it. Thread-safe.
 */
public final class BotCore {
  private final Router router;
  private final UpdatePipeline pipeline;
  private final Messages messages;
  private final java.util.Set<Long> adminTelegramIds;

  /**
   * @param extraFeatures features built elsewhere (for example {@code /statement}), registered
   *     after the built-in ones; each gets the services
   */
  public BotCore(BotServices services, TelegramSender sender, List<Function<BotServices, Feature>> extraFeatures) {
    this.messages = new Messages();
    this.adminTelegramIds = services.adminTelegramIds();
    this.router = new Router(services.json());
    BalanceFeature balance = new BalanceFeature(services);
    MoneyOutFeature moneyOut = new MoneyOutFeature(services);
    WithdrawFeature withdraw = new WithdrawFeature(services, moneyOut);
    List<Feature> features = new ArrayList<>(List.of(
        new StartFeature(services, balance),
        balance,
        new TopUpFeature(services),
        new TransferFeature(services, moneyOut),
        withdraw,
        new HistoryFeature(services),
        new SettingsFeature(services, moneyOut, withdraw),
        moneyOut,
        new AdminFeature(services)));
    for (Function<BotServices, Feature> extra : extraFeatures) {
      features.add(extra.apply(services));
    }
    features.forEach(f -> f.register(router));
    this.pipeline =
        new UpdatePipeline(services.jdbi(), services.users(), new ConversationStore(services.json()), router,
            messages, sender, services.clock(), services.botUsername(),
            java.util.Optional.of(new id.bizpro.bizcash.conversation.UpdateRateLimit(
                services.jdbi(), services.rules().abuse(), services.clock())));
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
