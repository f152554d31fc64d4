package id.bizpro.bizcash.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.LedgerResult.Done;
import id.bizpro.bizcash.ledger.LedgerResult.LimitExceeded;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.testing.LedgerReplay;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.topup.TopUpReversals;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * After Jepsen's bank workload, on the paths the product uses. 32 writers move money every way the
 * product can: transfers confirmed in a conversation ({@link P2pTransfers#send(org.jdbi.v3.core.Handle,
 * String, long, long, Money, Optional)} in the caller's transaction) and some group-committed;
 * top-up orders created and paid by bank or card (the payment sometimes confirmed twice, a second
 * distinct payment sometimes held in suspense, which admins credit or refund, racing each other;
 * card payments sometimes taken back by the gateway); withdrawals requested in
 * a conversation's transaction and settled paid or failed by payout callbacks, two writers
 * sometimes racing to settle one. All of it under the daily money-out limit, which binds for the
 * busiest senders. Meanwhile readers take one-statement snapshots: every snapshot must add up, and
 * none may show a wallet below zero or a user past the limit. At the end the books must match
 * every answer the writers got, and replaying the ledger must reproduce every stored balance-after
 * ({@link LedgerReplay}).
 */
class BankWorkloadTest {
  private static final int WALLETS = 24;
  private static final int BUSY = 4; // senders of half the transfers, in larger amounts
  private static final int WRITERS = 32;
  private static final int READERS = 2;
  private static final long RUN_MS = 10_000;
  private static final long START = 3_000_000;
  private static final long DAILY_LIMIT = 2_000_000;

  /** One statement, one snapshot: wallet balances next to the totals that should explain them. */
  private static final String SNAPSHOT =
      """
      SELECT (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'user_available'),
             (SELECT coalesce(min(balance), 0) FROM accounts WHERE kind = 'user_available'),
             (SELECT coalesce(sum(amount), 0) FROM transfers WHERE kind = 'topup_credit'),
             (SELECT coalesce(sum(amount + fee), 0) FROM transfers WHERE kind = 'withdrawal_hold'),
             (SELECT coalesce(sum(amount + fee), 0) FROM transfers WHERE kind = 'withdrawal_void'),
             (SELECT coalesce(sum(balance), 0) FROM accounts),
             (SELECT coalesce(max(money_out_today(id)), 0) FROM users),
             (SELECT coalesce(sum(amount), 0) FROM transfers WHERE kind = 'suspense_credit'),
             (SELECT coalesce(sum(amount - fee), 0) FROM transfers WHERE kind = 'topup_reversal'),
             (SELECT coalesce(sum(r.amount), 0) FROM unapplied_receipts r
                JOIN transfers t ON t.id = r.receipt_transfer_id AND t.kind = 'topup_credit' WHERE r.reason = 'over_cap'),
             (SELECT coalesce(sum(balance), 0) FROM accounts WHERE code = 'system:unapplied_receipts'),
             (SELECT coalesce(sum(amount), 0) FROM unapplied_receipts WHERE status = 'open')
      """;

