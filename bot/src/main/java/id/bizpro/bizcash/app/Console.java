package id.bizpro.bizcash.app;

import id.bizpro.bizcash.console.ConsoleChat;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * The terminal chat: the same flows as Telegram, on the configured (or embedded) database. Log
 * lines stay out of the chat: only warnings and errors, on stderr.
 */
final class Console {
  private Console() {}

  static int run(AppConfig config, String[] args) {
    logsToStderrAtWarn();
    try (Database db = Database.open(config.database())) {
      LedgerServices services = LedgerServices.over(db.jdbi(), config.rules(), Clock.systemUTC(), config.adminTelegramIds());
      new ConsoleChat(services, config.payeeAccounts(), System.out).run(System.in);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the log's console appender to stderr and keeps only WARN and above. */
  static void logsToStderrAtWarn() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(ch.qos.logback.classic.Level.WARN);
      root.iteratorForAppenders().forEachRemaining(appender -> {
        if (appender instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
          console.stop();
          console.setTarget("System.err");
          console.start();
        }
      });
    }
  }
}
