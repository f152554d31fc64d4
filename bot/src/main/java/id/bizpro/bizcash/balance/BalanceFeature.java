package id.bizpro.bizcash.balance;

import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.screens.BalanceSummary;

/** {@code /balance}: available balance, money on hold for withdrawals, open top-up orders. Thread-safe. */
public record BalanceFeature(BalanceSummary summary) implements Feature {
  @Override
  public void register(Router router) {
    router.command("balance", "command.balance", (t, args) -> t.send(summary.of(t), t.menu()));
    router.menuButton("menu.balance", "balance");
  }
}
