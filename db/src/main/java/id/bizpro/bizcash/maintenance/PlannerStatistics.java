package id.bizpro.bizcash.maintenance;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps the planner's statistics of the hot tables from falling far behind their size. Every
 * pooled connection keeps the plans of {@code ledger_post} and {@code p2p_send_batch} (generic by
 * design, V90/V91) until an ANALYZE of a table they read invalidates them; plans made while the
 * tables were nearly empty cost 3× more per transfer once they hold rows (1.5 ms against 0.45 ms,
 * BENCHMARKS.md), and autovacuum may take a minute or more to notice. So a table is analysed here
 * when it has no statistics yet but holds rows, or when it changed by more rows than it had at its
 * last ANALYZE — it at least doubled, so the plans are likely wrong. Thread-safe.
 */
public final class PlannerStatistics {
  /** The tables the money path and the conversation turn plan against. */
  static final List<String> HOT_TABLES = List.of(
      "users", "accounts", "transfers", "entries", "outbox", "processed_updates", "conversations",
      "pending_actions", "update_rate", "topup_orders", "withdrawals",
      // The platform API's credit path (issue #19).
      "platform_credits", "platform_links", "platform_seen_signatures", "unapplied_receipts");

  /** Below this many rows plans hardly differ: leave such tables to autovacuum. */
  static final long MIN_ROWS = 1_000;

  private final Jdbi jdbi;

  public PlannerStatistics(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Analyses the hot tables whose statistics are missing or stale; returns their names. */
  public List<String> refreshStale() {
    List<String> stale = jdbi.withHandle(h -> h.createQuery(
            """
            SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = current_schema() AND s.relname IN (<tables>)
              AND greatest(s.n_live_tup, s.n_mod_since_analyze) >= :minRows
              AND (c.reltuples < 0 OR coalesce(s.last_analyze, s.last_autoanalyze) IS NULL
                   OR s.n_mod_since_analyze > greatest(c.reltuples, :minRows))
            ORDER BY s.relname
            """)
        .bindList("tables", HOT_TABLES)
        .bind("minRows", MIN_ROWS)
        .mapTo(String.class)
        .list());
    for (String table : stale) {
      // Names come from HOT_TABLES through the catalog: no user input reaches this statement.
      jdbi.useHandle(h -> h.execute("ANALYZE " + table));
    }
    return stale;
  }
}
