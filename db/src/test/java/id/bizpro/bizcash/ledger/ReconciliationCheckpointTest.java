package id.bizpro.bizcash.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The check since the checkpoint reads only what was written after it and still finds a changed
 * entry there; an entry changed after it was verified is the full check's to find, and it does.
 * (To change an entry the tests switch the immutability trigger off, as only a superuser can.)
 */
class ReconciliationCheckpointTest {
  private final LedgerFixture f = new LedgerFixture();
  private final Reconciliation reconciliation = f.reconciliation;
  private final User alice = f.user("alice");
  private final User bob = f.user("bob");

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void an_entry_changed_after_the_checkpoint_is_found_by_the_check_since_the_checkpoint() {
    f.fund(alice, 50_000);
    assertTrue(reconciliation.sinceCheckpoint().holds());
    p2p("p1", 10_000);

    tamper("UPDATE entries SET amount = amount + 1 WHERE id = (SELECT max(id) FROM entries)");

    Reconciliation.Report report = reconciliation.sinceCheckpoint();
    assertFalse(report.holds());
    assertEquals(2, report.entriesRead(), "only the transfer written after the checkpoint is read");
    assertTrue(report.violations().stream().anyMatch(v -> v.endsWith("entries sum to 1, not 0")), report.violations().toString());
    assertTrue(report.violations().stream().anyMatch(v -> v.startsWith("account user:")), report.violations().toString());
    // A broken ledger does not move the checkpoint: the next check finds it again.
    assertEquals(report.violations(), reconciliation.sinceCheckpoint().violations());
    assertFalse(reconciliation.run().holds());
  }

  @Test
  void an_entry_changed_before_the_checkpoint_is_found_by_the_full_check_not_by_the_check_since() {
    f.fund(alice, 50_000);
    p2p("p1", 10_000);
    assertTrue(reconciliation.sinceCheckpoint().holds());

    // Bob's only entry gains 1 rupiah, his balance follows and the clearing entry of another
    // transfer pays for it: every balance matches its entries, all balances still sum to zero
    // and only two transfers are off by one each. Then the same books with the transfers fixed.
    long bobEntry = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT e.id FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.user_id = :u").bind("u", bob.id())
        .mapTo(Long.class).one());
    tamper("UPDATE entries SET amount = amount + 1, balance_after = balance_after + 1 WHERE id = " + bobEntry);
    f.db.jdbi().useHandle(h -> h.execute("UPDATE accounts SET balance = balance + 1 WHERE user_id = ?", bob.id()));

