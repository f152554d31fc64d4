package id.bizpro.bizcash.topup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.topup.TopUpOrders.CreateResult;
import id.bizpro.bizcash.topup.TopUpOrders.PayResult;
import id.bizpro.bizcash.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopUpOrdersTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T07:05:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  private LedgerFixture f;
  private TopUpOrders orders;
  private User alice;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    orders = new TopUpOrders(f.db.jdbi(), f.ledger, MoneyRules.defaults(), clock);
    alice = f.user("alice");
  }

  @AfterEach
  void tearDown() {
    assertTrue(f.reconciliation.run().holds());
    f.close();
  }

  private TopUpOrder created(long amount) {
    return assertInstanceOf(CreateResult.Created.class, orders.create(alice.id(), Money.rupiah(amount))).order();
  }

  private PayResult pay(String reference, Money paid, String provider, String providerReference) {
    return orders.pay(reference, new TopUpOrders.Payment(provider, java.util.Optional.of(providerReference), paid,
        java.util.Optional.empty()));
  }

  private int outbox(String kind) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = :k").bind("k", kind).mapTo(Integer.class).one());
  }

  @Test
  void an_order_adds_the_fee_and_a_unique_code_of_1_to_999_and_expires_in_24_hours() {
    TopUpOrder o = created(100_000);

    assertTrue(References.isWellFormed("TOP", o.reference()), o.reference());
    assertEquals(Money.rupiah(6_000), o.fee());
    assertTrue(o.uniqueCode().rupiah() >= 1 && o.uniqueCode().rupiah() <= 999);
    assertEquals(106_000 + o.uniqueCode().rupiah(), o.total().rupiah());
    assertEquals(now.get().plus(Duration.ofHours(24)), o.expiresAt());
  }

  @Test
  void amounts_outside_the_limits_are_refused_with_the_limit() {
    assertEquals(new CreateResult.BelowMinimum(Money.rupiah(10_000)), orders.create(alice.id(), Money.rupiah(9_999)));
    assertEquals(new CreateResult.AboveMaximum(Money.rupiah(10_000_000)), orders.create(alice.id(), Money.rupiah(10_000_001)));
  }

  @Test
  void a_fourth_open_order_is_refused() {
    created(10_000);
    created(20_000);
    created(30_000);
    var r = assertInstanceOf(CreateResult.TooManyOpen.class, orders.create(alice.id(), Money.rupiah(40_000)));
    assertEquals(3, r.limit());
    assertEquals(3, r.open().size());
  }

  @Test
  void an_order_that_would_lift_the_balance_over_the_cap_is_refused() {
    f.fund(alice, 15_000_000);
    var r = assertInstanceOf(CreateResult.WouldExceedCap.class, orders.create(alice.id(), Money.rupiah(6_000_000)));
    assertEquals(Money.rupiah(20_000_000), r.cap());
  }

  @Test
  void open_orders_for_the_same_amount_all_get_different_totals() {
    // A generator that keeps drawing the same few codes forces the retry path.
    RandomGenerator fewCodes = new RandomGenerator() {
      int i;
      @Override public long nextLong() { return i++; }
      @Override public int nextInt(int bound) { return (i++ / 2) % 5; }
    };
    TopUpOrders tight = new TopUpOrders(f.db.jdbi(), f.ledger, MoneyRules.defaults(), new References(), fewCodes, clock);
    Set<Long> totals = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      User u = f.user("same" + i);
      var o = assertInstanceOf(CreateResult.Created.class, tight.create(u.id(), Money.rupiah(50_000))).order();
      totals.add(o.total().rupiah());
    }
    assertEquals(5, totals.size());
  }

  @Test
  void paying_the_exact_total_credits_amount_and_code_once_and_queues_a_message() {
    TopUpOrder o = created(100_000);

    var first = assertInstanceOf(PayResult.Credited.class, pay(o.reference(), o.total(), "payments", "BCA-1"));
    var again = pay(o.reference(), o.total(), "payments", "BCA-1");

    assertEquals(false, first.late());
    assertInstanceOf(PayResult.AlreadyPaid.class, again);
    assertEquals(o.credited().rupiah(), f.balance(alice));
    assertEquals(6_000, f.ledger.balanceOf(SystemAccount.FEE_REVENUE).rupiah());
    assertEquals(TopUpOrder.Status.PAID, orders.byReference(o.reference()).orElseThrow().status());
    assertEquals(1, outbox("topup_credited"));
  }

  @Test
  void a_payment_that_does_not_match_the_total_is_not_credited_but_held_in_suspense() {
    TopUpOrder o = created(100_000);
    var r = assertInstanceOf(PayResult.Held.class, pay(o.reference(), Money.rupiah(100_000), "payments", "BCA-9"));
    assertEquals(UnappliedReceipts.Reason.AMOUNT_MISMATCH, r.receipt().reason());
    assertEquals(Money.rupiah(100_000), r.receipt().amount());
    assertEquals(0, f.balance(alice));
    assertEquals(100_000, f.ledger.balanceOf(SystemAccount.UNAPPLIED_RECEIPTS).rupiah());
    assertTrue(orders.byReference(o.reference()).orElseThrow().isOpen());
    assertEquals(1, outbox("payment_held"));
  }

  @Test
  void a_payment_for_an_expired_order_is_credited_and_marked_late() {
    TopUpOrder o = created(50_000);
    now.set(now.get().plus(Duration.ofHours(25)));
    assertEquals(1, orders.expireDue(100));
    assertEquals(1, outbox("topup_expired"));

    var r = assertInstanceOf(PayResult.Credited.class, pay(o.reference(), o.total(), "payments", "BCA-2"));

    assertTrue(r.late());
    assertTrue(r.order().paidLate());
    assertEquals(o.credited().rupiah(), f.balance(alice));
  }

  @Test
  void an_unknown_reference_is_not_found() {
    assertInstanceOf(PayResult.NotFound.class, pay("TOP-ZZZZZZ", Money.rupiah(1), "payments", "X"));
  }

  @Test
  void users_cancel_only_their_own_open_orders() {
    TopUpOrder o = created(50_000);
    User mallory = f.user("mallory");

    assertInstanceOf(TopUpOrders.CancelResult.NotFound.class, orders.cancel(mallory.id(), o.reference()));
    assertInstanceOf(TopUpOrders.CancelResult.Cancelled.class, orders.cancel(alice.id(), o.reference()));
    assertInstanceOf(TopUpOrders.CancelResult.NotOpen.class, orders.cancel(alice.id(), o.reference()));
    assertEquals(List.of(), orders.openOrders(alice.id()));
  }
}
