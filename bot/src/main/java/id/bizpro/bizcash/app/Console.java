package id.bizpro.bizcash.app;

import id.bizpro.bizcash.console.ConsoleChat;
import id.bizpro.bizcash.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/** The terminal chat: the same flows as Telegram, on the configured (or embedded) database. */
final class Console {
  private Console() {}

  static int run(AppConfig config, String[] args) {
    try (Database db = Database.open(config.database())) {
      new ConsoleChat(db.jdbi(), config.rules(), Clock.systemUTC(), config.payeeAccounts(), System.out).run(System.in);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
