package id.bizpro.bizcash.conversation;

/** A part of the bot (balance, transfer, …) that registers its own commands, buttons and steps. */
public interface Feature {
  void register(Router router);
}
