package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.db.GroupCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * Group commit of P2P transfers: many threads' transfers share statements and commits, and every
 * caller still gets exactly the result its transfer would get alone.
 */
class P2pGroupCommitTest {
  private static final long START = 1_000_000;

  record Sent(int from, int to, long amount, LedgerResult result) {}

  @Test
  void many_concurrent_senders_share_commits_and_the_books_match_every_answer() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      List<User> users = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        users.add(f.user("u" + i));
        f.fund(users.get(i), START);
      }
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);
      List<Callable<List<Sent>>> workers = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        int worker = w;
        workers.add(() -> {
          List<Sent> sent = new ArrayList<>();
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (int i = 0; i < 100; i++) {
            int from = rnd.nextInt(users.size());
            int to = (from + 1 + rnd.nextInt(users.size() - 1)) % users.size();
            // Large enough that some transfers find the wallet short.
            long amount = 1_000 + rnd.nextInt(400_000);
            sent.add(new Sent(from, to, amount, p2p.send("g-" + worker + "-" + i, users.get(from).id(),
                users.get(to).id(), Money.rupiah(amount), Optional.of("w" + worker))));
          }
          return sent;
        });
      }
      List<Sent> all = run(workers);

      long[] expected = new long[users.size()];
      java.util.Arrays.fill(expected, START);
      int done = 0;
      int insufficient = 0;
      for (Sent s : all) {
        switch (s.result()) {
          case LedgerResult.Done d -> {
            done++;
            expected[s.from()] -= s.amount();
            expected[s.to()] += s.amount();
            assertEquals(Money.rupiah(s.amount()), d.transfer().amount());
          }
          case LedgerResult.InsufficientFunds i -> insufficient++;
          default -> fail("unexpected " + s.result());
        }
      }
      for (int i = 0; i < users.size(); i++) {
        assertEquals(expected[i], f.balance(users.get(i)), "balance of u" + i);
      }
      assertEquals(1_600, done + insufficient);
      assertTrue(done > 800, "done " + done);
      assertEquals(done, count(f, "SELECT count(*) FROM transfers WHERE kind = 'p2p'"));
      // Exactly one notification per committed transfer, for that transfer.
      assertEquals(done, count(f, """
          SELECT count(*) FROM outbox o JOIN transfers t ON o.dedupe_key = 'transfer-received:' || t.id
           WHERE t.kind = 'p2p' AND o.user_id = t.to_user_id AND (o.params->>'amount')::bigint = t.amount"""));
      assertEquals(done, count(f, "SELECT count(*) FROM outbox"));
      assertTrue(f.reconciliation.run().holds());

      GroupCommit.Stats stats = p2p.groupCommitStats();
      assertEquals(1_600, stats.requests());
      assertTrue(stats.statements() < stats.requests(), "no transfers were grouped: " + stats);
    }
  }

  @Test
  void the_same_key_sent_by_many_threads_at_once_moves_the_money_once() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      f.fund(alice, 100_000);
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<List<Sent>>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(() -> {
          go.await();
          return List.of(new Sent(0, 1, 30_000,
              p2p.send("double-press", alice.id(), bob.id(), Money.rupiah(30_000), Optional.of("sewa"))));
        });
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Sent>>> futures = tasks.stream().map(pool::submit).toList();
        go.countDown();
        int done = 0;
        int already = 0;
        for (Future<List<Sent>> r : futures) {
          LedgerResult res = r.get(30, TimeUnit.SECONDS).get(0).result();
          done += res instanceof LedgerResult.Done ? 1 : 0;
          already += res instanceof LedgerResult.AlreadyDone ? 1 : 0;
        }
        assertEquals(1, done);
        assertEquals(7, already);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(70_000, f.balance(alice));
      assertEquals(30_000, f.balance(bob));
      assertEquals(1, count(f, "SELECT count(*) FROM outbox"));
    }
  }

  @Test
  void a_request_that_breaks_its_group_fails_alone_and_the_others_commit() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      User carol = f.user("carol");
      f.fund(alice, 500_000);
      f.fund(carol, 500_000);
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);
      P2pGroupCommit gc = p2p.groupCommit();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try (Handle blocker = f.db.jdbi().open()) {
        // Hold alice's wallet so that both writers wait on it with one transfer each...
        blocker.begin();
        blocker.createQuery("SELECT id FROM accounts WHERE user_id = :u FOR UPDATE").bind("u", alice.id())
            .mapTo(Long.class).one();
        List<Future<LedgerResult>> first = new ArrayList<>();
        for (int i = 0; i < P2pGroupCommit.WRITERS; i++) {
          String key = "held-" + i;
          first.add(pool.submit(() -> p2p.send(key, alice.id(), bob.id(), Money.rupiah(10_000), Optional.empty())));
          int waiting = i + 1;
          waitFor(() -> count(f, """
              SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")
              == waiting);
        }
        // ...so that these queue up and are written as one group: one of them cannot be stored
        // (PostgreSQL text cannot hold NUL), which fails the group's statement.
        List<Future<LedgerResult>> good = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String key = "good-" + i;
          good.add(pool.submit(() -> p2p.send(key, carol.id(), bob.id(), Money.rupiah(20_000), Optional.of("ok"))));
        }
        Future<LedgerResult> bad =
            pool.submit(() -> p2p.send("bad", carol.id(), bob.id(), Money.rupiah(20_000), Optional.of("nul\u0000here")));
        waitFor(() -> gc.queued() == 5);
        blocker.rollback();

        for (Future<LedgerResult> r : first) {
          assertInstanceOf(LedgerResult.Done.class, r.get(30, TimeUnit.SECONDS));
        }
        for (Future<LedgerResult> r : good) {
          assertInstanceOf(LedgerResult.Done.class, r.get(30, TimeUnit.SECONDS));
        }
        try {
          fail("the NUL note was stored: " + bad.get(30, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException expected) {
          // its caller alone gets the database's error
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(500_000 - 80_000, f.balance(carol));
      assertEquals(20_000 + 80_000, f.balance(bob));
      assertEquals(0, count(f, "SELECT count(*) FROM transfers WHERE idempotency_key = 'bad'"));
      assertEquals(6, count(f, "SELECT count(*) FROM outbox"));
      assertTrue(f.reconciliation.run().holds());
    }
  }

  @Test
  void without_a_database_a_group_fails_at_once_instead_of_retrying_each_transfer() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      // A data source that cannot connect: the first two attempts hang until released.
      AtomicInteger attempts = new AtomicInteger();
      CountDownLatch[] hold = {new CountDownLatch(1), new CountDownLatch(1)};
      DataSource unreachable = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (!method.getName().equals("getConnection")) {
              throw new UnsupportedOperationException(method.getName());
            }
            int n = attempts.incrementAndGet();
            if (n <= hold.length) {
              hold[n - 1].await();
            }
            throw new SQLTransientConnectionException("connection refused (test)", "08001");
          });
      P2pTransfers p2p = new P2pTransfers(Jdbi.create(unreachable), f.ledger);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<LedgerResult>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String key = "down-" + i;
          sent.add(pool.submit(() -> p2p.send(key, alice.id(), bob.id(), Money.rupiah(10_000), Optional.empty())));
          if (i < 2) {
            int writersWaiting = i + 1;   // each writer holds one transfer
            waitFor(() -> attempts.get() == writersWaiting);
          }
        }
        waitFor(() -> p2p.groupCommit().queued() == 6);
        hold[0].countDown();   // writer 1 fails its transfer, then takes the six as one group
        waitFor(() -> p2p.groupCommit().queued() == 0 && attempts.get() >= 3);
        hold[1].countDown();
        for (Future<LedgerResult> r : sent) {
          try {
            fail("sent without a database: " + r.get(30, TimeUnit.SECONDS));
          } catch (java.util.concurrent.ExecutionException expected) {
            assertTrue(GroupCommit.unreachable(expected.getCause()), expected.getCause().toString());
          }
        }
        // One attempt per group: the group of six was not retried transfer by transfer.
        assertEquals(3, attempts.get());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void grouped_and_in_transaction_transfers_and_withdrawals_with_limits_run_together_without_deadlock()
      throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      AbuseLimits limits = new AbuseLimits(20, Duration.ofSeconds(10), 10_000, Money.rupiah(1_000_000_000));
      MoneyRules rules = MoneyRules.defaults().withAbuse(limits);
      BankAccounts bankAccounts = new BankAccounts(f.db.jdbi());
      Withdrawals withdrawals = new Withdrawals(f.db.jdbi(), f.ledger, bankAccounts, rules, Clock.systemUTC());
      List<User> users = new ArrayList<>();
      List<Long> banks = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        users.add(f.user("m" + i));
        f.fund(users.get(i), START);
        banks.add(assertInstanceOf(BankAccounts.AddResult.Added.class,
            bankAccounts.add(users.get(i).id(), "BCA", "12345678" + i, "Mitra " + (char) ('A' + i))).account().id());
      }
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, limits);
      Money withdrawal = rules.withdrawalMin();
      long withdrawalTotal = withdrawal.plus(rules.withdrawalFee()).rupiah();
      // Grouped transfers, transfers in the caller's transaction (each locks its sender's user row
      // for the daily limit, as the conversation does) and withdrawals (which lock it too), all
      // over the same five users: every kind of lock order the product uses, at once.
      List<Callable<List<Sent>>> workers = new ArrayList<>();
      for (int w = 0; w < 12; w++) {
        int worker = w;
        workers.add(() -> {
          List<Sent> sent = new ArrayList<>();
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (int i = 0; i < 50; i++) {
            int from = rnd.nextInt(users.size());
            int to = (from + 1 + rnd.nextInt(users.size() - 1)) % users.size();
            long amount = 1_000 + rnd.nextInt(50_000);
            String key = "m-" + worker + "-" + i;
            long fromId = users.get(from).id();
            long toId = users.get(to).id();
            LedgerResult r = switch (worker % 4) {
              case 0 -> f.db.jdbi().inTransaction(h -> p2p.send(h, key, fromId, toId, Money.rupiah(amount), Optional.empty()));
              case 1 -> switch (withdrawals.request(key, fromId, banks.get(from), withdrawal)) {
                case Withdrawals.RequestResult.Requested ignored -> {
                  sent.add(new Sent(from, from, withdrawalTotal, null));
                  yield null;
                }
                case Withdrawals.RequestResult.InsufficientFunds ignored -> null;
                default -> fail("withdrawal refused");
              };
              default -> p2p.send(key, fromId, toId, Money.rupiah(amount), Optional.empty());
            };
            if (r != null) {
              sent.add(new Sent(from, to, amount, r));
            }
          }
          return sent;
        });
      }
      long[] expected = new long[users.size()];
      java.util.Arrays.fill(expected, START);
      for (Sent s : run(workers)) {
        if (s.result() == null) {
          expected[s.from()] -= s.amount(); // a withdrawal held
        } else if (s.result() instanceof LedgerResult.Done) {
          expected[s.from()] -= s.amount();
          expected[s.to()] += s.amount();
        } else {
          assertInstanceOf(LedgerResult.InsufficientFunds.class, s.result());
        }
      }
      for (int i = 0; i < users.size(); i++) {
        assertEquals(expected[i], f.balance(users.get(i)));
      }
      assertTrue(f.reconciliation.run().holds());
    }
  }

  private static List<Sent> run(List<Callable<List<Sent>>> workers) throws Exception {
    List<Sent> all = new ArrayList<>();
    Concurrently.run(workers.size(), workers).forEach(all::addAll);
    return all;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("condition not reached in 20 s");
      }
      Thread.sleep(10);
    }
  }

  private static int count(LedgerFixture f, String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }
}
