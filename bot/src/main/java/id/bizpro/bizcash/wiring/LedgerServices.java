package id.bizpro.bizcash.wiring;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.config.PaidSettings;
import id.bizpro.bizcash.inline.InlineSends;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.limits.MoneyOutLimits;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.request.PaymentRequests;
import id.bizpro.bizcash.topup.PayLinks;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.Users;
import id.bizpro.bizcash.webhook.WebhookApp;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import id.bizpro.bizcash.webhook.telegram.TelegramUpdateSink;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The db services of one process, built once over one database: the HTTP routes, the jobs and the
 * conversations all act through these same instances. Only the composition root (this package)
 * holds the whole set; every feature is handed the few members it uses. Immutable and thread-safe.
 */
public record LedgerServices(
    Jdbi jdbi,
    MoneyRules rules,
    Clock clock,
    PaymentAlerts alerts,
    Ledger ledger,
    Users users,
    BankAccounts bankAccounts,
    TopUpOrders topUpOrders,
    Withdrawals withdrawals,
    P2pTransfers p2p,
    UnappliedReceipts receipts,
    MoneyOutBlocks moneyOutBlocks,
    WalletActivity activity,
    PaymentRequests requests,
    PayLinks payLinks,
    InlineSends inlineSends) {

  /** @param adminTelegramIds ADMIN_TELEGRAM_IDS: who is alerted about payments to review */
  public static LedgerServices over(Jdbi jdbi, MoneyRules rules, Clock clock, Set<Long> adminTelegramIds) {
    return over(jdbi, rules, clock, adminTelegramIds, PaidSettings.defaults());
  }

  /** @param paid PAYLINK_FEE and the request / payment link expiry (issue #18) */
  public static LedgerServices over(Jdbi jdbi, MoneyRules rules, Clock clock, Set<Long> adminTelegramIds,
      PaidSettings paid) {
    Ledger ledger = new Ledger(jdbi, rules.ledgerLimits());
    PaymentAlerts alerts = new PaymentAlerts(adminTelegramIds);
    BankAccounts bankAccounts = new BankAccounts(jdbi);
    Users users = new Users(jdbi);
    TopUpOrders orders = new TopUpOrders(jdbi, ledger, rules, clock, alerts);
    return new LedgerServices(
        jdbi, rules, clock, alerts, ledger, users, bankAccounts,
        orders,
        new Withdrawals(jdbi, ledger, bankAccounts, rules, clock),
        new P2pTransfers(jdbi, ledger, rules.abuse()),
        new UnappliedReceipts(jdbi, ledger, alerts),
        new MoneyOutBlocks(jdbi),
        new WalletActivity(jdbi),
        new PaymentRequests(jdbi, users, clock, paid.requestTtl()),
        new PayLinks(jdbi, orders, rules, paid),
        new InlineSends(jdbi, ledger, users, clock, paid.inlineTtl(), new MoneyOutLimits(rules.abuse())));
  }

  /** What the HTTP routes act through; {@code telegram} is the POST /telegram sink in webhook mode. */
  public WebhookApp.Services webhook(Optional<TelegramUpdateSink> telegram, WebhookMetrics metrics) {
    return new WebhookApp.Services(topUpOrders, withdrawals, alerts, telegram, metrics);
  }
}
