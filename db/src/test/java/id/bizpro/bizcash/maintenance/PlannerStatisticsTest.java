package id.bizpro.bizcash.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hot table is analysed when it has no statistics yet or doubled since its last ANALYZE (the
 * plans pooled connections keep are then rebuilt), and left alone otherwise.
 */
class PlannerStatisticsTest {
  @Test
  void a_table_is_analysed_when_it_outgrew_its_statistics_and_not_before() throws Exception {
    try (Database db = TestDatabase.fresh(2)) {
      PlannerStatistics statistics = new PlannerStatistics(db.jdbi());
      assertEquals(List.of(), statistics.refreshStale(), "empty tables are autovacuum's business");

      addUsers(db, 1, 3_000);
      assertEquals(List.of("users"), statistics.refreshStale());
      assertTrue(db.jdbi().withHandle(h -> h.createQuery(
          "SELECT reltuples FROM pg_class WHERE relname = 'users'").mapTo(Double.class).one()) >= 3_000);
      assertEquals(List.of(), statistics.refreshStale(), "just analysed");

      addUsers(db, 3_001, 1_000); // a third more: the plans still fit
      assertEquals(List.of(), statistics.refreshStale());
      addUsers(db, 4_001, 3_000); // now more rows changed than it had: analysed again
      assertEquals(List.of("users"), statistics.refreshStale());
    }
  }

  private static void addUsers(Database db, int from, int count) {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO users (telegram_id, first_name) SELECT 7000000 + g, 'U' FROM generate_series(?, ?) g",
          from, from + count - 1);
      // Counters reach pg_stat_user_tables when the session reports them; do it now.
      h.execute("SELECT pg_stat_force_next_flush()");
    });
    db.jdbi().useHandle(h -> h.execute("SELECT pg_stat_clear_snapshot()"));
  }
}
