package id.bizpro.bizcash.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.AppQuiet;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.transfer.P2pTransfers;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Bot API goes away for a minute under the running application — 20 s of connections reset,
 * 20 s of 502 Bad Gateway, 20 s of connection refused — and comes back. Long polling backs off and resumes by itself, the
 * message a user sent during the outage is answered exactly once, and a notification committed
 * during the outage is delivered exactly once afterwards.
 */
class TelegramFaultTest {
  private static final String TOKEN = "424242:FAULTS-token-abcdef";
  /** The "for a minute": 20 s of each kind of fault. */
  private static final long PHASE_MS = 20_000;
  /** Polling backs off at most 10 s between tries, a failing outbox row at most 30 s. */
  private static final Duration AFTER = Duration.ofSeconds(45);

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void resets_502s_and_refused_connections_are_survived_and_nothing_is_handled_or_sent_twice() throws Exception {
    try (BotApiStandIn telegram = new BotApiStandIn(TOKEN)) {
      Map<String, String> env = new HashMap<>();
      env.put("TELEGRAM_BOT_TOKEN", TOKEN);
      env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
      env.put("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
      env.put("HTTP_PORT", String.valueOf(freePort()));
      env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
      try (Application app = Application.start(AppConfig.fromEnv(new Env(env)), true)) {
        long alice = 75_001;
        long bob = 75_002;
        for (long id : List.of(alice, bob)) {
          int from = telegram.callCount();
          telegram.send(id, id == alice ? "alice" : "bob", "/start");
          assertNotNull(telegram.await(from, c -> c.chatId() == id && c.text().contains("selamat datang"), Duration.ofSeconds(20)));
        }
        var jdbi = app.database().jdbi();
        long aliceId = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = 75001").mapTo(Long.class).one());
        long bobId = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = 75002").mapTo(Long.class).one());
        Ledger ledger = new Ledger(jdbi, new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000)));
        ledger.execute(new TransferRequest.TopUpCredit("fund-fault", aliceId, Money.rupiah(100_000), Money.ZERO, "TOP-FUND"));

        // Outage, in three kinds. A message and a committed transfer happen while it lasts.
        telegram.fault(BotApiStandIn.Fault.RESET);
        int sentDuring = telegram.send(alice, "alice", "/balance");
        LedgerResult transfer = new P2pTransfers(jdbi, ledger)
            .send("fault-transfer", aliceId, bobId, Money.rupiah(12_345), Optional.of("saat gangguan"));
        assertTrue(transfer instanceof LedgerResult.Done, transfer.toString());
        Thread.sleep(PHASE_MS);
        telegram.fault(BotApiStandIn.Fault.BAD_GATEWAY);
        Thread.sleep(PHASE_MS);
        telegram.down();
        Thread.sleep(PHASE_MS);
        long resumed = System.nanoTime();
        int faults = telegram.faultsAnswered();
        telegram.fault(BotApiStandIn.Fault.NONE);
        telegram.up();

        assertNotNull(telegram.await(0, c -> c.chatId() == alice && c.text().contains("💰 Saldo kamu:"), AFTER),
            "the /balance sent during the outage is answered after it");
        assertNotNull(telegram.await(0, c -> c.chatId() == bob && c.text().contains("Kamu menerima"), AFTER),
            "the transfer committed during the outage is notified after it");
        AppQuiet.of(app, telegram::handedOut).await();

        long balanceAnswers = telegram.sentTo(alice).stream().filter(c -> c.text().contains("💰 Saldo kamu:")).count();
        long notifications = telegram.sentTo(bob).stream().filter(c -> c.text().contains("Kamu menerima")).count();
        assertEquals(1, balanceAnswers, "the message is handled once");
        assertEquals(1, notifications, "the notification is delivered once");
        assertEquals(1, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM processed_updates WHERE update_id = :u")
            .bind("u", sentDuring).mapTo(Long.class).one()));
        assertEquals(0, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status <> 'sent'").mapTo(Long.class).one()));
        assertTrue(faults > 0, "the outage was felt: " + faults + " faulty answers");
        System.out.printf("TelegramFaultTest: a 60 s outage, %d faulty answers during it, %d getUpdates calls in all; "
                + "answered %d ms after the Bot API was back%n",
            faults, telegram.getUpdatesCalls(), (System.nanoTime() - resumed) / 1_000_000);
      }
    }
  }
}
