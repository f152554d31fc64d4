package id.bizpro.bizcash.app;

/** The terminal chat: the same flows as Telegram, driven from stdin. */
final class Console {
  private Console() {}

  static int run(AppConfig config, String[] args) {
    System.err.println("bizcash: console mode is not yet available in this build.");
    return 1;
  }
}
