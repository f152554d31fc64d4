package id.bizpro.bizcash.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import id.bizpro.bizcash.withdrawal.Withdrawals.RequestResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Daily money-out and pending-withdrawal limits, enforced by the db services in the money transaction. */
class MoneyOutLimitsTest {
  private static final AbuseLimits LIMITS = new AbuseLimits(20, Duration.ofSeconds(10), 2, Money.rupiah(300_000));

  private LedgerFixture f;
  private P2pTransfers p2p;
  private Withdrawals withdrawals;
  private User alice;
  private User bob;
  private BankAccount bca;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    p2p = new P2pTransfers(f.db.jdbi(), f.ledger, LIMITS);
    BankAccounts accounts = new BankAccounts(f.db.jdbi());
    withdrawals = new Withdrawals(f.db.jdbi(), f.ledger, accounts, MoneyRules.defaults().withAbuse(LIMITS), Clock.systemUTC());
    alice = f.user("alice");
    bob = f.user("bob");
    bca = assertInstanceOf(BankAccounts.AddResult.Added.class, accounts.add(alice.id(), "BCA", "1234567890", "Alice")).account();
    f.fund(alice, 1_000_000);
  }

  @AfterEach
  void tearDown() {
    assertTrue(f.reconciliation.run().holds());
    f.close();
  }

  @Test
  void transfers_past_the_daily_money_out_limit_are_refused_and_move_nothing() {
    assertInstanceOf(LedgerResult.Done.class, p2p.send("t1", alice.id(), bob.id(), Money.rupiah(200_000), Optional.empty()));
    LedgerResult refused = p2p.send("t2", alice.id(), bob.id(), Money.rupiah(100_001), Optional.empty());
    var limit = assertInstanceOf(LedgerResult.LimitExceeded.class, refused);
    assertEquals(LedgerResult.Limit.DAILY_MONEY_OUT, limit.limit());
    assertEquals(Money.rupiah(300_000), limit.limitValue());
    assertEquals(Money.rupiah(300_001), limit.attempted());
    assertEquals(800_000, f.balance(alice));
    assertInstanceOf(LedgerResult.Done.class, p2p.send("t3", alice.id(), bob.id(), Money.rupiah(100_000), Optional.empty()));
    assertEquals(2, count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"));
  }

  @Test
  void a_retried_transfer_at_the_limit_returns_its_first_result_instead_of_a_refusal() {
    assertInstanceOf(LedgerResult.Done.class, p2p.send("t1", alice.id(), bob.id(), Money.rupiah(300_000), Optional.empty()));
    assertInstanceOf(LedgerResult.AlreadyDone.class, p2p.send("t1", alice.id(), bob.id(), Money.rupiah(300_000), Optional.empty()));
    assertEquals(700_000, f.balance(alice));
  }

  @Test
  void withdrawals_count_towards_the_daily_limit_and_a_voided_one_gives_its_room_back() {
    var w = assertInstanceOf(RequestResult.Requested.class, withdrawals.request("w1", alice.id(), bca.id(), Money.rupiah(250_000)));
    var refused = assertInstanceOf(RequestResult.DailyLimitExceeded.class,
        withdrawals.request("w2", alice.id(), bca.id(), Money.rupiah(60_000)));
    assertEquals(Money.rupiah(250_000), refused.usedToday());
    assertInstanceOf(LedgerResult.LimitExceeded.class, p2p.send("t1", alice.id(), bob.id(), Money.rupiah(60_000), Optional.empty()));
    withdrawals.markFailed(w.withdrawal().reference(), "bank rejected");
    assertInstanceOf(LedgerResult.Done.class, p2p.send("t2", alice.id(), bob.id(), Money.rupiah(300_000), Optional.empty()));
  }

  @Test
  void a_user_cannot_have_more_pending_withdrawals_than_the_limit_and_a_paid_one_frees_a_slot() {
    var first = assertInstanceOf(RequestResult.Requested.class, withdrawals.request("w1", alice.id(), bca.id(), Money.rupiah(50_000)));
    assertInstanceOf(RequestResult.Requested.class, withdrawals.request("w2", alice.id(), bca.id(), Money.rupiah(50_000)));
    long before = f.balance(alice);
    assertEquals(new RequestResult.TooManyPending(2), withdrawals.request("w3", alice.id(), bca.id(), Money.rupiah(50_000)));
    assertEquals(before, f.balance(alice));
    withdrawals.markPaid(first.withdrawal().reference(), "BANK-1");
    assertInstanceOf(RequestResult.Requested.class, withdrawals.request("w3", alice.id(), bca.id(), Money.rupiah(50_000)));
  }

  @Test
  void concurrent_transfers_of_one_user_never_pass_the_daily_limit_together() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<LedgerResult>> tasks = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String key = "c" + i;
        tasks.add(() -> p2p.send(key, alice.id(), bob.id(), Money.rupiah(50_000), Optional.empty()));
      }
      int done = 0;
      for (Future<LedgerResult> r : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
        done += r.get(60, TimeUnit.SECONDS) instanceof LedgerResult.Done ? 1 : 0;
      }
      assertEquals(6, done);
      assertEquals(700_000, f.balance(alice));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_limits_are_read_from_the_environment_and_refuse_nonsense() {
    AbuseLimits l = AbuseLimits.fromEnv(new Env(Map.of(
        "RATE_LIMIT_UPDATES", "5", "RATE_LIMIT_WINDOW", "30s", "MAX_PENDING_WITHDRAWALS", "1", "DAILY_MONEY_OUT", "2.000.000")));
    assertEquals(new AbuseLimits(5, Duration.ofSeconds(30), 1, Money.rupiah(2_000_000)), l);
    assertEquals(AbuseLimits.defaults(), MoneyRules.fromEnv(new Env(Map.of())).abuse());
    assertThrows(ConfigException.class, () -> AbuseLimits.fromEnv(new Env(Map.of("RATE_LIMIT_UPDATES", "0"))));
    assertThrows(ConfigException.class, () -> AbuseLimits.fromEnv(new Env(Map.of("RATE_LIMIT_WINDOW", "soon"))));
    assertThrows(ConfigException.class, () -> AbuseLimits.fromEnv(new Env(Map.of("MAX_PENDING_WITHDRAWALS", "-1"))));
    assertThrows(ConfigException.class, () -> AbuseLimits.fromEnv(new Env(Map.of("DAILY_MONEY_OUT", "0"))));
  }

  private int count(String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }
}