  /** What the writers share: the services, the users and the books kept from their answers. */
  private record Workload(
      LedgerFixture f, P2pTransfers p2p, TopUpOrders orders, Withdrawals withdrawals, List<User> users,
      List<Long> banks, AtomicLongArray net, ConcurrentLinkedQueue<String> pending, Map<String, AtomicLong> outcomes,
      AtomicLong keys, ConcurrentLinkedQueue<Long> held, ConcurrentLinkedQueue<String> creditedByCard) {

    int indexOf(long userId) {
      for (int i = 0; i < users.size(); i++) {
        if (users.get(i).id() == userId) {
          return i;
        }
      }
      throw new IllegalArgumentException("no user " + userId);
    }

    void count(String outcome) {
      outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    long outcome(String name) {
      AtomicLong n = outcomes.get(name);
      return n == null ? 0 : n.get();
    }
  }

  @Test
  void concurrent_transfers_top_ups_withdrawals_and_payouts_keep_every_snapshot_and_every_balance_after_consistent()
      throws Exception {
    MoneyRules rules = MoneyRules.defaults()
        .withAbuse(new AbuseLimits(20, Duration.ofSeconds(10), 4, Money.rupiah(DAILY_LIMIT)));
    try (LedgerFixture f = new LedgerFixture(rules.ledgerLimits(), WRITERS + READERS + 8)) {
      BankAccounts accounts = new BankAccounts(f.db.jdbi());
      List<User> users = new ArrayList<>();
      List<Long> banks = new ArrayList<>();
      for (int i = 0; i < WALLETS; i++) {
        User u = f.user("bank" + i);
        users.add(u);
        f.fund(u, START);
        banks.add(((BankAccounts.AddResult.Added) accounts.add(u.id(), "BCA", "88000000" + (10 + i), "Nasabah " + (char) ('A' + i)))
            .account().id());
      }
      Workload w = new Workload(
          f, new P2pTransfers(f.db.jdbi(), f.ledger, rules.abuse()), new TopUpOrders(f.db.jdbi(), f.ledger, rules, Clock.systemUTC(), new PaymentAlerts(Set.of(900_001L))),
          new Withdrawals(f.db.jdbi(), f.ledger, accounts, rules, Clock.systemUTC()), users, banks,
          new AtomicLongArray(WALLETS), new ConcurrentLinkedQueue<>(), new ConcurrentHashMap<>(), new AtomicLong(),
          new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
      AtomicBoolean running = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      AtomicLong snapshots = new AtomicLong();

      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        threads.add(Thread.ofPlatform().name("writer-" + i).unstarted(() -> {
          while (running.get()) {
            try {
              step(w, ThreadLocalRandom.current());
            } catch (Throwable t) {
              errors.add(t);
            }
          }
        }));
      }
      for (int i = 0; i < READERS; i++) {
        threads.add(Thread.ofPlatform().name("reader-" + i).unstarted(() -> {
          while (running.get()) {
            try {
              check(f.db.jdbi().withHandle(h -> h.createQuery(SNAPSHOT)
                  .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                      rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                      rs.getLong(12)})
                  .one()), errors);
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

      System.out.printf("bank workload: outcomes %s, %d snapshots%n", new java.util.TreeMap<>(w.outcomes()), snapshots.get());
      assertTrue(errors.isEmpty(), () -> errors.size() + " failures, first: " + errors.peek());
      assertTrue(snapshots.get() > 10, "readers ran");
      // Every way of moving money happened, and the limit bound.
      for (String happened : List.of("p2p.confirm.Done", "p2p.grouped.Done", "topup.Credited", "topup.AlreadyPaid",
          "topup.Held", "suspense.Credited", "suspense.Refunded", "reversal.Reversed",
          "withdrawal.Requested", "payout.paid.Settled", "payout.failed.Settled", "p2p.confirm.LimitExceeded.DAILY_MONEY_OUT")) {
        assertTrue(w.outcome(happened) > 0, "no " + happened + ": " + w.outcomes());
      }
      assertTrue(w.outcome("p2p.confirm.Done") > 100, "writers made progress: " + w.outcomes());

      // The books kept from the writers' answers match the ledger, user by user.
      for (int i = 0; i < WALLETS; i++) {
        assertEquals(START + w.net().get(i), f.balance(users.get(i)), "wallet of " + users.get(i).displayName());
      }
      assertEquals(0, count(f, """
          SELECT count(*) FROM (
            SELECT t.from_user_id, (t.created_at AT TIME ZONE 'Asia/Jakarta')::date
              FROM transfers t
             WHERE t.kind IN ('p2p', 'withdrawal_hold')
               AND NOT EXISTS (SELECT 1 FROM transfers v WHERE v.pending_id = t.id AND v.kind = 'withdrawal_void')
             GROUP BY 1, 2 HAVING sum(t.amount) > %d) over""".formatted(DAILY_LIMIT)), "a user sent more than the daily limit");
      assertEquals(count(f, "SELECT count(*) FROM transfers WHERE kind = 'p2p'"), count(f, """
          SELECT count(*) FROM transfers t JOIN outbox o ON o.dedupe_key = 'transfer-received:' || t.id
           WHERE t.kind = 'p2p' AND o.user_id = t.to_user_id"""), "one notification per transfer");
      assertEquals(0, count(f, """
          SELECT count(*) FROM withdrawals w
           WHERE (w.status = 'paid') <> EXISTS (SELECT 1 FROM transfers t WHERE t.pending_id = w.hold_transfer_id AND t.kind = 'withdrawal_post')
              OR (w.status = 'failed') <> EXISTS (SELECT 1 FROM transfers t WHERE t.pending_id = w.hold_transfer_id AND t.kind = 'withdrawal_void')"""),
          "a withdrawal's status and its ledger resolution agree");
      var report = f.reconciliation.run();
      assertTrue(report.holds(), report.violations().toString());
      LedgerReplay.Summary replay = LedgerReplay.verify(f.db.jdbi(), f.ledger);
      System.out.printf("bank workload: replayed %d transfers and %d entries, every balance-after matches; %d holds still open%n",
          replay.transfers(), replay.entries(), replay.openHolds());
    }
  }

  /** One request, as a user, a gateway or a bank would make it; its answer goes into the books. */
  private static void step(Workload w, ThreadLocalRandom rnd) {
    String key = "bank-" + w.keys().incrementAndGet();
    int dice = rnd.nextInt(100);
    if (dice < 50) {
      boolean busy = rnd.nextBoolean();
      int from = busy ? rnd.nextInt(BUSY) : rnd.nextInt(WALLETS);
      int to = (from + 1 + rnd.nextInt(WALLETS - 1)) % WALLETS;
      Money amount = Money.rupiah(busy ? 20_000 + rnd.nextInt(80_000) : 1_000 + rnd.nextInt(20_000));
      long fromId = w.users().get(from).id();
      long toId = w.users().get(to).id();
      boolean grouped = dice >= 45;
      LedgerResult r = grouped
          ? w.p2p().send(key, fromId, toId, amount, Optional.of("g" + dice))
          : w.f().db.jdbi().inTransaction(h -> w.p2p().send(h, key, fromId, toId, amount, Optional.of("c" + dice)));
      w.count("p2p." + (grouped ? "grouped." : "confirm.") + name(r));
      if (r instanceof Done) {
        w.net().addAndGet(from, -amount.rupiah());
        w.net().addAndGet(to, amount.rupiah());
      }
    } else if (dice < 60) {
      int user = rnd.nextInt(WALLETS);
      var created = w.orders().create(w.users().get(user).id(), Money.rupiah(10_000 + 1_000L * rnd.nextInt(490)));
      if (!(created instanceof TopUpOrders.CreateResult.Created c)) {
        w.count("topup." + created.getClass().getSimpleName());
        return;
      }
      // Paid by bank transfer or by card; the same payment sometimes confirmed twice, and sometimes
      // a second, distinct payment arrives for the paid order (held in suspense).
      boolean card = rnd.nextInt(4) == 0;
      String provider = card ? "midtrans" : "bank";
      String payment = (card ? "trx-" : "BCA-") + c.order().reference();
      int times = rnd.nextInt(5) == 0 ? 2 : 1;
      for (int i = 0; i < times; i++) {
        var paid = w.orders().pay(c.order().reference(), new TopUpOrders.Payment(provider, Optional.of(payment),
            c.order().total(), Optional.empty()));
        w.count("topup." + paid.getClass().getSimpleName());
        if (paid instanceof TopUpOrders.PayResult.Credited credited) {
          w.net().addAndGet(user, credited.toWallet().rupiah());
          credited.held().ifPresent(r -> w.held().add(r.id()));
          if (card) {
            w.creditedByCard().add(c.order().reference());
          }
        }
      }
      if (rnd.nextInt(4) == 0) {
        var second = w.orders().pay(c.order().reference(), new TopUpOrders.Payment("bank",
            Optional.of("BCA-2-" + c.order().reference()), c.order().total(), Optional.empty()));
        w.count("topup." + second.getClass().getSimpleName());
        if (second instanceof TopUpOrders.PayResult.Held h) {
          w.held().add(h.receipt().id());
        }
      }
    } else if (dice < 65) {
      // An admin resolves a held receipt (two admins may race on one), or the gateway takes a card
      // payment back after the wallet may already have spent it.
      if (rnd.nextBoolean()) {
        Long receipt = rnd.nextBoolean() ? w.held().poll() : w.held().peek();
        if (receipt == null) {
          return;
        }
        UnappliedReceipts receipts = w.orders().receipts();
        if (rnd.nextInt(3) > 0) {
          var r = receipts.creditToWallet(receipt, 900_001L);
          w.count("suspense." + r.getClass().getSimpleName());
          if (r instanceof UnappliedReceipts.CreditResult.Credited credited) {
            w.net().addAndGet(w.indexOf(credited.receipt().userId().orElseThrow()), credited.credited().rupiah());
            credited.rest().ifPresent(rest -> w.held().add(rest.id()));
          }
        } else {
          var r = receipts.markRefunded(receipt, 900_001L, "RF-" + key);
          w.count("suspense." + r.getClass().getSimpleName());
        }
      } else {
        String reference = w.creditedByCard().poll();
        if (reference == null) {
          return;
        }
        var r = w.f().db.jdbi().inTransaction(h ->
            w.orders().reversals().takeBack(h, reference, "midtrans", "trx-" + reference, "refund"));
        w.count("reversal." + r.getClass().getSimpleName());
        if (r instanceof TopUpReversals.Result.Reversed reversed) {
          w.net().addAndGet(w.indexOf(reversed.order().userId()), -reversed.fromWallet().rupiah());
        }
      }
    } else if (dice < 80 || w.pending().isEmpty()) {
      int user = rnd.nextInt(WALLETS);
      var r = w.f().db.jdbi().inTransaction(h -> w.withdrawals().request(h, key, w.users().get(user).id(), w.banks().get(user),
          Money.rupiah(50_000 + 1_000L * rnd.nextInt(100))));
      w.count("withdrawal." + r.getClass().getSimpleName());
      if (r instanceof Withdrawals.RequestResult.Requested requested) {
        w.net().addAndGet(user, -requested.withdrawal().total().rupiah());
        w.pending().add(requested.withdrawal().reference());
      }
    } else {
      // Sometimes peek instead of poll, so that two writers race to settle the same withdrawal.
      String reference = rnd.nextBoolean() ? w.pending().poll() : w.pending().peek();
      if (reference == null) {
        return;
      }
      boolean paid = dice < 92;
      var r = paid ? w.withdrawals().markPaid(reference, "TRF-" + key) : w.withdrawals().markFailed(reference, "rekening ditutup");
      w.count("payout." + (paid ? "paid." : "failed.") + r.getClass().getSimpleName());
      if (!paid && r instanceof Withdrawals.SettleResult.Settled s) {
        Withdrawal back = s.withdrawal();
        w.net().addAndGet(w.users().indexOf(w.users().stream().filter(u -> u.id() == back.userId()).findFirst().orElseThrow()),
            back.total().rupiah());
      }
    }
  }

  private static String name(LedgerResult r) {
    return r instanceof LimitExceeded l ? "LimitExceeded." + l.limit() : r.getClass().getSimpleName();
  }

  private static void check(long[] s, ConcurrentLinkedQueue<Throwable> errors) {
    // Wallets hold what top-ups credited to them (less what was held over the cap), less holds, plus
    // voids and suspense credits, less what reversals took back.
    long expectedWallets = s[2] - s[9] - s[3] + s[4] + s[7] - s[8];
    if (s[0] != expectedWallets) {
      errors.add(new AssertionError("snapshot wallets " + s[0] + " but top-ups - held - holds + voids + suspense credits"
          + " - reversals = " + expectedWallets));
    }
    if (s[10] != s[11]) {
      errors.add(new AssertionError("snapshot: suspense holds " + s[10] + " but its open receipts sum to " + s[11]));
    }
    if (s[1] < 0) {
      errors.add(new AssertionError("snapshot shows a negative wallet: " + s[1]));
    }
    if (s[5] != 0) {
      errors.add(new AssertionError("snapshot: all balances sum to " + s[5]));
    }
    if (s[6] > DAILY_LIMIT) {
      errors.add(new AssertionError("snapshot: a user sent " + s[6] + " today, over the limit of " + DAILY_LIMIT));
    }
  }

  private static int count(LedgerFixture f, String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }
}
