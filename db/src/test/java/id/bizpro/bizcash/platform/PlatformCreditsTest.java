package id.bizpro.bizcash.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.platform.PlatformCredits.Credit;
import id.bizpro.bizcash.platform.PlatformCredits.Outcome;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlatformCreditsTest {
  private final LedgerFixture f = new LedgerFixture();
  private final PlatformLinks links = new PlatformLinks(f.db.jdbi());

  @AfterEach
  void close() {
    f.close();
  }

  private User linked(String bizpro) {
    User u = f.user("u" + bizpro.replace("-", "_"));
    PlatformLinks.Requested r = links.request(bizpro, "BizPro " + bizpro, Instant.now());
    PlatformLinks.Confirmed c = f.db.jdbi().inTransaction(h -> links.confirm(h, r.id(), u.id(), Instant.now()));
    assertInstanceOf(PlatformLinks.Confirmed.Linked.class, c);
    return u;
  }

  private static Credit credit(String key, String bizpro, long amount) {
    return new Credit(key, "hash-" + key + "-" + amount, bizpro, Money.rupiah(amount), Optional.of("Proyek"),
        Optional.of("INV-" + key));
  }

  private long transfers() {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM transfers WHERE kind = 'platform_credit'")
        .mapTo(Long.class).one());
  }

  @Test
  void creditsOnceAnswersDuplicatesAndConflictsAndRefusesWithoutMoving() {
    PlatformCredits credits = new PlatformCredits(f.db.jdbi(), Optional.of(Money.rupiah(3_000_000)), Optional.of(Money.rupiah(20_000_000)));
    User alice = linked("bp-1");
    links.request("bp-pending", "Pending", Instant.now()); // asked about, never confirmed

    List<PlatformCredits.Result> r = credits.write(List.of(
        credit("k1", "bp-1", 1_500_000),
        credit("k1", "bp-1", 1_500_000),   // same key, same body, in the same group
        new Credit("k1", "other", "bp-1", Money.rupiah(1_500_000), Optional.empty(), Optional.empty()),
        credit("k2", "bp-nobody", 10_000),
        credit("k3", "bp-pending", 10_000),
        credit("k4", "bp-1", 1_500_001)));  // 1,500,000 + 1,500,001 > 3,000,000
    assertEquals(List.of(Outcome.CREDITED, Outcome.DUPLICATE, Outcome.CONFLICT, Outcome.UNKNOWN_USER,
        Outcome.NOT_LINKED, Outcome.OVER_DAILY_LIMIT), r.stream().map(PlatformCredits.Result::outcome).toList());
    assertEquals(1_500_000, f.balance(alice));
    assertEquals(Money.rupiah(-1_500_000), f.ledger.balanceOf(SystemAccount.PLATFORM_PAYOUTS));
    assertEquals(1, transfers());
    assertEquals(Money.rupiah(1_500_000), credits.creditedToday());
    // A later retry of the first key answers its first result, a later conflict stays a conflict.
    assertEquals(Outcome.DUPLICATE, credits.write(List.of(credit("k1", "bp-1", 1_500_000))).get(0).outcome());
    assertEquals(Outcome.CONFLICT, credits.write(List.of(credit("k1", "bp-1", 2))).get(0).outcome());
    // Exactly up to the limit is fine.
    assertEquals(Outcome.CREDITED, credits.write(List.of(credit("k5", "bp-1", 1_500_000))).get(0).outcome());
    assertEquals(Outcome.OVER_DAILY_LIMIT, credits.write(List.of(credit("k6", "bp-1", 1))).get(0).outcome());
    assertEquals(3_000_000, f.balance(alice));
    String notice = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT params::text FROM outbox WHERE kind = 'platform_credited' AND dedupe_key = 'platform-credit:k1'")
        .mapTo(String.class).one());
    assertTrue(notice.contains("\"reference\": \"INV-k1\""), notice);
    assertTrue(f.reconciliation.run().holds());
  }

  @Test
  void thePartOverTheBalanceCapGoesToSuspenseAndTheLedgerReconciles() {
    PlatformCredits credits = new PlatformCredits(f.db.jdbi(), Optional.empty(), Optional.of(Money.rupiah(1_000_000)),
        new id.bizpro.bizcash.payment.PaymentAlerts(java.util.Set.of(777L)));
    User bob = linked("bp-2");
    f.fund(bob, 800_000);
    PlatformCredits.Result r = credits.write(List.of(credit("c1", "bp-2", 500_000))).get(0);
    assertEquals(Outcome.HELD_OVER_CAP, r.outcome());
    assertEquals(Money.rupiah(200_000), r.credited());
    assertEquals(Money.rupiah(300_000), r.held());
    assertTrue(r.receipt().orElseThrow().matches("SUS-[2-9A-Z]{6}"));
    assertEquals(1_000_000, f.balance(bob));
    assertEquals(Money.rupiah(300_000), f.ledger.balanceOf(SystemAccount.UNAPPLIED_RECEIPTS));
    String alert = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT params::text FROM outbox WHERE chat_id = 777 AND kind = 'admin_payment_alert'").mapTo(String.class).one());
    assertTrue(alert.contains(r.receipt().orElseThrow()) && alert.contains("suspense_over_cap"), alert);
    // A full wallet: everything held.
    PlatformCredits.Result all = credits.write(List.of(credit("c2", "bp-2", 50_000))).get(0);
    assertEquals(Outcome.HELD_OVER_CAP, all.outcome());
    assertEquals(Money.ZERO, all.credited());
    assertTrue(f.reconciliation.run().holds(), f.reconciliation.run().toString());

    // The admin hands the held part back: it returns to BizPro's platform account, not to a bank.
    var receipts = new id.bizpro.bizcash.suspense.UnappliedReceipts(f.db.jdbi(), f.ledger,
        new id.bizpro.bizcash.payment.PaymentAlerts(java.util.Set.of(777L)));
    var held = receipts.byReference(r.receipt().orElseThrow()).orElseThrow();
    Money platformBefore = f.ledger.balanceOf(SystemAccount.PLATFORM_PAYOUTS);
    assertInstanceOf(id.bizpro.bizcash.suspense.UnappliedReceipts.RefundResult.Refunded.class,
        receipts.markRefunded(held.id(), 777L, "TICKET-42"));
    assertEquals(platformBefore.plus(Money.rupiah(300_000)), f.ledger.balanceOf(SystemAccount.PLATFORM_PAYOUTS));
    assertEquals(Money.ZERO, f.ledger.balanceOf(SystemAccount.PAYOUTS_SETTLED), "no bank paid anything out");
    assertEquals(Money.rupiah(50_000), f.ledger.balanceOf(SystemAccount.UNAPPLIED_RECEIPTS), "the other receipt is still held");
    assertEquals("suspense_reversal", f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT kind FROM transfers WHERE idempotency_key = :k").bind("k", "suspense-refund:" + held.reference())
        .mapTo(String.class).one()));
    String told = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT params::text FROM outbox WHERE user_id = :u AND kind = 'receipt_refunded'").bind("u", bob.id())
        .mapTo(String.class).one());
    assertTrue(told.contains("\"to\": \"bizpro\"") && told.contains("TICKET-42"), told);
    // BizPro is told, in the same transaction, through its callback outbox.
    String returned = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT body FROM platform_callbacks WHERE type = 'credit.hold_returned'").mapTo(String.class).one());
    assertTrue(returned.contains("\"idempotency_key\":\"c1\"") && returned.contains("\"bizpro_user_id\":\"bp-2\"")
        && returned.contains("\"suspense_reference\":\"" + held.reference() + "\"") && returned.contains("\"amount\":300000")
        && returned.contains("\"reference\":\"TICKET-42\""), returned);
    assertInstanceOf(id.bizpro.bizcash.suspense.UnappliedReceipts.RefundResult.AlreadyResolved.class,
        receipts.markRefunded(held.id(), 777L, "TICKET-42"), "handed back once");
    assertEquals(platformBefore.plus(Money.rupiah(300_000)), f.ledger.balanceOf(SystemAccount.PLATFORM_PAYOUTS));
    assertTrue(f.reconciliation.run().holds(), f.reconciliation.run().toString());
  }

  @Test
  void whenAnAdminCreditsTheHeldPartToTheWalletBizProIsToldHowMuchArrivedAndWhatIsStillHeld() {
    Money cap = f.ledger.limits().balanceCap(); // the cap the admin's credit to the wallet obeys
    PlatformCredits credits = new PlatformCredits(f.db.jdbi(), Optional.empty(), Optional.of(cap),
        new id.bizpro.bizcash.payment.PaymentAlerts(java.util.Set.of(777L)));
    User bob = linked("bp-5");
    User ana = f.user("ana");
    f.fund(bob, cap.rupiah() - 100_000);
    PlatformCredits.Result r = credits.write(List.of(credit("k5", "bp-5", 300_000))).get(0);
    assertEquals(Money.rupiah(200_000), r.held());
    // Bob spends 150,000: room for part of what is held.
    assertTrue(f.ledger.execute(new id.bizpro.bizcash.ledger.TransferRequest.P2p("spend-5", bob.id(), ana.id(),
        Money.rupiah(150_000), Optional.empty())).succeeded());
    var receipts = new id.bizpro.bizcash.suspense.UnappliedReceipts(f.db.jdbi(), f.ledger,
        new id.bizpro.bizcash.payment.PaymentAlerts(java.util.Set.of(777L)));
    var held = receipts.byReference(r.receipt().orElseThrow()).orElseThrow();

    var done = assertInstanceOf(id.bizpro.bizcash.suspense.UnappliedReceipts.CreditResult.Credited.class,
        receipts.creditToWallet(held.id(), 777L));

    assertEquals(Money.rupiah(150_000), done.credited());
    assertEquals(cap.rupiah(), f.balance(bob));
    String rest = done.rest().orElseThrow().reference();
    String told = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT body FROM platform_callbacks WHERE type = 'credit.hold_credited'").mapTo(String.class).one());
    assertTrue(told.contains("\"idempotency_key\":\"k5\"") && told.contains("\"bizpro_user_id\":\"bp-5\"")
        && told.contains("\"suspense_reference\":\"" + held.reference() + "\"") && told.contains("\"amount\":150000")
        && told.contains("\"still_held\":50000") && told.contains("\"still_held_suspense_reference\":\"" + rest + "\""),
        told);
    assertTrue(f.reconciliation.run().holds(), f.reconciliation.run().toString());
  }

  @Test
  void eightThreadsRetryingOneKeyCreditOnce() throws Exception {
    PlatformCreditGroupCommit gc = new PlatformCreditGroupCommit(
        new PlatformCredits(f.db.jdbi(), Optional.empty(), Optional.of(Money.rupiah(20_000_000))));
    User carol = linked("bp-3");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<List<Outcome>>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      futures.add(pool.submit(() -> {
        List<Outcome> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          seen.add(gc.credit(credit("same", "bp-3", 75_000)).outcome());
        }
        return seen;
      }));
    }
    List<Outcome> all = new ArrayList<>();
    for (Future<List<Outcome>> fu : futures) {
      all.addAll(fu.get());
    }
    pool.shutdown();
    assertEquals(1, all.stream().filter(o -> o == Outcome.CREDITED).count());
    assertEquals(159, all.stream().filter(o -> o == Outcome.DUPLICATE).count());
    assertEquals(75_000, f.balance(carol));
    assertEquals(1, transfers());
    assertTrue(f.reconciliation.run().holds());
  }

  @Test
  void aGroupWhoseStatementFailsIsWrittenOneByOneSoOnlyTheBadCreditFails() throws Exception {
    PlatformCreditGroupCommit gc = new PlatformCreditGroupCommit(
        new PlatformCredits(f.db.jdbi(), Optional.empty(), Optional.of(Money.rupiah(20_000_000))));
    User dina = linked("bp-4");
    List<Credit> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(credit("g" + i, "bp-4", 1_000));
    }
    // A note the ledger refuses (over 100 characters): the group's statement fails.
    batch.set(7, new Credit("g7", "h", "bp-4", Money.rupiah(1_000), Optional.of("x".repeat(101)), Optional.empty()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<List<PlatformCredits.Result>> good = pool.submit(() -> gc.credit(batch.subList(0, 7)));
    Future<List<PlatformCredits.Result>> bad = pool.submit(() -> gc.credit(batch.subList(7, 20)));
    assertEquals(7, good.get().stream().filter(r -> r.outcome() == Outcome.CREDITED).count());
    java.util.concurrent.ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, bad::get);
    assertTrue(e.getCause() instanceof RuntimeException, e.toString());
    pool.shutdown();
    // Every credit but the bad one was written (the bad one's caller got the error).
    assertEquals(19, transfers());
    assertEquals(19_000, f.balance(dina));
    assertTrue(f.reconciliation.run().holds());
  }
}
