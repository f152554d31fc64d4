package id.bizpro.bizcash.history;

import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;

public final class HistoryFeature implements Feature {
  private final BotServices services;

  public HistoryFeature(BotServices services) {
    this.services = services;
  }

  @Override
  public void register(Router router) {}
}
