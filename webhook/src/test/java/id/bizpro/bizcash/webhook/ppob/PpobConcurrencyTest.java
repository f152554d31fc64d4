package id.bizpro.bizcash.webhook.ppob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.user.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many purchases, failures and duplicated, contradicting answers at once on 16 threads: holds race
 * each other and the refunds of earlier purchases; every purchase is settled by several racing
 * answers. The ledger must keep the bank-test invariants: no wallet below zero, each hold
 * resolved exactly once, every wallet equal to what it was funded minus its succeeded purchases,
 * PPOB in flight empty at the end and the reconciliation holding.
 */
class PpobConcurrencyTest {
  @RegisterExtension final PpobKit kit = new PpobKit();
  private static final long SELL = 50_100 + 1_500;
  private static final long FUND = 300_000;

  @Test
  void many_purchases_failures_and_callbacks_at_once_keep_the_invariants() throws Exception {
    kit.priceList(50_100);
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      User u = kit.f.user("buyer" + i);
      kit.f.fund(u, FUND);
      users.add(u);
    }
    ConcurrentLinkedQueue<PpobPurchase> held = new ConcurrentLinkedQueue<>();
    for (User u : users) {
      for (int i = 0; i < 3; i++) {
        held.add(kit.buy(u, "tsel50", "0812345678" + (10 + i), SELL));
      }
    }
    List<PpobPurchase> first = List.copyOf(held);
    Random random = new Random(17);
    List<Runnable> tasks = new ArrayList<>();
    // New purchases (more than the wallets can pay for) racing the answers about the first ones.
    for (User u : users) {
      for (int i = 0; i < 5; i++) {
        tasks.add(() -> hold(u).ifPresent(held::add));
      }
    }
    for (PpobPurchase p : first) {
      tasks.addAll(answers(p, random.nextBoolean()));
    }
    runAll(tasks, random);
    // Then every purchase still pending gets its answers, again racing.
    List<Runnable> rest = new ArrayList<>();
    for (PpobPurchase p : held) {
      if (kit.reload(p).status() == PpobPurchase.Status.PENDING) {
        rest.addAll(answers(p, random.nextBoolean()));
      }
    }
    runAll(rest, random);

    long successTotal = 0;
    for (User u : users) {
      long spent = 0;
      for (PpobPurchase p : held) {
        PpobPurchase now = kit.reload(p);
        assertTrue(now.status() != PpobPurchase.Status.PENDING, now.reference());
        if (p.userId() == u.id() && now.status() == PpobPurchase.Status.SUCCESS) {
          spent += SELL;
        }
      }
      assertEquals(FUND - spent, kit.f.balance(u), "wallet of " + u.id());
      successTotal += spent;
    }
    assertTrue(held.size() > first.size(), "some new purchases were held while refunds arrived");
    assertEquals(0, kit.system(SystemAccount.PPOB_IN_FLIGHT));
    assertEquals(successTotal, kit.system(SystemAccount.PPOB_PROVIDER_COST) + kit.system(SystemAccount.PPOB_MARGIN));
    assertEquals(held.size(), kit.count("SELECT count(*) FROM transfers WHERE kind IN ('ppob_post', 'ppob_void')"));
    assertEquals(0, kit.count("""
        SELECT count(*) FROM ppob_purchases p
         WHERE (SELECT count(*) FROM transfers t WHERE t.pending_id = p.hold_transfer_id) <> 1"""));
    assertEquals(held.size(), kit.outbox("ppob_success") + kit.outbox("ppob_failed"));
    assertEquals(0, kit.count("SELECT count(*) FROM accounts WHERE kind = 'user_available' AND balance < 0"));
    var report = kit.f.reconciliation.run();
    assertTrue(report.holds(), report.toString());
  }

  private Optional<PpobPurchase> hold(User u) {
    var r = kit.f.db.jdbi().inTransaction(h -> kit.purchases.hold(h, "c-" + UUID.randomUUID(), u.id(), "tsel50",
        "081299990000", Money.rupiah(SELL), kit.clock.instant()));
    return switch (r) {
      case PpobPurchases.HoldResult.Held ok -> Optional.of(ok.purchase());
      case PpobPurchases.HoldResult.InsufficientFunds f -> Optional.empty();
      default -> throw new IllegalStateException("unexpected " + r);
    };
  }

  /** The buy answer, a duplicate callback, a status poll and a late contradicting callback. */
  private List<Runnable> answers(PpobPurchase p, boolean succeeds) {
    PpobPurchases.Outcome yes = new PpobPurchases.Outcome.Success(Optional.of("SN-" + p.reference()),
        Optional.of(Money.rupiah(50_100)), "00", "Sukses");
    PpobPurchases.Outcome no = new PpobPurchases.Outcome.Failed("02", "Gagal");
    PpobPurchases.Outcome right = succeeds ? yes : no;
    return List.of(
        () -> kit.purchases.settle(p.reference(), right, "provider"),
        () -> kit.purchases.settle(p.reference(), right, "callback"),
        () -> kit.purchases.settle(p.reference(), right, "callback"),
        () -> kit.purchases.settle(p.reference(), succeeds ? no : yes, "callback"));
  }

  private static void runAll(List<Runnable> tasks, Random random) throws Exception {
    List<Runnable> shuffled = new ArrayList<>(tasks);
    Collections.shuffle(shuffled, random);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable r : shuffled) {
        futures.add(pool.submit(r));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
