package id.bizpro.bizcash.app;

import id.bizpro.bizcash.console.ConsoleChat;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/** The terminal chat: the same flows as Telegram, on the configured (or embedded) database. */
final class Console {
  private Console() {}

  static int run(AppConfig config, String[] args) {
    try (Database db = Database.open(config.database())) {
      LedgerServices services = LedgerServices.over(db.jdbi(), config.rules(), Clock.systemUTC(), config.adminTelegramIds());
      new ConsoleChat(services, config.payeeAccounts(), System.out).run(System.in);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
