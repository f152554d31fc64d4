package id.bizpro.bizcash.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.admin.AdminFeature;
import id.bizpro.bizcash.admin.AdminQueries;
import id.bizpro.bizcash.balance.BalanceFeature;
import id.bizpro.bizcash.bayar.PpobFeature;
import id.bizpro.bizcash.bizprolink.PlatformFeature;
import id.bizpro.bizcash.platform.PlatformCharges;
import id.bizpro.bizcash.platform.PlatformLinks;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.MoneyJson;
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.history.HistoryFeature;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.inline.InlineFeature;
import id.bizpro.bizcash.paylink.PayLinkFeature;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.pin.MoneyOutFeature;
import id.bizpro.bizcash.request.RequestFeature;
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
import id.bizpro.bizcash.user.PinResets;
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
   * @param paymentLinks the gateway's payment pages for new top-up orders and payment links ({@link
   *     PaymentLinks#none()} without Midtrans)
   * @param publicBaseUrl PUBLIC_BASE_URL: where payment-link pages (GET /pay/&lt;id&gt;) are reached
   */
  public record Settings(List<PayeeAccount> payTo, Set<Long> adminTelegramIds, PaymentLinks paymentLinks,
      String publicBaseUrl, java.util.Optional<id.bizpro.bizcash.ppob.PpobService> ppob) {
    public Settings {
      payTo = List.copyOf(payTo);
      adminTelegramIds = Set.copyOf(adminTelegramIds);
    }

    /** Without PPOB. */
    public Settings(List<PayeeAccount> payTo, Set<Long> adminTelegramIds, PaymentLinks paymentLinks,
        String publicBaseUrl) {
      this(payTo, adminTelegramIds, paymentLinks, publicBaseUrl, java.util.Optional.empty());
    }

    /** With payment-link pages on the default PUBLIC_BASE_URL, http://localhost:8080, and without PPOB. */
    public Settings(List<PayeeAccount> payTo, Set<Long> adminTelegramIds, PaymentLinks paymentLinks) {
      this(payTo, adminTelegramIds, paymentLinks, "http://localhost:8080");
    }

    /** With /bayar (PPOB) when {@code ppob} is present; without it the feature and its menu button are absent. */
    public Settings withPpob(java.util.Optional<id.bizpro.bizcash.ppob.PpobService> service) {
      return new Settings(payTo, adminTelegramIds, paymentLinks, publicBaseUrl, service);
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
    MoneyOut moneyOut = new MoneyOut(new PendingActions(json), services.moneyOutBlocks(), pinResets(services));
    BalanceSummary balance = new BalanceSummary(services.ledger(), services.withdrawals(), services.topUpOrders());
    TransferFeature transfer = new TransferFeature(services.users(), services.ledger(), services.p2p(), services.rules(),
        json, botUsername, moneyOut);
    WithdrawFeature withdraw = new WithdrawFeature(services.bankAccounts(), services.ledger(), services.withdrawals(),
        services.rules(), json, moneyOut);
    RequestFeature requests = new RequestFeature(services.users(), services.ledger(), services.p2p(), services.requests(),
        services.rules(), json, moneyOut);
    InlineFeature inline = new InlineFeature(services.inlineSends(), services.users(), services.ledger(), services.rules(),
        json, moneyOut, botUsername);
    // BizPro account links (issue #19): deep links from /start, confirmed through MoneyOut.
    PlatformFeature platform = new PlatformFeature(new PlatformLinks(services.jdbi()),
        new PlatformCharges(services.jdbi()), moneyOut, json);
    SettingsFeature settingsFeature = new SettingsFeature(services.bankAccounts(), services.users(), json, moneyOut, withdraw::askAmount);
    java.util.Optional<PpobFeature> ppob = settings.ppob().map(p ->
        new PpobFeature(p, services.ledger(), moneyOut));
    Map<String, id.bizpro.bizcash.conversation.Handlers.ActionExecutor> executors = new java.util.HashMap<>(
        Map.of(TransferFeature.KIND, transfer::execute, WithdrawFeature.KIND, withdraw::execute,
            SettingsFeature.ADD_ACCOUNT, settingsFeature::executeAdd, SettingsFeature.REMOVE_ACCOUNT, settingsFeature::executeRemove,
            RequestFeature.KIND, requests::execute, InlineFeature.KIND, inline::execute,
            PlatformFeature.KIND, platform::confirm, PlatformFeature.CHARGE_KIND, platform::pay));
    settings.ppob().ifPresent(p -> executors.put(PpobFeature.KIND,
        new id.bizpro.bizcash.bayar.PpobCheckout(p, services.ledger(), json)::execute));
    List<Feature> features = new java.util.ArrayList<>(List.of(
        new StartFeature(services.users(), balance, platform::startPayload),
        new BalanceFeature(balance),
        new TopUpFeature(services.rules(), services.topUpOrders(), settings.payTo(), settings.paymentLinks()),
        transfer,
        withdraw));
    ppob.ifPresent(features::add); // "Bayar & Beli" after "Tarik" in the menu, only when PPOB is on
    settings.ppob().ifPresent(p -> features.add(new id.bizpro.bizcash.bayar.PpobAdminFeature(p, settings.adminTelegramIds())));
    features.addAll(List.of(
        new HistoryFeature(services.activity()),
        settingsFeature,
        new MoneyOutFeature(moneyOut, executors, Set.of(PlatformFeature.KIND)),
        platform,
        new AdminFeature(settings.adminTelegramIds(), services.users(), services.withdrawals(),
            new AdminQueries(services.jdbi(), services.withdrawals(), new Reconciliation(services.jdbi())),
            services.receipts(), services.moneyOutBlocks(), services.clock()),
        new StatementFeature(services.activity(), services.clock()),
        requests,
        new PayLinkFeature(services.payLinks(), settings.paymentLinks(), settings.publicBaseUrl()),
        inline));
    return new BotCore(features, json, services.jdbi(), services.users(), services.clock(), botUsername,
        services.rules().abuse(), settings.adminTelegramIds(), sender);
  }

  /** "Forgot PIN" resets over {@code services}: the conversations open them, the jobs notify them. */
  public static PinResets pinResets(LedgerServices services) {
    return new PinResets(services.jdbi(), services.clock(), services.rules().pinResetDelay());
  }

  /** A Telegram bot (long polling or webhook) whose conversations are built here. */
  public static BotApplication bot(BotApplication.Settings transport, LedgerServices services, Settings settings,
      java.util.function.Function<TelegramSender, TelegramSender> senderWrapper) {
    return new BotApplication(transport, senderWrapper, (sender, username) -> core(services, settings, sender, username));
  }
}
