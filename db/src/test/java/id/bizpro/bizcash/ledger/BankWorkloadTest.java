package id.bizpro.bizcash.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.LedgerResult.Done;
import id.bizpro.bizcash.ledger.TransferRequest.P2p;
import id.bizpro.bizcash.ledger.TransferRequest.TopUpCredit;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalHold;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalPost;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalVoid;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * After Jepsen's bank workload: writers move money every way the product can while readers take
 * one-statement snapshots. Every snapshot must add up, no wallet may ever be seen below zero, and
 * at the end replaying the transfers reproduces every balance.
 */
class BankWorkloadTest {
  private static final int WALLETS = 24;
  private static final int WRITERS = 8;
  private static final int READERS = 2;
  private static final long RUN_MS = 10_000;

  /** One statement, one snapshot: wallet balances next to the totals that should explain them. */
  private static final String SNAPSHOT =
      """
      SELECT (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'user_available'),
             (SELECT coalesce(min(balance), 0) FROM accounts WHERE kind = 'user_available'),
             (SELECT coalesce(sum(amount), 0) FROM transfers WHERE kind = 'topup_credit'),
             (SELECT coalesce(sum(amount + fee), 0) FROM transfers WHERE kind = 'withdrawal_hold'),
             (SELECT coalesce(sum(amount + fee), 0) FROM transfers WHERE kind = 'withdrawal_void'),
             (SELECT coalesce(sum(balance), 0) FROM accounts)
      """;

