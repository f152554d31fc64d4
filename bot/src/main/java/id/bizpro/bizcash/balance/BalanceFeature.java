package id.bizpro.bizcash.balance;

import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.topup.TopUpOrder;
import java.util.List;

/** {@code /balance}: available balance, money on hold for withdrawals, open top-up orders. Thread-safe. */
public final class BalanceFeature implements Feature {
  private final BotServices services;

  public BalanceFeature(BotServices services) {
    this.services = services;
  }

  @Override
  public void register(Router router) {
    router.command("balance", "command.balance", (t, args) -> t.send(summary(t), t.menu()));
    router.menuButton("menu.balance", "balance");
  }

  /** The balance block, also shown by /start. */
  public String summary(Turn t) {
    long userId = t.user().id();
    Money available = services.ledger().balanceOf(t.handle(), userId).orElse(Money.ZERO);
    Money onHold = services.withdrawals().onHold(userId);
    List<TopUpOrder> open = services.topUpOrders().openOrders(userId);
    StringBuilder s = new StringBuilder(t.t("balance.available", available.format()));
    if (onHold.isPositive()) {
      s.append('\n').append(t.t("balance.on_hold", onHold.format()));
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
