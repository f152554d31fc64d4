package id.bizpro.bizcash.settings;

import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;

public final class SettingsFeature implements Feature {
  private final BotServices services;

  public SettingsFeature(BotServices services, id.bizpro.bizcash.pin.MoneyOutFeature moneyOut) {
    this.services = services;
  }

  @Override
  public void register(Router router) {}
}
