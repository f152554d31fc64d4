package id.bizpro.bizcash.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.testing.TestDatabase;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules V99 put in the schema hold even for SQL that bypasses the ledger: a P2P row names two
 * different parties, and a transfer's entries sum to zero by the time its transaction commits.
 */
class LedgerSchemaRulesTest {
  static Database db;
  static long alice;
  static long bob;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh(2);
    alice = user(100_001, "alice");
    bob = user(100_002, "bob");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static long user(long telegramId, String name) {
    return db.jdbi().inTransaction(h -> {
      long id = h.createQuery("INSERT INTO users (telegram_id, username, first_name, language) VALUES (?, ?, ?, 'id') RETURNING id")
          .bind(0, telegramId).bind(1, name).bind(2, name).mapTo(Long.class).one();
      h.execute("INSERT INTO accounts (kind, code, user_id) VALUES ('user_available', 'user:' || ?, ?)", id, id);
      return id;
    });
  }

  private static long p2pRow(Handle h, String key, Long from, Long to) {
    return h.createQuery("INSERT INTO transfers (idempotency_key, request_hash, kind, amount, from_user_id, to_user_id) "
            + "VALUES (?, 'test', 'p2p', 1000, ?, ?) RETURNING id")
        .bind(0, key).bind(1, from).bind(2, to).mapTo(Long.class).one();
  }

  private static void entry(Handle h, long transfer, long user, long amount) {
    h.execute("INSERT INTO entries (transfer_id, account_id, amount, balance_after) "
        + "SELECT ?, id, ?, 0 FROM accounts WHERE user_id = ?", transfer, amount, user);
  }

  @Test
  void a_p2p_row_names_two_different_parties() {
    for (Long[] parties : new Long[][] {{alice, alice}, {alice, null}, {null, bob}}) {
      JdbiException e = assertThrows(JdbiException.class,
          () -> db.jdbi().useTransaction(h -> p2pRow(h, "self-" + parties[0] + "-" + parties[1], parties[0], parties[1])));
      assertTrue(messages(e).contains("transfers_p2p_parties"), messages(e));
    }
  }

  @Test
  void entries_that_do_not_sum_to_zero_fail_the_commit_and_balanced_ones_commit() {
    JdbiException e = assertThrows(JdbiException.class, () -> db.jdbi().useTransaction(h -> {
      long t = p2pRow(h, "half", alice, bob);
      entry(h, t, bob, 1000); // the sender's side is missing
    }));
    assertTrue(messages(e).contains("sum to 1000, not zero"), messages(e));
    assertEquals(0, count("SELECT count(*) FROM transfers WHERE idempotency_key = 'half'"));

    db.jdbi().useTransaction(h -> {
      long t = p2pRow(h, "whole", alice, bob);
      entry(h, t, alice, -1000);
      entry(h, t, bob, 1000);
    });
    assertEquals(1, count("SELECT count(*) FROM transfers WHERE idempotency_key = 'whole'"));
  }

  /** The messages of {@code e} and its causes (a failed commit wraps the database's refusal). */
  private static String messages(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(t.getMessage()).append(" | ");
    }
    return s.toString();
  }

  private static int count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  /**
   * Migrations written in parallel (PPOB, inline sends, the platform API) each redefined the list
   * of transfer kinds: the schema the migrations leave must accept every kind the code writes, and
   * hold every system account it names, or a money move would fail at its first use.
   */
  @Test
  void the_schema_accepts_every_transfer_kind_and_holds_every_system_account_the_code_knows() {
    String kinds = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'transfers_kind_check'").mapTo(String.class).one());
    for (TransferKind k : TransferKind.values()) {
      assertTrue(kinds.contains("'" + k.dbName() + "'"), k + " is not allowed by " + kinds);
    }
    for (SystemAccount a : SystemAccount.values()) {
      assertEquals(1, (int) db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM accounts WHERE code = :c AND kind = 'system'")
          .bind("c", a.code()).mapTo(Integer.class).one()), a.code());
    }
    String pending = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'transfers_resolution_has_pending'")
        .mapTo(String.class).one());
    for (String resolution : new String[] {"withdrawal_post", "withdrawal_void", "ppob_post", "ppob_void", "inline_claim", "inline_return"}) {
      assertTrue(pending.contains("'" + resolution + "'"), resolution + " must name its hold: " + pending);
    }
  }
}
