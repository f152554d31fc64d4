package id.bizpro.bizcash.inline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.inline.InlineSends.ClaimResult;
import id.bizpro.bizcash.inline.InlineSends.InlineSend;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inline sends: held once confirmed, claimed once by someone else, or returned; races included. */
class InlineSendsTest {
  private final LedgerFixture f = new LedgerFixture(new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000)), 24);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final Clock clock = new Clock() {
    @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  private final InlineSends sends = new InlineSends(f.db.jdbi(), f.ledger, f.users, clock, Duration.ofHours(24));

  @AfterEach
  void close() {
    var report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
    f.close();
  }

  private InlineSend held(User sender, long amount) {
    InlineSend offered = f.db.jdbi().inTransaction(h -> sends.offer(h, sender.id(), Money.rupiah(amount), "makan siang", now.get()));
    return assertInstanceOf(InlineSends.HoldResult.Held.class, f.db.jdbi().inTransaction(h ->
        sends.hold(h, offered.code(), sender.id(), "action:hold-" + offered.code(), now.get()))).send();
  }

  private long held() {
    return f.ledger.balanceOf(SystemAccount.INLINE_HELD).rupiah();
  }

  @Test
  void sixteen_racing_claimers_one_credit_and_the_sender_cannot_claim() throws Exception {
    User alice = f.user("alice");
    f.fund(alice, 100_000);
    InlineSend s = held(alice, 50_000);
    assertEquals(50_000, f.balance(alice));
    assertEquals(50_000, held());
    assertInstanceOf(ClaimResult.OwnSend.class, f.db.jdbi().inTransaction(h -> sends.claim(h, s.code(), alice.id(), now.get())));
    List<User> claimers = new ArrayList<>();
    List<Callable<ClaimResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      User c = f.user("claimer" + i);
      claimers.add(c);
      tasks.add(() -> f.db.jdbi().inTransaction(h -> sends.claim(h, s.code(), c.id(), now.get())));
    }
    List<ClaimResult> results = Concurrently.run(16, tasks);
    assertEquals(1, results.stream().filter(ClaimResult.Claimed.class::isInstance).count(), results.toString());
    assertEquals(15, results.stream().filter(ClaimResult.Gone.class::isInstance).count(), results.toString());
    assertEquals(50_000, claimers.stream().mapToLong(f::balance).sum());
    assertEquals(0, held());
    // Cancelling or expiring afterwards gives nothing back twice.
    assertInstanceOf(InlineSends.CancelResult.Gone.class, f.db.jdbi().inTransaction(h -> sends.cancel(h, s.code(), alice.id(), now.get())));
    now.set(now.get().plus(Duration.ofDays(2)));
    assertEquals(0, sends.returnDue(100));
    assertEquals(50_000, f.balance(alice));
  }

  @Test
  void an_unconfirmed_offer_holds_nothing_and_cannot_be_claimed() {
    User alice = f.user("alice2");
    User bob = f.user("bob2");
    f.fund(alice, 10_000);
    InlineSend offered = f.db.jdbi().inTransaction(h -> sends.offer(h, alice.id(), Money.rupiah(5_000), "", now.get()));
    assertInstanceOf(ClaimResult.NotYetConfirmed.class, f.db.jdbi().inTransaction(h -> sends.claim(h, offered.code(), bob.id(), now.get())));
    assertInstanceOf(InlineSends.HoldResult.NotYours.class,
        f.db.jdbi().inTransaction(h -> sends.hold(h, offered.code(), bob.id(), "action:x", now.get())));
    assertEquals(10_000, f.balance(alice));
    // More than the balance: refused, nothing held.
    InlineSend big = f.db.jdbi().inTransaction(h -> sends.offer(h, alice.id(), Money.rupiah(50_000), "", now.get()));
    assertInstanceOf(InlineSends.HoldResult.Refused.class,
        f.db.jdbi().inTransaction(h -> sends.hold(h, big.code(), alice.id(), "action:big", now.get())));
    assertEquals(10_000, f.balance(alice));
    assertEquals(0, held());
  }

  @Test
  void unclaimed_after_24_hours_the_money_returns_once_and_a_late_claim_gets_nothing() throws Exception {
    User alice = f.user("alice3");
    User bob = f.user("bob3");
    f.fund(alice, 100_000);
    InlineSend first = held(alice, 30_000);
    InlineSend second = held(alice, 20_000);
    assertEquals(50_000, f.balance(alice));
    now.set(now.get().plus(Duration.ofHours(24)).plusSeconds(1));
    // The job and a late claim race for the first; the second is returned by the claim's own check.
    List<Callable<Object>> race = List.of(
        () -> sends.returnDue(100),
        () -> f.db.jdbi().inTransaction(h -> sends.claim(h, first.code(), bob.id(), now.get())));
    Concurrently.run(2, race);
    ClaimResult late = f.db.jdbi().inTransaction(h -> sends.claim(h, second.code(), bob.id(), now.get()));
    assertInstanceOf(ClaimResult.Gone.class, late);
    sends.returnDue(100);
    assertEquals(100_000, f.balance(alice));
    assertEquals(0, f.balance(bob));
    assertEquals(0, held());
    int returns = f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM transfers WHERE kind = 'inline_return'")
        .mapTo(Integer.class).one());
    assertEquals(2, returns);
  }

  @Test
  void the_reconciliation_checks_that_the_held_account_matches_the_held_sends() {
    User alice = f.user("alice4");
    f.fund(alice, 10_000);
    InlineSend s = held(alice, 7_000);
    assertTrue(f.reconciliation.run().holds());
    f.db.jdbi().useHandle(h -> h.execute("UPDATE inline_sends SET amount = amount + 1 WHERE id = ?", s.id()));
    var report = f.reconciliation.run();
    assertTrue(report.violations().stream().anyMatch(v -> v.contains("inline held holds 7000 but its held sends sum to 7001")),
        report.violations().toString());
    f.db.jdbi().useHandle(h -> h.execute("UPDATE inline_sends SET amount = amount - 1 WHERE id = ?", s.id()));
  }

  @Test
  void held_sends_count_towards_the_daily_money_out_limit_and_a_returned_one_gives_its_room_back() {
    id.bizpro.bizcash.config.AbuseLimits limits =
        new id.bizpro.bizcash.config.AbuseLimits(20, Duration.ofSeconds(10), 3, Money.rupiah(60_000));
    InlineSends limited = new InlineSends(f.db.jdbi(), f.ledger, f.users, clock, Duration.ofHours(24),
        new id.bizpro.bizcash.limits.MoneyOutLimits(limits));
    id.bizpro.bizcash.transfer.P2pTransfers p2p = new id.bizpro.bizcash.transfer.P2pTransfers(f.db.jdbi(), f.ledger, limits);
    User alice = f.user("alice5");
    User bob = f.user("bob5");
    f.fund(alice, 200_000);
    assertTrue(p2p.send("p2p-1", alice.id(), bob.id(), Money.rupiah(30_000), java.util.Optional.empty()).succeeded());
    InlineSend big = f.db.jdbi().inTransaction(h -> limited.offer(h, alice.id(), Money.rupiah(40_000), "", now.get()));
    var refused = assertInstanceOf(InlineSends.HoldResult.OverDailyLimit.class, f.db.jdbi().inTransaction(h ->
        limited.hold(h, big.code(), alice.id(), "action:big5", now.get())));
    assertEquals(30_000, refused.usedToday().rupiah());
    InlineSend ok = f.db.jdbi().inTransaction(h -> limited.offer(h, alice.id(), Money.rupiah(30_000), "", now.get()));
    assertInstanceOf(InlineSends.HoldResult.Held.class, f.db.jdbi().inTransaction(h ->
        limited.hold(h, ok.code(), alice.id(), "action:ok5", now.get())));
    // The held send counts for P2P too: nothing more goes out today.
    assertEquals(id.bizpro.bizcash.ledger.LedgerResult.LimitExceeded.class,
        p2p.send("p2p-2", alice.id(), bob.id(), Money.rupiah(1_000), java.util.Optional.empty()).getClass());
    // Cancelled, it gives its room back.
    f.db.jdbi().inTransaction(h -> limited.cancel(h, ok.code(), alice.id(), now.get()));
    assertTrue(p2p.send("p2p-3", alice.id(), bob.id(), Money.rupiah(30_000), java.util.Optional.empty()).succeeded());
    assertEquals(140_000, f.balance(alice));
  }

  @Test
  void claim_racing_cancel_ends_in_exactly_one_of_them() throws Exception {
    for (int round = 0; round < 8; round++) {
      User alice = f.user("a" + round);
      User bob = f.user("b" + round);
      f.fund(alice, 10_000);
      InlineSend s = held(alice, 10_000);
      Concurrently.run(2, List.<Callable<Object>>of(
          () -> f.db.jdbi().inTransaction(h -> sends.claim(h, s.code(), bob.id(), now.get())),
          () -> f.db.jdbi().inTransaction(h -> sends.cancel(h, s.code(), alice.id(), now.get()))));
      assertEquals(10_000, f.balance(alice) + f.balance(bob));
      assertTrue(f.balance(alice) == 0 || f.balance(bob) == 0);
    }
    assertEquals(0, held());
  }
}
