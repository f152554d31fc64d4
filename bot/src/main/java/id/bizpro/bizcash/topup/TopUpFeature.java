package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;

public final class TopUpFeature implements Feature {
  private final BotServices services;

  public TopUpFeature(BotServices services) {
    this.services = services;
  }

  @Override
  public void register(Router router) {}
}