  @Test
  void concurrent_transfers_topups_holds_posts_and_voids_keep_every_snapshot_consistent() throws Exception {
    try (LedgerFixture f = new LedgerFixture(new Ledger.Limits(Money.rupiah(1), Money.rupiah(1_000_000_000)), 16)) {
      List<User> users = new ArrayList<>();
      for (int i = 0; i < WALLETS; i++) {
        User u = f.user("bank" + i);
        users.add(u);
        f.fund(u, 100_000);
      }
      AtomicBoolean running = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Long> openHolds = new ConcurrentLinkedQueue<>();
      Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      AtomicLong snapshots = new AtomicLong();
      AtomicLong keys = new AtomicLong();

      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        threads.add(
            Thread.ofPlatform().name("writer-" + w).unstarted(() -> {
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              while (running.get()) {
                try {
                  LedgerResult r = f.ledger.execute(randomRequest(rnd, users, openHolds, keys));
                  outcomes.computeIfAbsent(r.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                  if (r instanceof Done d && d.transfer().kind() == TransferKind.WITHDRAWAL_HOLD) {
                    openHolds.add(d.transfer().id());
                  }
                } catch (Throwable t) {
                  errors.add(t);
                }
              }
            }));
      }
      for (int r = 0; r < READERS; r++) {
        threads.add(
            Thread.ofPlatform().name("reader-" + r).unstarted(() -> {
              while (running.get()) {
                try {
                  long[] s =
                      f.db.jdbi().withHandle(h -> h.createQuery(SNAPSHOT)
                          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)})
                          .one());
                  long expectedWallets = s[2] - s[3] + s[4];
                  if (s[0] != expectedWallets) {
                    errors.add(new AssertionError("snapshot wallets " + s[0] + " but top-ups - holds + voids = " + expectedWallets));
                  }
                  if (s[1] < 0) {
                    errors.add(new AssertionError("snapshot shows a negative wallet: " + s[1]));
                  }
                  if (s[5] != 0) {
                    errors.add(new AssertionError("snapshot: all balances sum to " + s[5]));
                  }
                  snapshots.incrementAndGet();
                } catch (Throwable t) {
                  errors.add(t);
                }
              }
            }));
      }
      threads.forEach(Thread::start);
      Thread.sleep(RUN_MS);
      running.set(false);
      for (Thread t : threads) {
        t.join(60_000);
        assertTrue(!t.isAlive(), () -> t.getName() + " still running a minute after the stop:\n" + Concurrently.stacks(t.getName()));
      }

      System.out.printf("bank workload: outcomes %s, %d snapshots%n", outcomes, snapshots.get());
      assertTrue(errors.isEmpty(), () -> errors.size() + " failures, first: " + errors.peek());
      assertTrue(snapshots.get() > 10, "readers ran");
      assertTrue(outcomes.get("Done").get() > 100, "writers made progress: " + outcomes);
      var report = f.reconciliation.run();
      assertTrue(report.holds(), report.violations().toString());
      assertReplayReproducesBalances(f);
    }
  }

  private static TransferRequest randomRequest(
      ThreadLocalRandom rnd, List<User> users, ConcurrentLinkedQueue<Long> openHolds, AtomicLong keys) {
    String key = "bank-" + keys.incrementAndGet();
    User a = users.get(rnd.nextInt(users.size()));
    int dice = rnd.nextInt(100);
    if (dice < 55) {
      User b = users.get(rnd.nextInt(users.size()));
      if (b.id() == a.id()) {
        b = users.get((users.indexOf(a) + 1) % users.size());
      }
      return new P2p(key, a.id(), b.id(), Money.rupiah(1 + rnd.nextInt(8_000)), Optional.of("n" + rnd.nextInt(100)));
    }
    if (dice < 70) {
      return new TopUpCredit(key, a.id(), Money.rupiah(10_000 + rnd.nextInt(5_000)), Money.rupiah(6_000), "TOP-" + key);
    }
    if (dice < 85 || openHolds.isEmpty()) {
      return new WithdrawalHold(key, a.id(), Money.rupiah(1 + rnd.nextInt(20_000)), Money.rupiah(8_000), "WD-" + key);
    }
    // Sometimes peek instead of poll, so that two writers race to resolve the same hold.
    Long hold = rnd.nextBoolean() ? openHolds.poll() : openHolds.peek();
    if (hold == null) {
      return new WithdrawalHold(key, a.id(), Money.rupiah(1 + rnd.nextInt(20_000)), Money.rupiah(8_000), "WD-" + key);
    }
    return dice < 93 ? new WithdrawalPost(key, hold) : new WithdrawalVoid(key, hold);
  }

  /**
   * Recomputes every account from the transfer headers alone (not the entries), in id order. For
   * two transfers sharing an account, id order is commit order: the second takes its id only after
   * acquiring the lock the first released at commit. So each wallet's running balance must match
   * the balance-after stored on its entry and never dip below zero.
   */
  private static void assertReplayReproducesBalances(LedgerFixture f) {
    Map<Long, Long> walletOfUser = new HashMap<>();
    f.db.jdbi().useHandle(h -> h.createQuery("SELECT user_id, id FROM accounts WHERE kind = 'user_available'")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> walletOfUser.put(e.getKey(), e.getValue())));
    long clearing = f.ledger.systemAccountId(SystemAccount.TOPUP_CLEARING);
    long fees = f.ledger.systemAccountId(SystemAccount.FEE_REVENUE);
    long inFlight = f.ledger.systemAccountId(SystemAccount.PAYOUTS_IN_FLIGHT);
    long settled = f.ledger.systemAccountId(SystemAccount.PAYOUTS_SETTLED);
    Map<Long, Long> balances = new HashMap<>();
    Map<Long, long[]> holds = new HashMap<>();
    AtomicLong replayed = new AtomicLong();
    f.db.jdbi().useHandle(h -> h.createQuery(
            "SELECT id, kind, amount, fee, from_user_id, to_user_id, pending_id FROM transfers ORDER BY id")
        .setFetchSize(1000)
        .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            rs.getObject(5), rs.getObject(6), rs.getObject(7)})
        .forEach(row -> {
          long id = (long) row[0];
          long amount = (long) row[2];
          long fee = (long) row[3];
          Map<Long, Long> delta = new HashMap<>();
          switch (TransferKind.fromDb((String) row[1])) {
            case TOPUP_CREDIT -> {
              delta.merge(clearing, -(amount + fee), Long::sum);
              delta.merge(walletOfUser.get((Long) row[5]), amount, Long::sum);
              delta.merge(fees, fee, Long::sum);
            }
            case P2P -> {
              delta.merge(walletOfUser.get((Long) row[4]), -amount, Long::sum);
              delta.merge(walletOfUser.get((Long) row[5]), amount, Long::sum);
            }
            case WITHDRAWAL_HOLD -> {
              delta.merge(walletOfUser.get((Long) row[4]), -(amount + fee), Long::sum);
              delta.merge(inFlight, amount + fee, Long::sum);
              holds.put(id, new long[] {amount, fee});
            }
            case WITHDRAWAL_POST -> {
              long[] held = holds.remove((Long) row[6]);
              assertEquals(held[0], amount);
              delta.merge(inFlight, -(amount + fee), Long::sum);
              delta.merge(settled, amount, Long::sum);
              delta.merge(fees, fee, Long::sum);
            }
            case WITHDRAWAL_VOID -> {
              assertTrue(holds.remove((Long) row[6]) != null, "void of an open hold");
              delta.merge(inFlight, -(amount + fee), Long::sum);
              delta.merge(walletOfUser.get((Long) row[5]), amount + fee, Long::sum);
            }
          }
          delta.forEach((account, d) -> {
            long after = balances.merge(account, d, Long::sum);
            if (walletOfUser.containsValue(account)) {
              assertTrue(after >= 0, "replay: wallet " + account + " negative after transfer " + id);
            }
          });
          replayed.incrementAndGet();
        }));
    Map<Long, Long> stored = new HashMap<>();
    f.db.jdbi().useHandle(h -> h.createQuery("SELECT id, balance FROM accounts")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> stored.put(e.getKey(), e.getValue())));
    stored.forEach((account, balance) -> assertEquals(balance, balances.getOrDefault(account, 0L), "account " + account));
    System.out.printf("bank workload: replayed %d transfers, %d holds still open%n", replayed.get(), holds.size());
  }
}
