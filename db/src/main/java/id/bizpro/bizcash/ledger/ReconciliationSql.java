package id.bizpro.bizcash.ledger;

/**
 * The statements of {@link Reconciliation}, one set per scope. Both scopes build {@code
 * recon_accounts} with the same column types (explicit casts): a pooled connection keeps the
 * statements that read it prepared, and a changed result type would fail them. The incremental
 * ones read only the entries after each account's checkpoint and the transfers after the verified
 * mark; the full ones read everything, as the check did before checkpoints existed. Numbers that bound a range are
 * written into the text (they come from our own tables) because {@code CREATE TABLE … AS} takes no
 * parameters.
 */
final class ReconciliationSql {
  private ReconciliationSql() {}

  /** Session-level lock that lets one check at a time move the checkpoints (other checks only read). */
  static final long LOCK_KEY = 0x62697a6361736801L;

  /**
   * The first statement of the check's REPEATABLE READ transaction, so it sees the snapshot the
   * check reads. {@code promote}: every transaction that was running when the marks were last
   * stamped (its xid below {@code marks_xid}) has ended, so every id up to the stamped marks is
   * now visible and was read by this check or an earlier one.
   */
  static final String STATE =
      """
      SELECT entries_verified, transfers_verified, transfers_counted, checkpointed_entries,
             next_entries, next_transfers, advanced_at IS NOT NULL AS has_checkpoint,
             marks_xid IS NOT NULL AND pg_snapshot_xmin(pg_current_snapshot()) > marks_xid AS promote
      FROM reconciliation_state
      """;

  // ---- since the checkpoint ----

  /** The entries no check has verified yet: after the account's checkpoint and after the global mark. */
  static String freshEntries(long entriesVerified) {
    return """
        CREATE TEMP TABLE recon_fresh ON COMMIT DROP AS
        SELECT e.id, e.transfer_id, e.account_id, e.amount
        FROM entries e LEFT JOIN reconciliation_checkpoints c ON c.account_id = e.account_id
        WHERE e.id > %d AND e.id > coalesce(c.last_entry_id, 0)
        """.formatted(entriesVerified);
  }

  /** Accounts with fresh entries: their balance against checkpoint + fresh entries, and the last balance-after. */
  static final String CHANGED_ACCOUNTS =
      """
      CREATE TEMP TABLE recon_accounts ON COMMIT DROP AS
      SELECT a.id, a.code, a.balance,
             (coalesce(c.entries, 0) + f.n)::bigint AS entries, (coalesce(c.entries_sum, 0) + f.total)::bigint AS entries_sum,
             f.last_id, l.balance_after AS last_balance_after,
             NULL::bigint AS checkpoint_entry_id, NULL::bigint AS checkpoint_sum, NULL::bigint AS now_sum,
             NULL::bigint AS checkpoint_entries, NULL::bigint AS now_entries
      FROM (SELECT account_id, count(*) AS n, sum(amount) AS total, max(id) AS last_id
            FROM recon_fresh GROUP BY account_id) f
      JOIN accounts a ON a.id = f.account_id
      LEFT JOIN reconciliation_checkpoints c ON c.account_id = f.account_id
      JOIN entries l ON l.id = f.last_id
      """;

  static final String FRESH_TRANSFERS_NOT_ZERO =
      """
      SELECT e.transfer_id, sum(e.amount) FROM entries e
      WHERE e.transfer_id IN (SELECT transfer_id FROM recon_fresh)
      GROUP BY e.transfer_id HAVING sum(e.amount) <> 0 ORDER BY e.transfer_id LIMIT 20
      """;

  static final String FRESH_ENTRY_COUNT = "SELECT count(*) FROM recon_fresh";

  // ---- everything ----

