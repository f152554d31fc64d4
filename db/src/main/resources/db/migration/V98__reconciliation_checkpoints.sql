-- Incremental reconciliation (issue 16). The full check reads every entry: 5.4 s of the 9.7 s
-- start-up with 3,000,000 transfers, and it grows with the ledger. Entries are immutable, so what
-- was verified once need not be read again: a checkpoint per account records how far its entries
-- were verified, and the next check reads only what came after (Reconciliation.sinceCheckpoint).
-- The full check still runs, off the start path (RECONCILE_FULL_EVERY, `bizcash.jar reconcile`).

-- Per account: every entry with id <= last_entry_id was verified; how many, their sum, and the
-- balance after the last one. Exact per account because every writer locks the account row before
-- it inserts the account's entries, so an entry committed later always has a larger id.
CREATE TABLE reconciliation_checkpoints (
    account_id         bigint      PRIMARY KEY REFERENCES accounts (id),
    last_entry_id      bigint      NOT NULL CHECK (last_entry_id > 0),
    entries            bigint      NOT NULL CHECK (entries > 0),
    entries_sum        bigint      NOT NULL,
    last_balance_after bigint      NOT NULL,
    verified_at        timestamptz NOT NULL
);

-- One row. Global marks only bound the range a check reads: ids are not committed in id order
-- across accounts, so a mark moves to the highest id seen by one check only at a later check that
-- finds every transaction running at the first one ended (pg_snapshot_xmin > marks_xid).
CREATE TABLE reconciliation_state (
    id                   boolean     PRIMARY KEY DEFAULT true CHECK (id),
    -- Every entry with id <= entries_verified and every transfer with id <= transfers_verified was
    -- verified; transfers_counted of those transfers exist; the checkpoints hold checkpointed_entries.
    entries_verified     bigint      NOT NULL DEFAULT 0,
    transfers_verified   bigint      NOT NULL DEFAULT 0,
    transfers_counted    bigint      NOT NULL DEFAULT 0,
    checkpointed_entries bigint      NOT NULL DEFAULT 0,
    -- The highest ids the last advancing check saw, and its transaction id.
    next_entries         bigint,
    next_transfers       bigint,
    marks_xid            xid8,
    advanced_at          timestamptz,
    -- The last full check, for the admins' screen and the schedule.
    last_full_at         timestamptz,
    last_full_holds      boolean,
    last_full_summary    text,
    last_full_violations text[]      NOT NULL DEFAULT '{}'
);
INSERT INTO reconciliation_state DEFAULT VALUES;
