package id.bizpro.bizcash.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.request.PaymentRequests.PayResult;
import id.bizpro.bizcash.request.PaymentRequests.PaymentRequest;
import id.bizpro.bizcash.testing.Concurrently;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request is paid at most once, whoever races to pay, decline or expire it. */
class PaymentRequestsTest {
  private final LedgerFixture f = new LedgerFixture(new id.bizpro.bizcash.ledger.Ledger.Limits(Money.rupiah(1_000),
      Money.rupiah(20_000_000)), 24);
  private final PaymentRequests requests = new PaymentRequests(f.db.jdbi(), f.users, Clock.systemUTC(), Duration.ofDays(7));
  private final P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);

  @AfterEach
  void close() {
    var report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
    f.close();
  }

  private PaymentRequest request(User from, User to, long amount) {
    return f.db.jdbi().inTransaction(h -> requests.create(h, from.id(), to.id(), Money.rupiah(amount), "note", Instant.now()));
  }

  private int transfersOf(PaymentRequest r) {
    return f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM transfers WHERE kind = 'p2p' AND to_user_id = (SELECT requester_id FROM payment_requests WHERE id = :id)")
        .bind("id", r.id()).mapTo(Integer.class).one());
  }

  @Test
  void sixteen_threads_paying_the_same_request_with_different_keys_move_the_money_once() throws Exception {
    User alice = f.user("alice");
    User bob = f.user("bob");
    f.fund(bob, 1_000_000);
    PaymentRequest r = request(alice, bob, 250_000);
    List<Callable<PayResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String key = "action:race-" + i;
      tasks.add(() -> f.db.jdbi().inTransaction(h -> requests.pay(h, r.id(), bob.id(), key, p2p, Instant.now())));
    }
    List<PayResult> results = Concurrently.run(16, tasks);
    assertEquals(1, results.stream().filter(PayResult.Paid.class::isInstance).count(), results.toString());
    assertEquals(15, results.stream().filter(PayResult.Closed.class::isInstance).count(), results.toString());
    assertEquals(250_000, f.balance(alice));
    assertEquals(750_000, f.balance(bob));
    assertEquals(1, transfersOf(r));
    int told = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM outbox WHERE kind = 'request_paid'").mapTo(Integer.class).one());
    assertEquals(1, told);
  }

  @Test
  void pay_racing_decline_ends_in_exactly_one_of_them() throws Exception {
    for (int round = 0; round < 8; round++) {
      User a = f.user("req" + round);
      User b = f.user("pay" + round);
      f.fund(b, 100_000);
      PaymentRequest r = request(a, b, 40_000);
      List<Callable<Object>> tasks = List.of(
          () -> f.db.jdbi().inTransaction(h -> requests.pay(h, r.id(), b.id(), "action:p" + r.id(), p2p, Instant.now())),
          () -> f.db.jdbi().inTransaction(h -> requests.decline(h, b.id(), r.id(), Instant.now())));
      Concurrently.run(2, tasks);
      PaymentRequest after = requests.byId(r.id()).orElseThrow();
      if (after.status() == PaymentRequests.Status.PAID) {
        assertEquals(40_000, f.balance(a));
      } else {
        assertEquals(PaymentRequests.Status.DECLINED, after.status());
        assertEquals(0, f.balance(a));
        assertEquals(100_000, f.balance(b));
      }
    }
  }

  @Test
  void only_the_payer_may_pay_and_a_refused_transfer_leaves_the_request_open() {
    User alice = f.user("alice2");
    User bob = f.user("bob2");
    User mallory = f.user("mallory2");
    f.fund(mallory, 500_000);
    f.fund(bob, 10_000);
    PaymentRequest r = request(alice, bob, 50_000);
    assertInstanceOf(PayResult.NotYours.class,
        f.db.jdbi().inTransaction(h -> requests.pay(h, r.id(), mallory.id(), "action:m", p2p, Instant.now())));
    assertInstanceOf(PayResult.NotYours.class,
        f.db.jdbi().inTransaction(h -> requests.pay(h, r.id(), alice.id(), "action:a", p2p, Instant.now())));
    assertInstanceOf(PayResult.Refused.class,
        f.db.jdbi().inTransaction(h -> requests.pay(h, r.id(), bob.id(), "action:b", p2p, Instant.now())));
    assertEquals(PaymentRequests.Status.OPEN, requests.byId(r.id()).orElseThrow().status());
    f.fund(bob, 40_000);
    assertInstanceOf(PayResult.Paid.class,
        f.db.jdbi().inTransaction(h -> requests.pay(h, r.id(), bob.id(), "action:b2", p2p, Instant.now())));
    // Past its expiry a request cannot be paid, and it is closed as expired.
    PaymentRequest late = request(alice, bob, 1_000);
    PayResult tooLate = f.db.jdbi().inTransaction(h ->
        requests.pay(h, late.id(), bob.id(), "action:late", p2p, Instant.now().plus(Duration.ofDays(8))));
    assertEquals(PaymentRequests.Status.EXPIRED, assertInstanceOf(PayResult.Closed.class, tooLate).request().status());
    assertEquals(50_000, f.balance(alice));
  }
}
