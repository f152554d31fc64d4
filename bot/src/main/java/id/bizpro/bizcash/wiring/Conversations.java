package id.bizpro.bizcash.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.admin.AdminFeature;
import id.bizpro.bizcash.admin.AdminQueries;
import id.bizpro.bizcash.balance.BalanceFeature;
import id.bizpro.bizcash.bizprolink.PlatformFeature;
import id.bizpro.bizcash.platform.PlatformCharges;
import id.bizpro.bizcash.platform.PlatformLinks;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.MoneyJson;
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.history.HistoryFeature;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.pin.MoneyOutFeature;
import id.bizpro.bizcash.screens.BalanceSummary;
import id.bizpro.bizcash.settings.SettingsFeature;
import id.bizpro.bizcash.start.StartFeature;
import id.bizpro.bizcash.statement.StatementFeature;
import id.bizpro.bizcash.telegram.BotApplication;
import id.bizpro.bizcash.telegram.BotCore;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.PaymentLinks;
import id.bizpro.bizcash.topup.TopUpFeature;
import id.bizpro.bizcash.transfer.TransferFeature;
import id.bizpro.bizcash.withdraw.WithdrawFeature;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the conversations: every feature, each handed only what it uses, registered in menu
 * order on one {@link BotCore}. The one place that knows every feature; Telegram (long polling or
 * webhook), the console and the benchmarks all get their core from here.
 */
public final class Conversations {
  /**
   * What the conversations need beyond the db services.
   *
   * @param payTo BizPro's bank accounts shown on top-up orders
   * @param adminTelegramIds ADMIN_TELEGRAM_IDS: who may use {@code /admin}
   * @param paymentLinks the gateway's payment pages for new top-up orders ({@link PaymentLinks#none()}
   *     without Midtrans)
   */
  public record Settings(List<PayeeAccount> payTo, Set<Long> adminTelegramIds, PaymentLinks paymentLinks) {
    public Settings {
      payTo = List.copyOf(payTo);
      adminTelegramIds = Set.copyOf(adminTelegramIds);
    }

    /** No admins, no payment gateway (console, benchmarks, most tests). */
    public static Settings plain(List<PayeeAccount> payTo) {
      return new Settings(payTo, Set.of(), PaymentLinks.none());
    }
  }

  private Conversations() {}

  /** The conversations over {@code services}, answering through {@code sender}. Close it to stop statements. */
  public static BotCore core(LedgerServices services, Settings settings, TelegramSender sender, String botUsername) {
    ObjectMapper json = new ObjectMapper().registerModule(new MoneyJson());
    MoneyOut moneyOut = new MoneyOut(new PendingActions(json), services.moneyOutBlocks());
    BalanceSummary balance = new BalanceSummary(services.ledger(), services.withdrawals(), services.topUpOrders());
    TransferFeature transfer = new TransferFeature(services.users(), services.ledger(), services.p2p(), services.rules(),
        json, botUsername, moneyOut);
    WithdrawFeature withdraw = new WithdrawFeature(services.bankAccounts(), services.ledger(), services.withdrawals(),
        services.rules(), json, moneyOut);
    // BizPro account links (issue #19): deep links from /start, confirmed through MoneyOut.
    PlatformFeature platform = new PlatformFeature(new PlatformLinks(services.jdbi()),
        new PlatformCharges(services.jdbi()), moneyOut, json);
    List<Feature> features = List.of(
        new StartFeature(services.users(), balance, platform::startPayload),
        new BalanceFeature(balance),
        new TopUpFeature(services.rules(), services.topUpOrders(), settings.payTo(), settings.paymentLinks()),
        transfer,
        withdraw,
        new HistoryFeature(services.activity()),
        new SettingsFeature(services.bankAccounts(), moneyOut, withdraw::askAmount),
        new MoneyOutFeature(moneyOut, Map.of(TransferFeature.KIND, transfer::execute, WithdrawFeature.KIND, withdraw::execute,
            PlatformFeature.KIND, platform::confirm, PlatformFeature.CHARGE_KIND, platform::pay), Set.of(PlatformFeature.KIND)),
        platform,
        new AdminFeature(settings.adminTelegramIds(), services.users(), services.withdrawals(),
            new AdminQueries(services.jdbi(), services.withdrawals(), new Reconciliation(services.jdbi())),
            services.receipts(), services.moneyOutBlocks(), services.clock()),
        new StatementFeature(services.activity(), services.clock()));
    return new BotCore(features, json, services.jdbi(), services.users(), services.clock(), botUsername,
        services.rules().abuse(), settings.adminTelegramIds(), sender);
  }

  /** A Telegram bot (long polling or webhook) whose conversations are built here. */
  public static BotApplication bot(BotApplication.Settings transport, LedgerServices services, Settings settings,
      java.util.function.Function<TelegramSender, TelegramSender> senderWrapper) {
    return new BotApplication(transport, senderWrapper, (sender, username) -> core(services, settings, sender, username));
  }
}
