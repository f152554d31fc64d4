-- A transaction that has called pg_notify takes a database-wide lock while it commits, held until
-- its commit record is flushed. With a NOTIFY in every transfer, every transfer's commit waited
-- for the previous one's WAL flush: no group commit, and the ledger capped at one transfer per
-- fsync (ledger.uniform measured 824 transfers/s with the NOTIFY, 1,349 without).
--
-- One wake-up per group of concurrent inserts is enough: the transaction that gets the advisory
-- lock notifies; the others, running at the same time, skip it. Their rows are found by the
-- dispatcher's claim after that wake-up when they committed first, and otherwise by the next
-- wake-up or the dispatcher's regular poll (NotifySettings.pollInterval), which bounds the delay.
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The key pair is this function's own (classid 'outb', objid 1); held until the transaction ends.
    IF pg_try_advisory_xact_lock(1869903202, 1) THEN
        PERFORM pg_notify('outbox', '');
    END IF;
    RETURN NULL;
END;
$$;