    Reconciliation.Report since = reconciliation.sinceCheckpoint();
    assertEquals(0, since.entriesRead());
    assertFalse(since.holds(), "the sum of all balances is off by one");
    Reconciliation.Report full = reconciliation.run();
    assertFalse(full.holds());
    assertTrue(full.violations().stream().anyMatch(v -> v.contains("entries sum to 1, not 0")), full.violations().toString());
    assertTrue(full.violations().stream().anyMatch(v -> v.contains("user:" + bob.id()) && v.contains("changed after it was verified")),
        full.violations().toString());
  }

  @Test
  void an_entry_changed_and_covered_up_before_the_checkpoint_is_found_by_comparing_with_the_checkpoint() {
    f.fund(alice, 50_000);
    f.fund(bob, 20_000);
    assertTrue(reconciliation.run().holds());

    // Move 1 rupiah from the clearing account to Bob inside Bob's top-up, balances included:
    // every invariant of the books holds again; only the checkpoint remembers.
    long transfer = f.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT id FROM transfers WHERE to_user_id = :u").bind("u", bob.id()).mapTo(Long.class).one());
    tamper("UPDATE entries SET amount = amount + sign(amount), balance_after = balance_after + sign(amount) "
        + "WHERE transfer_id = " + transfer);
    f.db.jdbi().useHandle(h -> h.execute("""
        UPDATE accounts a SET balance = balance + sign(e.amount) FROM entries e
        WHERE e.transfer_id = ? AND e.account_id = a.id""", transfer));
    // The clearing account's last entry is Bob's top-up: its balance-after now matches too.

    assertTrue(reconciliation.sinceCheckpoint().holds());
    Reconciliation.Report full = reconciliation.run();
    assertEquals(2, full.violations().size(), full.violations().toString());
    assertTrue(full.violations().stream().allMatch(v -> v.contains("changed after it was verified")), full.violations().toString());
  }

  @Test
  void the_checkpoint_advances_and_later_checks_read_only_new_entries() {
    f.fund(alice, 50_000);
    p2p("p1", 1_000);
    p2p("p2", 2_000);
    Reconciliation.Report first = reconciliation.sinceCheckpoint();
    assertEquals(6, first.entriesRead());
    assertEquals(0, reconciliation.sinceCheckpoint().entriesRead());
    p2p("p3", 3_000);
    Reconciliation.Report third = reconciliation.sinceCheckpoint();
    assertEquals(2, third.entriesRead());
    for (int i = 0; i < 3; i++) {
      assertEquals(0, reconciliation.sinceCheckpoint().entriesRead());
    }
    // What the checks count is what is there.
    Reconciliation.Report full = reconciliation.run();
    Reconciliation.Report since = reconciliation.sinceCheckpoint();
    assertEquals(List.of(4L, 8L), List.of(full.transfers(), full.entries()));
    assertEquals(List.of(full.transfers(), full.entries(), full.accounts()), List.of(since.transfers(), since.entries(), since.accounts()));
    assertEquals(full.walletTotal(), since.walletTotal());
    assertEquals(full.systemBalances(), since.systemBalances());
    long marks = f.db.jdbi().withHandle(h -> h.createQuery("SELECT entries_verified FROM reconciliation_state").mapTo(Long.class).one());
    assertTrue(marks > 0, "the global mark moved too: " + marks);
  }

  @Test
  void entries_committed_after_a_check_that_saw_higher_ids_are_still_read() {
    User carol = f.user("carol");
    User dave = f.user("dave");
    f.fund(alice, 50_000);
    f.fund(carol, 50_000);
    assertTrue(reconciliation.sinceCheckpoint().holds());
    try (Handle slow = f.db.jdbi().open()) {
      slow.begin();
      assertTrue(f.ledger.execute(slow, new TransferRequest.P2p("slow", alice.id(), bob.id(), Money.rupiah(5_000), Optional.empty())).succeeded());
      // A later transfer on other wallets commits first, with higher entry ids.
      assertTrue(f.ledger.execute(new TransferRequest.P2p("fast", carol.id(), dave.id(), Money.rupiah(1_000), Optional.empty())).succeeded());
      assertTrue(reconciliation.sinceCheckpoint().holds());
      assertTrue(reconciliation.sinceCheckpoint().holds());
      slow.commit();
    }
    tamper("UPDATE entries SET amount = amount - 1 WHERE transfer_id = (SELECT id FROM transfers WHERE idempotency_key = 'slow') AND amount > 0");
    Reconciliation.Report report = reconciliation.sinceCheckpoint();
    assertFalse(report.holds());
    assertTrue(report.violations().stream().anyMatch(v -> v.contains("user:" + bob.id())), report.violations().toString());
  }

  @Test
  void the_last_full_checks_violations_are_shown_until_a_full_check_holds() {
    f.fund(alice, 50_000);
    assertTrue(reconciliation.latest().holds());
    tamper("UPDATE entries SET amount = amount + 7 WHERE id = (SELECT min(id) FROM entries)");
    assertFalse(reconciliation.run().holds());
    Reconciliation.Report latest = reconciliation.latest();
    assertFalse(latest.holds());
    assertTrue(latest.violations().stream().anyMatch(v -> v.startsWith("the full check of ") && v.contains("sum to 7, not 0")),
        latest.violations().toString());
    tamper("UPDATE entries SET amount = amount - 7 WHERE id = (SELECT min(id) FROM entries)");
    assertTrue(reconciliation.run().holds());
    assertTrue(reconciliation.latest().holds());
  }

  private void p2p(String key, long rupiah) {
    assertTrue(f.ledger.execute(new TransferRequest.P2p(key, alice.id(), bob.id(), Money.rupiah(rupiah), Optional.empty())).succeeded());
  }

  /** Changes ledger rows as only a superuser could: the immutability triggers off, in one transaction. */
  private void tamper(String sql) {
    f.db.jdbi().useTransaction(h -> {
      h.execute("ALTER TABLE entries DISABLE TRIGGER entries_immutable");
      h.execute(sql);
      h.execute("ALTER TABLE entries ENABLE TRIGGER entries_immutable");
    });
  }
}
