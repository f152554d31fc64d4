package id.bizpro.bizcash.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.LedgerResult.AlreadyDone;
import id.bizpro.bizcash.ledger.LedgerResult.Conflict;
import id.bizpro.bizcash.ledger.LedgerResult.Done;
import id.bizpro.bizcash.ledger.LedgerResult.LimitExceeded;
import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import id.bizpro.bizcash.withdrawal.Withdrawals.RequestResult;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The double-spend and same-key proofs on the path users take: a transfer confirmed in the
 * conversation runs {@link P2pTransfers#send(org.jdbi.v3.core.Handle, String, long, long, Money,
 * Optional)} inside the turn's transaction, with the daily money-out limit, which is {@code
 * p2p_send_batch} with a group of one. Every request here is released at once on 32 threads, each
 * in a transaction of its own, as 32 chats confirming at the same moment would. p2p_send_batch is
 * the only P2P path ({@code Ledger.execute} of a P2P request is a group of one without a daily
 * limit, proven by the last test), so these proofs cover every P2P transfer.
 */
class P2pConcurrencyTest {
  private static final int THREADS = 32;
  private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

  private LedgerFixture f;
  private LocalDate startedOn;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture(new Ledger.Limits(Money.rupiah(1), Money.rupiah(20_000_000)), THREADS + 8);
    startedOn = LocalDate.now(WIB);
  }

  @AfterEach
  void tearDown() {
    var report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
    f.close();
  }

  private static AbuseLimits dailyLimit(long rupiah) {
    return new AbuseLimits(20, Duration.ofSeconds(10), 1_000, Money.rupiah(rupiah));
  }

  /** As the conversation's confirm step: the transfer joins a transaction of the caller's. */
  private LedgerResult confirm(P2pTransfers p2p, String key, User from, User to, long rupiah) {
    return f.db.jdbi().inTransaction(h -> {
      LedgerResult r = p2p.send(h, key, from.id(), to.id(), Money.rupiah(rupiah), Optional.of("c-" + key));
      // The turn goes on after the money moved (it stores the flow state), holding its locks.
      h.createQuery("SELECT pg_sleep(0.001)").mapTo(String.class).one();
      return r;
    });
  }

  private static Map<String, Long> outcomes(List<LedgerResult> results) {
    return results.stream().collect(Collectors.groupingBy(
        r -> r instanceof LimitExceeded l ? "LimitExceeded." + l.limit() : r.getClass().getSimpleName(),
        Collectors.counting()));
  }

  private int count(String sql, Object... args) {
    return f.db.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) {
        q.bind(i, args[i]);
      }
      return q.mapTo(Integer.class).one();
    });
  }

  /** The daily limit is per WIB day: a run that crossed midnight in Jakarta proves nothing about it. */
  private void assumeOneWibDay() {
    assumeTrue(startedOn.equals(LocalDate.now(WIB)), "the test ran across midnight WIB");
  }

  @Test
  void a_wallet_holding_100_can_pay_only_ten_of_100_concurrent_transfers_of_10() throws Exception {
    User payer = f.user("payer");
    User payee = f.user("payee");
    f.fund(payer, 100);
    P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, dailyLimit(1_000_000));
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "spend-" + i;
      tasks.add(() -> confirm(p2p, key, payer, payee, 10));
    }

    List<LedgerResult> results = Concurrently.run(THREADS, tasks);

    Map<String, Long> counts = outcomes(results);
    assertEquals(Map.of("Done", 10L, "InsufficientFunds", 90L), counts);
    assertEquals(0, f.balance(payer));
    assertEquals(100, f.balance(payee));
    assertEquals(10, count("SELECT count(*) FROM transfers WHERE kind = 'p2p'"));
    assertEquals(10, count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received' AND user_id = ?", payee.id()));
  }

  @Test
  void with_a_daily_limit_of_50_only_five_of_100_concurrent_transfers_of_10_go_out() throws Exception {
    User payer = f.user("payer");
    List<User> payees = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      payees.add(f.user("payee" + i));
    }
    f.fund(payer, 100);
    P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, dailyLimit(50));
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "limited-" + i;
      User to = payees.get(i % payees.size());
      tasks.add(() -> confirm(p2p, key, payer, to, 10));
    }

    List<LedgerResult> results = Concurrently.run(THREADS, tasks);

    assumeOneWibDay();
    assertEquals(Map.of("Done", 5L, "LimitExceeded.DAILY_MONEY_OUT", 95L), outcomes(results));
    assertEquals(50, f.balance(payer));
    assertEquals(50, payees.stream().mapToLong(f::balance).sum());
    assertEquals(5, count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"));
  }

  /**
   * Transfers and withdrawals of one user at once, while top-ups credit the same wallet: together
   * they may not pass the daily limit. Both kinds lock the user's row first; a transfer that did not
   * would read "sent today" while a withdrawal that had read it too was still on its way to the
   * wallet. Six users at once, so that the race has many chances.
   */
  @Test
  void transfers_and_withdrawals_at_once_never_pass_the_daily_limit_together_while_top_ups_arrive() throws Exception {
    long limit = 500_000;
    long each = 50_000; // the smallest withdrawal; 10 requests fit the limit
    AbuseLimits abuse = dailyLimit(limit);
    MoneyRules rules = MoneyRules.defaults().withAbuse(abuse);
    BankAccounts accounts = new BankAccounts(f.db.jdbi());
    Withdrawals withdrawals = new Withdrawals(f.db.jdbi(), f.ledger, accounts, rules, Clock.systemUTC());
    P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, abuse);
    List<User> payers = new ArrayList<>();
    List<Long> banks = new ArrayList<>();
    List<User> payees = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      User payer = f.user("payer" + i);
      f.fund(payer, 5_000_000);
      payers.add(payer);
      banks.add(assertInstanceOf(BankAccounts.AddResult.Added.class,
          accounts.add(payer.id(), "BCA", "123456789" + i, "Payer " + (char) ('A' + i))).account().id());
      payees.add(f.user("payee" + i));
    }

    record Asked(int payer, Object result) {}
    List<Callable<Asked>> tasks = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      for (int p = 0; p < payers.size(); p++) {
        int n = p;
        User payer = payers.get(p);
        User to = payees.get((p + 1 + i % (payees.size() - 1)) % payees.size());
        String key = "mixed-" + p + "-" + i;
        String reference = "TOP-" + p + "-" + i;
        tasks.add(switch (i % 6) {
          case 0, 3 -> () -> new Asked(n, f.db.jdbi().inTransaction(h -> withdrawals.request(h, key, payer.id(), banks.get(n), Money.rupiah(each))));
          case 1 -> () -> new Asked(n, f.ledger.execute(new TransferRequest.TopUpCredit(key, payer.id(), Money.rupiah(100_000), Money.rupiah(6_000), reference)));
          default -> () -> new Asked(n, confirm(p2p, key, payer, to, each));
        });
      }
    }

    List<Asked> results = Concurrently.run(THREADS, tasks);

    assumeOneWibDay();
    Map<Long, Long> received = new HashMap<>();
    for (int p = 0; p < payers.size(); p++) {
      int sent = 0;
      int withdrawn = 0;
      int credited = 0;
      int refusedForTheLimit = 0;
      for (Asked a : results) {
        if (a.payer() != p) {
          continue;
        }
        switch (a.result()) {
          case Done d when d.transfer().kind() == TransferKind.P2P -> {
            sent++;
            received.merge(d.transfer().toUserId().orElseThrow(), each, Long::sum);
          }
          case Done d -> credited++;
          case RequestResult.Requested w -> withdrawn++;
          case LimitExceeded l when l.limit() == LedgerResult.Limit.DAILY_MONEY_OUT -> refusedForTheLimit++;
          case RequestResult.DailyLimitExceeded d -> refusedForTheLimit++;
          default -> fail("unexpected " + a.result());
        }
      }
      User payer = payers.get(p);
      String summary = "payer " + p + ": sent " + sent + ", withdrawn " + withdrawn + ", credited " + credited
          + ", refused " + refusedForTheLimit;
      assertEquals(limit / each, sent + withdrawn, "exactly the limit went out: " + summary);
      assertEquals(8, credited, summary);
      assertEquals(48 - 8 - 10, refusedForTheLimit, summary);
      assertEquals(limit, (long) f.db.jdbi().withHandle(h -> h.createQuery("SELECT money_out_today(:u)")
          .bind("u", payer.id()).mapTo(Long.class).one()), summary);
      assertEquals(5_000_000 + 8 * 100_000 - limit - withdrawn * rules.withdrawalFee().rupiah(), f.balance(payer), summary);
    }
    for (User payee : payees) {
      assertEquals(received.getOrDefault(payee.id(), 0L), f.balance(payee), payee.username().orElse(""));
    }
    assertEquals(count("SELECT count(*) FROM transfers WHERE kind = 'p2p'"),
        count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"));
  }

  @Test
  void the_same_key_from_32_threads_at_once_moves_money_once_notifies_once_and_is_never_refused_for_the_limit()
      throws Exception {
    User payer = f.user("payer");
    User payee = f.user("payee");
    f.fund(payer, 1_000);
    // The limit fits the transfer exactly: once it went out, a retry would pass the limit if the
    // limit were checked before the key.
    P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, dailyLimit(300));
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      tasks.add(() -> confirm(p2p, "same-key", payer, payee, 300));
    }

    List<LedgerResult> results = Concurrently.run(THREADS, tasks);

    assertEquals(Map.of("Done", 1L, "AlreadyDone", (long) THREADS - 1), outcomes(results));
    long transferId = results.stream().filter(Done.class::isInstance).map(r -> ((Done) r).transfer().id()).findFirst().orElseThrow();
    assertTrue(results.stream().filter(AlreadyDone.class::isInstance).allMatch(r -> ((AlreadyDone) r).transfer().id() == transferId));
    assertEquals(700, f.balance(payer));
    assertEquals(300, f.balance(payee));
    assertEquals(1, count("SELECT count(*) FROM transfers WHERE idempotency_key = 'same-key'"));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE dedupe_key = 'transfer-received:' || ?", transferId));
    assertEquals(1, count("SELECT count(*) FROM outbox"));

    assertInstanceOf(Conflict.class, confirm(p2p, "same-key", payer, payee, 301));
    assertEquals(700, f.balance(payer));
  }

  @Test
  void the_same_key_to_different_recipients_from_32_threads_commits_one_and_conflicts_the_rest() throws Exception {
    User payer = f.user("payer");
    List<User> payees = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      payees.add(f.user("payee" + i));
    }
    f.fund(payer, 10_000);
    P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, dailyLimit(1_000_000));
    List<Callable<LedgerResult>> tasks = payees.stream()
        .map(p -> (Callable<LedgerResult>) () -> confirm(p2p, "shared", payer, p, 100))
        .toList();

    List<LedgerResult> results = Concurrently.run(THREADS, tasks);

    assertEquals(Map.of("Done", 1L, "Conflict", (long) THREADS - 1), outcomes(results));
    assertEquals(9_900, f.balance(payer));
    assertEquals(1, count("SELECT count(*) FROM outbox"));
  }

  @Test
  void opposite_transfers_between_two_wallets_with_daily_limits_never_deadlock() throws Exception {
    User a = f.user("a");
    User b = f.user("b");
    f.fund(a, 100_000);
    f.fund(b, 100_000);
    P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger, dailyLimit(1_000_000));
    List<Callable<LedgerResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean ab = i % 2 == 0;
      String key = "pingpong-" + i;
      tasks.add(() -> confirm(p2p, key, ab ? a : b, ab ? b : a, 7));
    }

    List<LedgerResult> results = Concurrently.run(THREADS, tasks);

    assertEquals(Map.of("Done", 200L), outcomes(results));
    assertEquals(100_000, f.balance(a));
    assertEquals(100_000, f.balance(b));
    assertEquals(200, count("SELECT count(*) FROM outbox"));
  }

  /**
   * {@code Ledger.execute} of P2P requests, each in a transaction of its own: the same path without
   * a daily limit, so without the senders' user-row locks — the wallets' locks alone still let a
   * wallet pay only what it holds, and opposite transfers never deadlock.
   */
  @Test
  void without_a_daily_limit_a_wallet_pays_only_what_it_holds_and_opposite_transfers_never_deadlock()
      throws Exception {
    User payer = f.user("payer");
    User payee = f.user("payee");
    User a = f.user("a");
    User b = f.user("b");
    f.fund(payer, 100);
    f.fund(a, 100_000);
    f.fund(b, 100_000);
    List<Callable<LedgerResult>> spends = new ArrayList<>();
    List<Callable<LedgerResult>> pingpong = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "spend-" + i;
      spends.add(() -> f.ledger.execute(
          new TransferRequest.P2p(key, payer.id(), payee.id(), Money.rupiah(10), Optional.empty())));
    }
    for (int i = 0; i < 200; i++) {
      boolean ab = i % 2 == 0;
      String key = "pingpong-" + i;
      pingpong.add(() -> f.ledger.execute(
          new TransferRequest.P2p(key, ab ? a.id() : b.id(), ab ? b.id() : a.id(), Money.rupiah(7), Optional.empty())));
    }
    List<Callable<LedgerResult>> tasks = new ArrayList<>(spends);
    tasks.addAll(pingpong);

    List<LedgerResult> results = Concurrently.run(THREADS, tasks);

    assertEquals(Map.of("Done", 10L, "InsufficientFunds", 90L), outcomes(results.subList(0, 100)));
    assertEquals(Map.of("Done", 200L), outcomes(results.subList(100, 300)));
    assertEquals(0, f.balance(payer));
    assertEquals(100, f.balance(payee));
    assertEquals(100_000, f.balance(a));
    assertEquals(100_000, f.balance(b));
    assertEquals(210, count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"));
  }
}
