package id.bizpro.bizcash.screens;

import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.util.List;

/**
 * The balance block: available balance, money on hold for withdrawals (and those withdrawals), open
 * top-up orders. A screen
 * shared by {@code /balance} and {@code /start}, so neither feature calls the other. Thread-safe.
 */
public record BalanceSummary(Ledger ledger, Withdrawals withdrawals, TopUpOrders topUpOrders) {
  /** The block in the turn user's language, as HTML. */
  public String of(Turn t) {
    long userId = t.user().id();
    Money available = ledger.balanceOf(t.handle(), userId).orElse(Money.ZERO);
    Money onHold = withdrawals.onHold(userId);
    List<TopUpOrder> open = topUpOrders.openOrders(userId);
    StringBuilder s = new StringBuilder(t.t("balance.available", available.format()));
    if (onHold.isPositive()) {
      s.append('\n').append(t.t("balance.on_hold", onHold.format()));
      WaitingWithdrawals.of(t, withdrawals.pendingOf(userId)).ifPresent(w -> s.append('\n').append(w));
    }
    if (open.isEmpty()) {
      s.append('\n').append(t.t("balance.no_open_orders"));
    } else {
      s.append('\n').append(t.t("balance.open_orders", open.size()));
      for (TopUpOrder o : open) {
        s.append('\n')
            .append(t.t("balance.open_order", Html.code(o.reference()), Html.code(o.total().plain()),
                t.dateTime(o.expiresAt())));
      }
    }
    return s.toString();
  }
}
