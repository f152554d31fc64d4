package id.bizpro.bizcash.topup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.topup.TopUpOrders.CreateResult;
import id.bizpro.bizcash.topup.TopUpOrders.PayResult;
import id.bizpro.bizcash.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Money that does not arrive the happy way, at the service level: second payments and wrong
 * amounts held in suspense and resolved by an admin once, totals kept in quarantine after an order
 * closes, the balance cap counting open orders and splitting a credit that would pass it, and a
 * gateway taking back a credited payment. The ledger reconciles (suspense included) after each test.
 */
class MoneyEdgesTest {
  private static final Set<Long> ADMINS = Set.of(900_001L, 900_002L);
  private static final long ADMIN = 900_001L;

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  private LedgerFixture f;
  private TopUpOrders orders;
  private UnappliedReceipts receipts;
  private TopUpReversals reversals;
  private MoneyOutBlocks blocks;
  private User alice;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    PaymentAlerts alerts = new PaymentAlerts(ADMINS);
    orders = new TopUpOrders(f.db.jdbi(), f.ledger, MoneyRules.defaults(), clock, alerts);
    receipts = orders.receipts();
    blocks = new MoneyOutBlocks(f.db.jdbi());
    reversals = new TopUpReversals(orders, f.ledger, blocks, alerts);
    alice = f.user("alice");
  }

  @AfterEach
  void tearDown() {
    var report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
    f.close();
  }

  private TopUpOrder created(User u, long amount) {
    return assertInstanceOf(CreateResult.Created.class, orders.create(u.id(), Money.rupiah(amount))).order();
  }

  private PayResult pay(TopUpOrder o, Money paid, String provider, String providerReference) {
    return orders.pay(o.reference(), new TopUpOrders.Payment(provider, Optional.of(providerReference), paid, Optional.empty()));
  }

  private int outbox(String kind) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = :k")
        .bind("k", kind).mapTo(Integer.class).one());
  }

  private long suspense() {
    return f.ledger.balanceOf(SystemAccount.UNAPPLIED_RECEIPTS).rupiah();
  }

  @Test
  void a_second_distinct_payment_is_held_told_to_the_user_and_admins_and_credited_once_by_an_admin() throws Exception {
    TopUpOrder o = created(alice, 100_000);
    assertInstanceOf(PayResult.Credited.class, pay(o, o.total(), "midtrans", "trx-1"));
    // The same payment again is a duplicate; the bank transfer of the same total is a second payment.
    assertInstanceOf(PayResult.AlreadyPaid.class, pay(o, o.total(), "midtrans", "trx-1"));
    var held = assertInstanceOf(PayResult.Held.class, pay(o, o.total(), "payments", "BCA-777"));

    assertEquals(UnappliedReceipts.Reason.SECOND_PAYMENT, held.receipt().reason());
    assertEquals(o.credited().rupiah(), f.balance(alice));
    assertEquals(o.total().rupiah(), suspense());
    assertEquals(1, outbox("payment_held"));
    assertEquals(ADMINS.size(), outbox("admin_payment_alert"));
    assertEquals(List.of(held.receipt().reference()), receipts.open(10).stream().map(UnappliedReceipts.Receipt::reference).toList());

    // Two admins press "credit" at the same moment: one credit.
    long id = held.receipt().id();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<UnappliedReceipts.CreditResult>> presses = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        presses.add(pool.submit((Callable<UnappliedReceipts.CreditResult>) () -> receipts.creditToWallet(id, ADMIN)));
      }
      int credited = 0;
      for (var p : presses) {
        if (p.get(30, TimeUnit.SECONDS) instanceof UnappliedReceipts.CreditResult.Credited) {
          credited++;
        }
      }
      assertEquals(1, credited);
    } finally {
      pool.shutdownNow();
    }
    assertInstanceOf(UnappliedReceipts.CreditResult.AlreadyResolved.class, receipts.creditToWallet(id, ADMIN));
    assertEquals(o.credited().rupiah() + o.total().rupiah(), f.balance(alice));
    assertEquals(0, suspense());
    assertEquals(1, outbox("receipt_credited"));
    assertEquals(0, receipts.openCount());
  }

  @Test
  void a_receipt_marked_refunded_leaves_suspense_once() {
    TopUpOrder o = created(alice, 50_000);
    var held = assertInstanceOf(PayResult.Held.class, pay(o, Money.rupiah(49_000), "payments", "BCA-1"));
    assertEquals(UnappliedReceipts.Reason.AMOUNT_MISMATCH, held.receipt().reason());
    long settledBefore = f.ledger.balanceOf(SystemAccount.PAYOUTS_SETTLED).rupiah();

    assertInstanceOf(UnappliedReceipts.RefundResult.Refunded.class,
        receipts.markRefunded(held.receipt().id(), ADMIN, "BCA-REFUND-42"));
    assertInstanceOf(UnappliedReceipts.RefundResult.AlreadyResolved.class,
        receipts.markRefunded(held.receipt().id(), ADMIN, "BCA-REFUND-42"));

    assertEquals(0, suspense());
    assertEquals(settledBefore + 49_000, f.ledger.balanceOf(SystemAccount.PAYOUTS_SETTLED).rupiah());
    assertEquals(0, f.balance(alice));
    assertEquals("BCA-REFUND-42", receipts.byReference(held.receipt().reference()).orElseThrow().resolutionNote().orElseThrow());
  }

  @Test
  void three_hundred_orders_created_and_cancelled_for_one_amount_never_reuse_a_quarantined_total() {
    Set<Long> totals = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      TopUpOrder o = created(alice, 75_000);
      assertTrue(totals.add(o.total().rupiah()), "total " + o.total().rupiah() + " reused at order " + i);
      assertInstanceOf(TopUpOrders.CancelResult.Cancelled.class, orders.cancel(alice.id(), o.reference()));
    }
    // A late bank transfer of any of those totals can only be for its own order.
    f.db.jdbi().useHandle(h -> {
      for (long total : totals) {
        assertEquals(1, orders.candidatesByTotal(h, Money.rupiah(total)).size(), "candidates for " + total);
      }
    });
  }

  @Test
  void a_total_comes_back_only_after_its_quarantine() {
    MoneyRules rules = MoneyRules.defaults();
    // Only codes 1..1 are free when the room leaves one rupiah for a code: fund close to the cap.
    f.fund(alice, 20_000_000 - 50_001);
    TopUpOrder first = created(alice, 50_000);
    assertEquals(1, first.uniqueCode().rupiah());
    orders.cancel(alice.id(), first.reference());
    assertInstanceOf(CreateResult.NoFreeCode.class, orders.create(alice.id(), Money.rupiah(50_000)));

    now.set(now.get().plus(rules.totalQuarantine()).plus(Duration.ofMinutes(1)));
    TopUpOrder again = created(alice, 50_000);
    assertEquals(first.total(), again.total());
  }

  @Test
  void the_cap_counts_open_orders_and_says_how_much_room_is_left() {
    created(alice, 7_000_000);
    created(alice, 7_000_000);
    var refused = assertInstanceOf(CreateResult.WouldExceedCap.class, orders.create(alice.id(), Money.rupiah(7_000_000)));
    long open = orders.openOrders(alice.id()).stream().mapToLong(x -> x.credited().rupiah()).sum();
    assertEquals(20_000_000 - open, refused.room().rupiah());

    // The case: Rp 10 juta orders never add up past the cap either.
    User bob = f.user("bob");
    created(bob, 10_000_000);
    assertInstanceOf(CreateResult.WouldExceedCap.class, orders.create(bob.id(), Money.rupiah(10_000_000)));
    assertInstanceOf(CreateResult.WouldExceedCap.class, orders.create(bob.id(), Money.rupiah(10_000_000)));
  }

  @Test
  void a_credit_that_would_pass_the_cap_is_credited_up_to_it_and_the_rest_held() {
    TopUpOrder o = created(alice, 1_000_000);
    f.fund(alice, 19_500_000);

    var r = assertInstanceOf(PayResult.Credited.class, pay(o, o.total(), "payments", "BCA-5"));

    assertEquals(20_000_000, f.balance(alice));
    assertEquals(500_000, r.toWallet().rupiah());
    var held = r.held().orElseThrow();
    assertEquals(UnappliedReceipts.Reason.OVER_CAP, held.reason());
    assertEquals(o.credited().rupiah() - 500_000, held.amount().rupiah());
    assertEquals(held.amount().rupiah(), suspense());
    assertEquals(1, outbox("payment_held"));

    // An admin credit later is capped too: at the cap nothing moves.
    assertInstanceOf(UnappliedReceipts.CreditResult.AtCap.class, receipts.creditToWallet(held.id(), ADMIN));
  }

  @Test
  void a_credited_payment_taken_back_is_reversed_from_the_wallet() {
    TopUpOrder o = created(alice, 100_000);
    pay(o, o.total(), "midtrans", "trx-9");
    long fee = f.ledger.balanceOf(SystemAccount.FEE_REVENUE).rupiah();

    var r = f.db.jdbi().inTransaction(h -> reversals.takeBack(h, o.reference(), "midtrans", "trx-9", "cancel"));
    var again = f.db.jdbi().inTransaction(h -> reversals.takeBack(h, o.reference(), "midtrans", "trx-9", "cancel"));

    var reversed = assertInstanceOf(TopUpReversals.Result.Reversed.class, r);
    assertInstanceOf(TopUpReversals.Result.AlreadyReversed.class, again);
    assertEquals(o.credited(), reversed.fromWallet());
    assertEquals(Money.ZERO, reversed.shortfall());
    assertEquals(0, f.balance(alice));
    assertEquals(fee - 6_000, f.ledger.balanceOf(SystemAccount.FEE_REVENUE).rupiah());
    assertTrue(blocks.openFor(alice.id()).isEmpty());
    assertEquals(1, outbox("topup_reversed"));
  }

  @Test
  void a_take_back_the_wallet_cannot_cover_blocks_money_out() {
    TopUpOrder o = created(alice, 100_000);
    pay(o, o.total(), "midtrans", "trx-10");
    User bob = f.user("bob");
    f.ledger.execute(new id.bizpro.bizcash.ledger.TransferRequest.P2p("spent", alice.id(), bob.id(),
        Money.rupiah(70_000), Optional.empty()));

    var r = assertInstanceOf(TopUpReversals.Result.Reversed.class,
        f.db.jdbi().inTransaction(h -> reversals.takeBack(h, o.reference(), "midtrans", "trx-10", "refund")));

    assertEquals(o.credited().rupiah() - 70_000, r.fromWallet().rupiah());
    assertEquals(70_000, r.shortfall().rupiah());
    assertEquals(0, f.balance(alice));
    var block = blocks.openFor(alice.id()).orElseThrow();
    assertEquals(70_000, block.shortfall().rupiah());
    assertEquals(ADMINS.size(), outbox("admin_payment_alert"));
    assertTrue(blocks.resolve(block.id(), ADMIN, "repaid by bank transfer"));
    assertTrue(blocks.openFor(alice.id()).isEmpty());
  }

  @Test
  void a_take_back_of_a_payment_held_in_suspense_releases_it() {
    TopUpOrder o = created(alice, 100_000);
    pay(o, o.total(), "payments", "BCA-1");
    pay(o, o.total(), "midtrans", "trx-2");
    assertEquals(o.total().rupiah(), suspense());

    var r = f.db.jdbi().inTransaction(h -> reversals.takeBack(h, o.reference(), "midtrans", "trx-2", "cancel"));

    assertInstanceOf(TopUpReversals.Result.ReceiptReversed.class, r);
    assertEquals(0, suspense());
    assertEquals(o.credited().rupiah(), f.balance(alice));
  }
}
