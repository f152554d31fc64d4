package id.bizpro.bizcash.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.LedgerResult.AlreadyDone;
import id.bizpro.bizcash.ledger.LedgerResult.Conflict;
import id.bizpro.bizcash.ledger.LedgerResult.Done;
import id.bizpro.bizcash.ledger.LedgerResult.InsufficientFunds;
import id.bizpro.bizcash.ledger.LedgerResult.LimitExceeded;
import id.bizpro.bizcash.ledger.LedgerResult.NotFound;
import id.bizpro.bizcash.ledger.LedgerResult.NotPending;
import id.bizpro.bizcash.ledger.LedgerResult.SameAccount;
import id.bizpro.bizcash.ledger.TransferRequest.P2p;
import id.bizpro.bizcash.ledger.TransferRequest.TopUpCredit;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalHold;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalPost;
import id.bizpro.bizcash.ledger.TransferRequest.WithdrawalVoid;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private LedgerFixture f;
  private User alice;
  private User bob;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    alice = f.user("alice");
    bob = f.user("bob");
  }

  @AfterEach
  void tearDown() {
    Reconciliation.Report report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
    f.close();
  }

  private long count(String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private static Money rp(long v) {
    return Money.rupiah(v);
  }

  private long system(SystemAccount a) {
    return f.ledger.balanceOf(a).rupiah();
  }

  @Test
  void topup_credit_gives_the_user_amount_and_code_and_books_the_fee_as_revenue() {
    var r = f.ledger.execute(new TopUpCredit("order:TOP-1", alice.id(), rp(100_123), rp(6_000), "TOP-1"));

    Done done = assertInstanceOf(Done.class, r);
    assertEquals(TransferKind.TOPUP_CREDIT, done.transfer().kind());
    assertEquals(100_123, f.balance(alice));
    assertEquals(6_000, system(SystemAccount.FEE_REVENUE));
    assertEquals(-106_123, system(SystemAccount.TOPUP_CLEARING));
  }

  @Test
  void the_same_topup_confirmed_twice_is_credited_once() {
    var first = f.ledger.execute(new TopUpCredit("order:TOP-2", alice.id(), rp(50_000), rp(6_000), "TOP-2"));
    var again = f.ledger.execute(new TopUpCredit("order:TOP-2", alice.id(), rp(50_000), rp(6_000), "TOP-2"));

    AlreadyDone repeat = assertInstanceOf(AlreadyDone.class, again);
    assertEquals(((Done) first).transfer().id(), repeat.transfer().id());
    assertEquals(50_000, f.balance(alice));
  }

  @Test
  void a_reused_key_with_a_different_request_is_a_conflict_and_moves_nothing() {
    f.ledger.execute(new TopUpCredit("order:TOP-3", alice.id(), rp(50_000), rp(6_000), "TOP-3"));
    var r = f.ledger.execute(new TopUpCredit("order:TOP-3", alice.id(), rp(70_000), rp(6_000), "TOP-3"));

    assertInstanceOf(Conflict.class, r);
    assertEquals(50_000, f.balance(alice));
  }

  @Test
  void transfer_moves_the_amount_free_of_charge_and_keeps_the_note() {
    f.fund(alice, 100_000);

    var r = f.ledger.execute(new P2p("tx-1", alice.id(), bob.id(), rp(25_000), Optional.of("makan siang")));

    Transfer t = assertInstanceOf(Done.class, r).transfer();
    assertEquals(Optional.of("makan siang"), t.note());
    assertEquals(Money.ZERO, t.fee());
    assertEquals(75_000, f.balance(alice));
    assertEquals(25_000, f.balance(bob));
    // One P2P path: execute is p2p_send_batch with a group of one, so the recipient is notified.
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"
        + " AND dedupe_key = 'transfer-received:' || " + t.id() + " AND user_id = " + bob.id()));
  }

  @Test
  void transfer_over_the_balance_is_insufficient_funds_and_changes_nothing() {
    f.fund(alice, 20_000);

    var r = f.ledger.execute(new P2p("tx-2", alice.id(), bob.id(), rp(50_000), Optional.empty()));

    InsufficientFunds no = assertInstanceOf(InsufficientFunds.class, r);
    assertEquals(rp(20_000), no.balance());
    assertEquals(rp(50_000), no.needed());
    assertEquals(20_000, f.balance(alice));
    assertEquals(0, f.balance(bob));
    assertTrue(f.ledger.findByIdempotencyKey("tx-2").isEmpty(), "a refused request leaves no transfer");
  }

  @Test
  void transfer_to_yourself_is_refused() {
    f.fund(alice, 20_000);
    assertInstanceOf(SameAccount.class, f.ledger.execute(new P2p("tx-3", alice.id(), alice.id(), rp(5_000), Optional.empty())));
    assertEquals(20_000, f.balance(alice));
  }

  @Test
  void a_transfer_to_yourself_that_reaches_the_sql_is_same_account_and_writes_nothing() {
    f.fund(alice, 20_000);
    // The ledger answers before any SQL; the function answers the same if reached (no CHECK error).
    var p2p = new P2p("tx-3b", alice.id(), alice.id(), rp(5_000), Optional.empty());
    List<LedgerSql.Outcome> outcomes = f.db.jdbi().withHandle(h ->
        LedgerSql.p2pBatch(h, List.of(LedgerSql.Header.p2p(p2p)), 20_000_000, null));
    assertEquals(List.of(new LedgerSql.Outcome.SameWallet()), outcomes);
    assertEquals(20_000, f.balance(alice));
    assertTrue(f.ledger.findByIdempotencyKey("tx-3b").isEmpty());
    assertEquals(0, count("SELECT count(*) FROM outbox"));
  }

  @Test
  void ledger_post_refuses_a_p2p_transfer() {
    f.fund(alice, 20_000);
    var p2p = new P2p("tx-3c", alice.id(), bob.id(), rp(5_000), Optional.empty());
    var e = assertThrows(UnableToExecuteStatementException.class, () -> f.db.jdbi().withHandle(h ->
        LedgerSql.post(h, LedgerSql.Header.p2p(p2p),
            List.of(LedgerSql.Leg.wallet(alice.id(), -5_000), LedgerSql.Leg.wallet(bob.id(), 5_000)),
            bob.id(), 20_000_000)));
    assertTrue(e.getMessage().contains("p2p_send_batch"), e.getMessage());
    assertEquals(20_000, f.balance(alice));
  }

  @Test
  void transfer_below_the_minimum_is_a_limit() {
    f.fund(alice, 20_000);
    var r = f.ledger.execute(new P2p("tx-4", alice.id(), bob.id(), rp(999), Optional.empty()));
    LimitExceeded limit = assertInstanceOf(LimitExceeded.class, r);
    assertEquals(LedgerResult.Limit.TRANSFER_MINIMUM, limit.limit());
    assertEquals(rp(1_000), limit.limitValue());
  }

  @Test
  void transfer_that_would_lift_the_recipient_over_the_balance_cap_is_a_limit() {
    f.fund(alice, 2_000_000);
    f.fund(bob, 19_000_000);

    var r = f.ledger.execute(new P2p("tx-5", alice.id(), bob.id(), rp(1_000_001), Optional.empty()));

    LimitExceeded limit = assertInstanceOf(LimitExceeded.class, r);
    assertEquals(LedgerResult.Limit.BALANCE_CAP, limit.limit());
    assertEquals(2_000_000, f.balance(alice));
    assertEquals(19_000_000, f.balance(bob));
    assertInstanceOf(Done.class, f.ledger.execute(new P2p("tx-6", alice.id(), bob.id(), rp(1_000_000), Optional.empty())));
  }

  @Test
  void transfer_to_an_unknown_user_is_not_found() {
    f.fund(alice, 20_000);
    assertInstanceOf(NotFound.class, f.ledger.execute(new P2p("tx-7", alice.id(), 987_654L, rp(5_000), Optional.empty())));
    assertEquals(20_000, f.balance(alice));
  }

  @Test
  void withdrawal_hold_takes_amount_and_fee_into_payouts_in_flight() {
    f.fund(alice, 100_000);

    var r = f.ledger.execute(new WithdrawalHold("wd:1", alice.id(), rp(50_000), rp(8_000), "WD-1"));

    assertInstanceOf(Done.class, r);
    assertEquals(42_000, f.balance(alice));
    assertEquals(58_000, system(SystemAccount.PAYOUTS_IN_FLIGHT));
  }

  @Test
  void withdrawal_hold_needs_amount_plus_fee_in_the_wallet() {
    f.fund(alice, 55_000);
    var r = f.ledger.execute(new WithdrawalHold("wd:2", alice.id(), rp(50_000), rp(8_000), "WD-2"));
    InsufficientFunds no = assertInstanceOf(InsufficientFunds.class, r);
    assertEquals(rp(58_000), no.needed());
    assertEquals(55_000, f.balance(alice));
    assertEquals(0, system(SystemAccount.PAYOUTS_IN_FLIGHT));
  }

  @Test
  void posting_a_paid_withdrawal_settles_the_amount_and_earns_the_fee() {
    f.fund(alice, 100_000);
    long hold = held("wd:3", 50_000);

    var r = f.ledger.execute(new WithdrawalPost("payout:3", hold));

    assertInstanceOf(Done.class, r);
    assertEquals(42_000, f.balance(alice));
    assertEquals(0, system(SystemAccount.PAYOUTS_IN_FLIGHT));
    assertEquals(50_000, system(SystemAccount.PAYOUTS_SETTLED));
    assertEquals(8_000, system(SystemAccount.FEE_REVENUE));
  }

  @Test
  void voiding_a_failed_withdrawal_returns_amount_and_fee_to_the_wallet() {
    f.fund(alice, 100_000);
    long hold = held("wd:4", 50_000);

    Transfer t = assertInstanceOf(Done.class, f.ledger.execute(new WithdrawalVoid("payout:4", hold))).transfer();

    assertEquals(TransferKind.WITHDRAWAL_VOID, t.kind());
    assertEquals(100_000, f.balance(alice));
    assertEquals(0, system(SystemAccount.PAYOUTS_IN_FLIGHT));
    assertEquals(0, system(SystemAccount.FEE_REVENUE));
  }

  @Test
  void a_hold_is_resolved_once_a_retried_payout_is_already_done_and_a_late_void_is_not_pending() {
    f.fund(alice, 100_000);
    long hold = held("wd:5", 50_000);

    var posted = f.ledger.execute(new WithdrawalPost("payout:5", hold));
    var retried = f.ledger.execute(new WithdrawalPost("payout:5", hold));
    var lateVoid = f.ledger.execute(new WithdrawalVoid("payout:5-failed", hold));
    var secondPost = f.ledger.execute(new WithdrawalPost("payout:5-again", hold));

    assertInstanceOf(Done.class, posted);
    assertInstanceOf(AlreadyDone.class, retried);
    NotPending np = assertInstanceOf(NotPending.class, lateVoid);
    assertEquals(TransferKind.WITHDRAWAL_POST, np.resolution().kind());
    assertInstanceOf(NotPending.class, secondPost);
    assertEquals(42_000, f.balance(alice));
    assertEquals(50_000, system(SystemAccount.PAYOUTS_SETTLED));
  }

  @Test
  void posting_something_that_is_not_a_hold_is_not_found() {
    f.fund(alice, 100_000);
    long p2p = ((Done) f.ledger.execute(new P2p("tx-8", alice.id(), bob.id(), rp(5_000), Optional.empty()))).transfer().id();
    assertInstanceOf(NotFound.class, f.ledger.execute(new WithdrawalPost("payout:x", p2p)));
    assertInstanceOf(NotFound.class, f.ledger.execute(new WithdrawalVoid("payout:y", 424_242L)));
  }

  @Test
  void a_wallet_cannot_go_negative_even_through_raw_sql() {
    f.fund(alice, 1_000);
    var e =
        assertThrows(
            UnableToExecuteStatementException.class,
            () -> f.db.jdbi().useHandle(h -> h.execute("UPDATE accounts SET balance = -1 WHERE user_id = ?", alice.id())));
    assertTrue(e.getMessage().contains("accounts_wallet_not_negative"), e.getMessage());
  }

  @Test
  void transfers_and_entries_cannot_be_edited_or_deleted() {
    f.fund(alice, 1_000);
    String before = ledgerRows();
    // Each statement must be refused by the immutability trigger itself. A DELETE FROM transfers
    // alone would also fail on the foreign key from entries, with or without the trigger; so the
    // message is checked, and the transfers are also deleted together with their entries in one
    // statement, which no foreign key stops.
    for (String sql : List.of(
        "UPDATE transfers SET amount = amount + 1",
        "UPDATE transfers SET note = 'edited'",
        "UPDATE entries SET amount = amount + 1",
        "DELETE FROM entries",
        "WITH e AS (DELETE FROM entries RETURNING transfer_id) DELETE FROM transfers WHERE id IN (SELECT transfer_id FROM e)",
        "DELETE FROM transfers")) {
      var e = assertThrows(UnableToExecuteStatementException.class, () -> f.db.jdbi().useTransaction(h -> h.execute(sql)), sql);
      assertTrue(e.getMessage().contains("ledger rows are immutable"), sql + ": " + e.getMessage());
    }
    assertEquals(before, ledgerRows(), "nothing changed");
  }

  private String ledgerRows() {
    return f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT (SELECT string_agg(t::text, '|' ORDER BY id) FROM transfers t) || '/' "
                + "|| (SELECT string_agg(e::text, '|' ORDER BY id) FROM entries e)")
        .mapTo(String.class).one());
  }

  @Test
  void reconciliation_reports_a_balance_that_does_not_match_its_entries() {
    f.fund(alice, 10_000);
    f.db.jdbi().useHandle(h -> h.execute("UPDATE accounts SET balance = balance + 1 WHERE user_id = ?", alice.id()));

    Reconciliation.Report report = f.reconciliation.run();

    assertTrue(!report.holds());
    assertTrue(report.violations().stream().anyMatch(v -> v.contains("user:" + alice.id())), report.violations().toString());
    assertTrue(report.violations().stream().anyMatch(v -> v.contains("sum to 1, not 0")), report.violations().toString());
    // Put it back so the after-each reconciliation holds.
    f.db.jdbi().useHandle(h -> h.execute("UPDATE accounts SET balance = balance - 1 WHERE user_id = ?", alice.id()));
  }

  @Test
  void reconciliation_summary_lists_system_accounts() {
    f.fund(alice, 10_000);
    Reconciliation.Report report = f.reconciliation.run();
    assertTrue(report.holds());
    assertEquals(rp(10_000), report.walletTotal());
    assertEquals(rp(-10_000), report.systemBalances().get(SystemAccount.TOPUP_CLEARING.code()));
    assertTrue(report.summary().startsWith("ledger OK"), report.summary());
  }

  private long held(String key, long amount) {
    return ((Done) f.ledger.execute(new WithdrawalHold(key, alice.id(), rp(amount), rp(8_000), "WD-" + key))).transfer().id();
  }
}
