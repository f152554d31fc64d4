package id.bizpro.bizcash.withdrawal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.calendar.WorkingDays;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawals.Quote;
import id.bizpro.bizcash.withdrawal.Withdrawals.RequestResult;
import id.bizpro.bizcash.withdrawal.Withdrawals.SettleResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WithdrawalsTest {
  // Tuesday 22 Dec 2026, 10:00 WIB; Christmas Eve and Day and New Year are holidays.
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-22T03:00:00Z"), ZoneOffset.UTC);
  private LedgerFixture f;
  private Withdrawals withdrawals;
  private BankAccounts accounts;
  private User alice;
  private BankAccount bca;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    MoneyRules d = MoneyRules.defaults();
    MoneyRules rules = new MoneyRules(d.topUpFee(), d.withdrawalFee(), d.topUpMin(), d.topUpMax(), d.transferMin(),
        d.withdrawalMin(), d.balanceCap(), d.maxOpenTopUps(), d.orderTtl(), d.uniqueCode(), 7,
        new WorkingDays(Set.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1))));
    accounts = new BankAccounts(f.db.jdbi());
    withdrawals = new Withdrawals(f.db.jdbi(), f.ledger, accounts, rules, clock);
    alice = f.user("alice");
    bca = assertInstanceOf(BankAccounts.AddResult.Added.class, accounts.add(alice.id(), "BCA", "123 456 7890", "Alice Wijaya")).account();
  }

  @AfterEach
  void tearDown() {
    assertTrue(f.reconciliation.run().holds());
    f.close();
  }

  private int outbox(String kind) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = :k").bind("k", kind).mapTo(Integer.class).one());
  }

  @Test
  void a_quote_shows_fee_total_and_the_latest_payout_date_skipping_weekends_and_holidays() {
    f.fund(alice, 100_000);
    var q = assertInstanceOf(Quote.Ok.class, withdrawals.quote(alice.id(), Money.rupiah(50_000)));
    assertEquals(Money.rupiah(8_000), q.fee());
    assertEquals(Money.rupiah(58_000), q.total());
    // 23, 28, 29, 30, 31 Dec, 4, 5 Jan: the 7th working day after Tue 22 Dec.
    assertEquals(LocalDate.of(2027, 1, 5), q.dueDate());
  }

  @Test
  void a_quote_refuses_below_the_minimum_and_over_the_balance() {
    f.fund(alice, 55_000);
    assertEquals(new Quote.BelowMinimum(Money.rupiah(50_000)), withdrawals.quote(alice.id(), Money.rupiah(49_999)));
    assertEquals(new Quote.InsufficientFunds(Money.rupiah(55_000), Money.rupiah(58_000)), withdrawals.quote(alice.id(), Money.rupiah(50_000)));
  }

  @Test
  void a_request_holds_amount_and_fee_and_a_retry_with_the_same_key_returns_it() {
    f.fund(alice, 100_000);

    var r = assertInstanceOf(RequestResult.Requested.class, withdrawals.request("action:1", alice.id(), bca.id(), Money.rupiah(50_000)));
    var again = assertInstanceOf(RequestResult.AlreadyRequested.class, withdrawals.request("action:1", alice.id(), bca.id(), Money.rupiah(50_000)));

    assertTrue(References.isWellFormed("WD", r.withdrawal().reference()));
    assertEquals(r.withdrawal().reference(), again.withdrawal().reference());
    assertEquals(42_000, f.balance(alice));
    assertEquals(Money.rupiah(58_000), withdrawals.onHold(alice.id()));
    assertEquals(LocalDate.of(2027, 1, 5), r.withdrawal().dueDate());
    assertEquals("1234567890", r.withdrawal().account().accountNumber());
  }

  @Test
  void a_request_to_someone_elses_bank_account_is_refused() {
    User bob = f.user("bob");
    f.fund(bob, 100_000);
    assertInstanceOf(RequestResult.BankAccountNotFound.class, withdrawals.request("action:2", bob.id(), bca.id(), Money.rupiah(50_000)));
    assertEquals(100_000, f.balance(bob));
  }

  @Test
  void paid_settles_once_and_tells_the_user() {
    f.fund(alice, 100_000);
    var w = ((RequestResult.Requested) withdrawals.request("action:3", alice.id(), bca.id(), Money.rupiah(50_000))).withdrawal();

    assertInstanceOf(SettleResult.Settled.class, withdrawals.markPaid(w.reference(), "BCA-REF-1"));
    assertInstanceOf(SettleResult.AlreadySettled.class, withdrawals.markPaid(w.reference(), "BCA-REF-1"));
    assertInstanceOf(SettleResult.SettledOtherwise.class, withdrawals.markFailed(w.reference(), "late failure"));

    assertEquals(42_000, f.balance(alice));
    assertEquals(50_000, f.ledger.balanceOf(SystemAccount.PAYOUTS_SETTLED).rupiah());
    assertEquals(8_000, f.ledger.balanceOf(SystemAccount.FEE_REVENUE).rupiah());
    assertEquals(1, outbox("withdrawal_paid"));
    assertEquals(0, outbox("withdrawal_failed"));
  }

  @Test
  void failed_returns_amount_and_fee_and_tells_the_user() {
    f.fund(alice, 100_000);
    var w = ((RequestResult.Requested) withdrawals.request("action:4", alice.id(), bca.id(), Money.rupiah(50_000))).withdrawal();

    var r = assertInstanceOf(SettleResult.Settled.class, withdrawals.markFailed(w.reference(), "rekening tidak ditemukan"));

    assertEquals(Withdrawal.Status.FAILED, r.withdrawal().status());
    assertEquals(100_000, f.balance(alice));
    assertEquals(0, f.ledger.balanceOf(SystemAccount.PAYOUTS_IN_FLIGHT).rupiah());
    assertEquals(1, outbox("withdrawal_failed"));
    assertEquals(0, withdrawals.pendingQueue(10).size());
  }

  @Test
  void bank_accounts_are_validated_and_private_to_their_owner() {
    assertInstanceOf(BankAccounts.AddResult.UnknownBank.class, accounts.add(alice.id(), "Bank Antah", "1234567", "Alice"));
    assertInstanceOf(BankAccounts.AddResult.InvalidNumber.class, accounts.add(alice.id(), "BRI", "12345", "Alice"));
    assertInstanceOf(BankAccounts.AddResult.InvalidNumber.class, accounts.add(alice.id(), "BRI", "123456789012345678901", "Alice"));
    assertInstanceOf(BankAccounts.AddResult.InvalidHolderName.class, accounts.add(alice.id(), "BRI", "1234567", "1"));
    assertInstanceOf(BankAccounts.AddResult.AlreadySaved.class, accounts.add(alice.id(), "014", "1234567890", "Alice Wijaya"));
    User bob = f.user("bob");
    assertEquals(false, accounts.remove(bob.id(), bca.id()));
    assertTrue(accounts.find(bob.id(), bca.id()).isEmpty());
    assertEquals("BCA ••••7890 a.n. Alice Wijaya", bca.maskedLabel());
    assertTrue(accounts.remove(alice.id(), bca.id()));
    assertEquals(0, accounts.list(alice.id()).size());
  }
}
