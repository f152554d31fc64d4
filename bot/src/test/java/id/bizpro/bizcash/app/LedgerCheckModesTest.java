package id.bizpro.bizcash.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.maintenance.MaintenanceJobs;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks the ledger only from the checkpoint on; `bizcash.jar reconcile` checks every
 * entry and says so with its exit code.
 */
class LedgerCheckModesTest {
  private static final Ledger.Limits LIMITS = new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000));

  @Test
  void start_up_reads_only_what_came_after_the_checkpoint_and_reconcile_reads_every_entry() throws Exception {
    DatabaseUrl url = TestDatabase.freshUrl();
    try (Database db = Database.connect(url, 2)) {
      Ledger ledger = new Ledger(db.jdbi(), LIMITS);
      Users users = new Users(db.jdbi());
      User ana = users.register(new TelegramProfile(81_001, Optional.of("ana"), "Ana", Optional.empty(), Optional.of("id")));
      User budi = users.register(new TelegramProfile(81_002, Optional.of("budi"), "Budi", Optional.empty(), Optional.of("id")));
      ledger.execute(new TransferRequest.TopUpCredit("fund-ana", ana.id(), Money.rupiah(100_000), Money.ZERO, "TOP-1"));
      assertTrue(new Reconciliation(db.jdbi()).run().holds());
      // Changed after it was verified, as only a superuser could: a full check finds it.
      db.jdbi().useTransaction(h -> {
        h.execute("ALTER TABLE entries DISABLE TRIGGER entries_immutable");
        h.execute("UPDATE entries SET amount = amount + 5 WHERE id = (SELECT min(id) FROM entries)");
        h.execute("ALTER TABLE entries ENABLE TRIGGER entries_immutable");
      });
      ledger.execute(new TransferRequest.P2p("p1", ana.id(), budi.id(), Money.rupiah(10_000), Optional.empty()));
    }
    Map<String, String> env = Map.of("DATABASE_URL", url.jdbcUrl() + "?user=postgres", "HTTP_PORT", String.valueOf(freePort()));

    List<ILoggingEvent> logged = capture(() -> {
      try (Application app = Application.start(AppConfig.fromEnv(new Env(env)), false)) {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
      }
    });
    String startup = logged.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("Reconciliation:"))
        .findFirst().orElseThrow();
    assertTrue(startup.contains("ledger OK") && startup.contains("since the checkpoint, 2 new entries read"), startup);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(1, Main.run(new String[] {"reconcile"}, new Env(env), new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
    String report = out.toString(StandardCharsets.UTF_8);
    assertTrue(report.startsWith("ledger BROKEN"), report);
    assertTrue(report.contains("entries sum to 5, not 0") && report.contains("changed after it was verified"), report);
  }

  @Test
  void reconcile_exits_0_when_the_books_hold_and_is_listed_in_the_help() {
    Map<String, String> env = Map.of("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, Main.run(new String[] {"reconcile"}, new Env(env), new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("ledger OK"), out.toString(StandardCharsets.UTF_8));
    out.reset();
    Main.run(new String[] {"--help"}, new Env(Map.of()), new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String word : List.of("reconcile", "RECONCILE_FULL_EVERY", "PROCESSED_UPDATES_RETENTION", "CONVERSATION_RETENTION",
        "PENDING_ACTIONS_RETENTION", "REFUSED_CALLBACKS_RETENTION")) {
      assertTrue(help.contains(word), word);
    }
  }

  interface Action {
    void run() throws Exception;
  }

  private static List<ILoggingEvent> capture(Action action) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(MaintenanceJobs.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
    }
    return List.copyOf(appender.list);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
