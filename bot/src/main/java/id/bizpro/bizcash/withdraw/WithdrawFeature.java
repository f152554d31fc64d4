package id.bizpro.bizcash.withdraw;

import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;

public final class WithdrawFeature implements Feature {
  private final BotServices services;

  public WithdrawFeature(BotServices services, id.bizpro.bizcash.pin.MoneyOutFeature moneyOut) {
    this.services = services;
  }

  @Override
  public void register(Router router) {}
}