  /**
   * Every account against all of its entries, and against its checkpoint: the entries it had when
   * last verified (all of them but the fresh ones, {@link #freshEntries}) must still sum to what
   * was recorded, so an entry changed after it was verified is found even when someone also made
   * the balance match.
   */
  static final String ALL_ACCOUNTS =
      """
      CREATE TEMP TABLE recon_accounts ON COMMIT DROP AS
      SELECT a.id, a.code, a.balance, coalesce(t.n, 0)::bigint AS entries, coalesce(t.total, 0)::bigint AS entries_sum,
             t.last_id, coalesce(l.balance_after, 0) AS last_balance_after,
             c.last_entry_id AS checkpoint_entry_id, c.entries_sum AS checkpoint_sum,
             (coalesce(t.total, 0) - coalesce(f.total, 0))::bigint AS now_sum,
             c.entries AS checkpoint_entries, (coalesce(t.n, 0) - coalesce(f.n, 0))::bigint AS now_entries
      FROM accounts a
      LEFT JOIN (SELECT account_id, count(*) AS n, sum(amount) AS total, max(id) AS last_id
                 FROM entries GROUP BY account_id) t ON t.account_id = a.id
      LEFT JOIN (SELECT account_id, count(*) AS n, sum(amount) AS total
                 FROM recon_fresh GROUP BY account_id) f ON f.account_id = a.id
      LEFT JOIN reconciliation_checkpoints c ON c.account_id = a.id
      LEFT JOIN entries l ON l.id = t.last_id
      """;

  static final String ALL_TRANSFERS_NOT_ZERO =
      """
      SELECT transfer_id, sum(amount) FROM entries GROUP BY transfer_id
      HAVING sum(amount) <> 0 ORDER BY transfer_id LIMIT 20
      """;

  // ---- both ----

  static final String ACCOUNTS_NOT_MATCHING =
      """
      SELECT code, balance, entries_sum, last_balance_after FROM recon_accounts
      WHERE balance <> entries_sum OR balance <> last_balance_after ORDER BY id LIMIT 20
      """;

  static final String CHECKPOINTS_NOT_MATCHING =
      """
      SELECT code, checkpoint_entry_id, checkpoint_entries, checkpoint_sum, now_entries, now_sum FROM recon_accounts
      WHERE checkpoint_entry_id IS NOT NULL AND (checkpoint_sum <> now_sum OR checkpoint_entries <> now_entries)
      ORDER BY id LIMIT 20
      """;

  static final String TRANSFERS_WITHOUT_ENTRIES =
      """
      SELECT t.id FROM transfers t
      WHERE t.id > :after AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.transfer_id = t.id)
      ORDER BY t.id LIMIT 20
      """;

  static final String TRANSFERS_AFTER = "SELECT count(*) FROM transfers WHERE id > :after";

  /** One pass over the accounts (not the ledger): the totals and the wallets below zero. */
  static final String ACCOUNT_TOTALS =
      """
      SELECT coalesce(sum(balance), 0) AS total, count(*) AS accounts,
             coalesce(sum(balance) FILTER (WHERE kind = 'user_available'), 0) AS wallets,
             count(*) FILTER (WHERE kind = 'user_available' AND balance < 0) AS negative
      FROM accounts
      """;

  static final String NEGATIVE_WALLETS =
      "SELECT code, balance FROM accounts WHERE kind = 'user_available' AND balance < 0 ORDER BY id LIMIT 20";

  static final String SUSPENSE =
      """
      SELECT a.balance, coalesce((SELECT sum(amount) FROM unapplied_receipts WHERE status = 'open'), 0)
      FROM accounts a WHERE a.code = 'system:unapplied_receipts'
      """;

  static final String PPOB_IN_FLIGHT =
      """
      SELECT a.balance, coalesce((SELECT sum(sell_price) FROM ppob_purchases WHERE status = 'pending'), 0)
      FROM accounts a WHERE a.code = 'system:ppob_in_flight'
      """;

  static final String PPOB_SETTLED =
      """
      SELECT (SELECT coalesce(sum(balance), 0) FROM accounts
               WHERE code IN ('system:ppob_provider_cost', 'system:ppob_margin')),
             coalesce((SELECT sum(sell_price) FROM ppob_purchases WHERE status = 'success'), 0)
      """;

