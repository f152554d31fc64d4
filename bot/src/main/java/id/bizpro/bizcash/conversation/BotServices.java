package id.bizpro.bizcash.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.PaymentLinks;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.Users;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The db services and settings the conversation features use. Built once by {@link
 * id.bizpro.bizcash.telegram.BotApplication#services}; immutable, and every member is thread-safe.
 *
 * @param payTo BizPro's bank accounts shown on top-up orders
 * @param botUsername the bot's username without '@', for invite links
 * @param adminTelegramIds ADMIN_TELEGRAM_IDS: who may use {@code /admin}
 * @param paymentLinks the gateway's payment pages for new top-up orders ({@link PaymentLinks#none()}
 *     without Midtrans)
 */
public record BotServices(
    Jdbi jdbi,
    Users users,
    Ledger ledger,
    MoneyRules rules,
    TopUpOrders topUpOrders,
    BankAccounts bankAccounts,
    Withdrawals withdrawals,
    P2pTransfers p2p,
    PendingActions pendingActions,
    ObjectMapper json,
    Clock clock,
    List<PayeeAccount> payTo,
    String botUsername,
    Set<Long> adminTelegramIds,
    PaymentLinks paymentLinks) {

  public BotServices {
    adminTelegramIds = Set.copyOf(adminTelegramIds);
  }

  /** Without admins and without a payment gateway (consoles, benchmarks, most tests). */
  public BotServices(Jdbi jdbi, Users users, Ledger ledger, MoneyRules rules, TopUpOrders topUpOrders,
      BankAccounts bankAccounts, Withdrawals withdrawals, P2pTransfers p2p, PendingActions pendingActions,
      ObjectMapper json, Clock clock, List<PayeeAccount> payTo, String botUsername) {
    this(jdbi, users, ledger, rules, topUpOrders, bankAccounts, withdrawals, p2p, pendingActions, json, clock, payTo,
        botUsername, Set.of(), PaymentLinks.none());
  }

  /** Whether this Telegram user is one of BizPro's finance admins. */
  public boolean isAdmin(long telegramId) {
    return adminTelegramIds.contains(telegramId);
  }
}
