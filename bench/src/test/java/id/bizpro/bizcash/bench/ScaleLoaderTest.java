package id.bizpro.bizcash.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.testing.TestDatabase;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@code bench scale} loads by SQL is what the ledger would have written: the full reconciliation holds. */
class ScaleLoaderTest {
  @Test
  void the_loaded_ledger_reconciles_and_holds_every_kind_of_move() {
    try (Database db = TestDatabase.fresh(2)) {
      ScaleLoader.subjects(db);
      ScaleLoader.background(db, 2_000, 12_000);
      Reconciliation.Report report = new Reconciliation(db.jdbi()).run();
      assertTrue(report.holds(), report.violations().toString());
      Map<String, Long> kinds = db.jdbi().withHandle(h -> h.createQuery("SELECT kind, count(*) FROM transfers GROUP BY kind")
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
          .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      for (String kind : new String[] {"topup_credit", "p2p", "withdrawal_hold", "withdrawal_post", "withdrawal_void"}) {
        assertTrue(kinds.getOrDefault(kind, 0L) > 0, kind + " missing: " + kinds);
      }
      // The background is about the number asked for (12,000) plus the subjects' 100,201.
      long background = kinds.values().stream().mapToLong(Long::longValue).sum() - 100_201;
      assertTrue(Math.abs(background - 12_000) < 600, "background transfers: " + background);
      // Every withdrawal hold has its row, with the status its resolution says.
      assertEquals(0, (int) db.jdbi().withHandle(h -> h.createQuery("""
          SELECT count(*) FROM transfers t LEFT JOIN withdrawals w ON w.hold_transfer_id = t.id
           WHERE t.kind = 'withdrawal_hold' AND t.reference LIKE 'WD-M%' AND (w.id IS NULL
              OR (w.status = 'pending') <> NOT EXISTS (SELECT 1 FROM transfers r WHERE r.pending_id = t.id))
          """).mapTo(Integer.class).one()));
      // The subject with 100,000 entries has 10,000 of them this month (the statement's month).
      assertEquals(10_000, (int) db.jdbi().withHandle(h -> h.createQuery("""
          SELECT count(*) FROM entries e JOIN accounts a ON a.id = e.account_id JOIN users u ON u.id = a.user_id
           WHERE u.username = 'scale_hot' AND e.created_at >= date_trunc('month', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta'
          """).mapTo(Integer.class).one()));
    }
  }
}