  /** The inline-held account against the held inline sends (issue #18). */
  static final String INLINE_HELD =
      """
      SELECT a.balance, coalesce((SELECT sum(amount) FROM inline_sends WHERE status = 'held'), 0)
      FROM accounts a WHERE a.code = 'system:inline_held'
      """;

  static final String SYSTEM_BALANCES = "SELECT code, balance FROM accounts WHERE kind = 'system' ORDER BY id";

  // ---- moving the checkpoint ----

  /** Records the verified state of every account this check read (only what changed, in the full check). */
  static final String SAVE_CHECKPOINTS =
      """
      INSERT INTO reconciliation_checkpoints AS rc (account_id, last_entry_id, entries, entries_sum, last_balance_after, verified_at)
      SELECT id, last_id, entries, entries_sum, last_balance_after, now() FROM recon_accounts
      WHERE last_id IS NOT NULL AND (checkpoint_entry_id IS NULL OR checkpoint_entry_id <> last_id
                                     OR checkpoint_entries <> entries OR checkpoint_sum <> entries_sum)
      ON CONFLICT (account_id) DO UPDATE SET
          last_entry_id = excluded.last_entry_id, entries = excluded.entries, entries_sum = excluded.entries_sum,
          last_balance_after = excluded.last_balance_after, verified_at = excluded.verified_at
      WHERE (rc.last_entry_id, rc.entries, rc.entries_sum, rc.last_balance_after)
            IS DISTINCT FROM (excluded.last_entry_id, excluded.entries, excluded.entries_sum, excluded.last_balance_after)
      """;

  static final String CHECKPOINTED_ENTRIES = "SELECT coalesce(sum(entries), 0) FROM reconciliation_checkpoints";

  /**
   * Moves the marks to the ids stamped by the previous advancing check when {@code :promote}, and
   * stamps new ones (the highest ids this snapshot sees, and this transaction's id) then or when
   * none were stamped yet. Otherwise the old stamp stays until the transactions it waits for end.
   */
  static final String ADVANCE =
      """
      UPDATE reconciliation_state SET
          entries_verified = CASE WHEN :promote THEN next_entries ELSE entries_verified END,
          transfers_verified = CASE WHEN :promote THEN next_transfers ELSE transfers_verified END,
          transfers_counted = CASE WHEN :promote THEN :countedToNext ELSE transfers_counted END,
          checkpointed_entries = :checkpointed,
          next_entries = CASE WHEN :promote OR marks_xid IS NULL THEN (SELECT coalesce(max(id), 0) FROM entries) ELSE next_entries END,
          next_transfers = CASE WHEN :promote OR marks_xid IS NULL THEN (SELECT coalesce(max(id), 0) FROM transfers) ELSE next_transfers END,
          marks_xid = CASE WHEN :promote OR marks_xid IS NULL THEN pg_current_xact_id() ELSE marks_xid END,
          advanced_at = now()
      """;

  static final String FIRST_STAMP =
      """
      UPDATE reconciliation_state SET next_entries = (SELECT coalesce(max(id), 0) FROM entries),
          next_transfers = (SELECT coalesce(max(id), 0) FROM transfers), marks_xid = pg_current_xact_id()
      WHERE marks_xid IS NULL
      """;

  static final String TRANSFERS_BETWEEN = "SELECT count(*) FROM transfers WHERE id > :after AND id <= :upTo";

  static final String RECORD_FULL =
      """
      UPDATE reconciliation_state SET last_full_at = now(), last_full_holds = :holds,
          last_full_summary = :summary, last_full_violations = :violations
      """;

  static final String LAST_FULL =
      """
      SELECT last_full_at, last_full_holds, last_full_summary, last_full_violations,
             last_full_at IS NULL OR last_full_at < now() - make_interval(secs => :everySeconds) AS due,
             advanced_at IS NOT NULL AS has_checkpoint
      FROM reconciliation_state
      """;
}
