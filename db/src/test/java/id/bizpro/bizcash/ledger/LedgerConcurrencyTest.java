package id.bizpro.bizcash.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.LedgerResult.AlreadyDone;
import id.bizpro.bizcash.ledger.LedgerResult.Conflict;
import id.bizpro.bizcash.ledger.LedgerResult.Done;
import id.bizpro.bizcash.ledger.LedgerResult.InsufficientFunds;
import id.bizpro.bizcash.ledger.TransferRequest.P2p;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's rules under concurrency for {@code ledger_post} (via {@link Ledger#execute}). Its P2P
 * branch is on no product path today — users' transfers go through {@code p2p_send_batch}, proven
 * the same way by {@code P2pConcurrencyTest} — but ledger_post keeps that branch, and {@code
 * P2pLedgerEquivalenceTest} uses it as the reference that p2p_send_batch must agree with, so it
 * stays proven here.
 */
class LedgerConcurrencyTest {
  private LedgerFixture f;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture(new Ledger.Limits(Money.rupiah(1), Money.rupiah(20_000_000)), 40);
  }

  @AfterEach
  void tearDown() {
    var report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
    f.close();
  }

  /**
   * Runs every task at once and returns their results in order; an exception (deadlock, constraint)
   * or a task that never ends fails the test.
   */
  private static <T> List<T> together(int threads, List<Callable<T>> tasks) throws Exception {
    return Concurrently.run(threads, tasks);
  }

  @Test
  void a_wallet_holding_100_can_pay_only_ten_of_100_concurrent_transfers_of_10() throws Exception {
    User payer = f.user("payer");
    User payee = f.user("payee");
    f.fund(payer, 100);
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "spend-" + i;
      tasks.add(() -> f.ledger.execute(new P2p(key, payer.id(), payee.id(), Money.rupiah(10), Optional.empty())));
    }

    List<LedgerResult> results = together(32, tasks);

    Map<Class<?>, Long> counts = results.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
    assertEquals(10L, counts.get(Done.class), counts.toString());
    assertEquals(90L, counts.get(InsufficientFunds.class), counts.toString());
    assertEquals(0, f.balance(payer));
    assertEquals(100, f.balance(payee));
  }

  @Test
  void the_same_key_from_8_threads_at_once_moves_money_exactly_once() throws Exception {
    User payer = f.user("payer");
    User payee = f.user("payee");
    f.fund(payer, 1_000);
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> f.ledger.execute(new P2p("same-key", payer.id(), payee.id(), Money.rupiah(300), Optional.of("sekali"))));
    }

    List<LedgerResult> results = together(8, tasks);

    assertEquals(1, results.stream().filter(Done.class::isInstance).count(), results.toString());
    assertEquals(7, results.stream().filter(AlreadyDone.class::isInstance).count(), results.toString());
    long transferId = results.stream().filter(Done.class::isInstance).map(r -> ((Done) r).transfer().id()).findFirst().orElseThrow();
    assertTrue(results.stream().filter(AlreadyDone.class::isInstance).allMatch(r -> ((AlreadyDone) r).transfer().id() == transferId));
    assertEquals(700, f.balance(payer));
    assertEquals(300, f.balance(payee));
    long rows = f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM transfers WHERE idempotency_key = 'same-key'").mapTo(Long.class).one());
    assertEquals(1, rows);

    var different = f.ledger.execute(new P2p("same-key", payer.id(), payee.id(), Money.rupiah(301), Optional.of("sekali")));
    assertInstanceOf(Conflict.class, different);
    assertEquals(700, f.balance(payer));
  }

  @Test
  void the_same_key_on_different_accounts_from_many_threads_commits_one_and_conflicts_the_rest() throws Exception {
    User payer = f.user("payer");
    List<User> payees = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      payees.add(f.user("payee" + i));
    }
    f.fund(payer, 1_000);
    List<Callable<LedgerResult>> tasks =
        payees.stream()
            .map(p -> (Callable<LedgerResult>) () -> f.ledger.execute(new P2p("shared", payer.id(), p.id(), Money.rupiah(100), Optional.empty())))
            .toList();

    List<LedgerResult> results = together(8, tasks);

    assertEquals(1, results.stream().filter(Done.class::isInstance).count(), results.toString());
    assertEquals(7, results.stream().filter(Conflict.class::isInstance).count(), results.toString());
    assertEquals(900, f.balance(payer));
  }

  @Test
  void opposite_transfers_between_two_wallets_never_deadlock() throws Exception {
    User a = f.user("a");
    User b = f.user("b");
    f.fund(a, 100_000);
    f.fund(b, 100_000);
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean ab = i % 2 == 0;
      String key = "pingpong-" + i;
      tasks.add(() -> f.ledger.execute(new P2p(key, ab ? a.id() : b.id(), ab ? b.id() : a.id(), Money.rupiah(7), Optional.empty())));
    }

    List<LedgerResult> results = together(16, tasks);

    assertTrue(results.stream().allMatch(Done.class::isInstance), results.stream().map(Function.identity()).filter(r -> !(r instanceof Done)).toList().toString());
    assertEquals(200_000, f.balance(a) + f.balance(b));
    assertEquals(100_000, f.balance(a));
  }
}
