-- Rules that only the code checked, now in the schema as well (issue #13).

-- A P2P transfer names both parties, and they are different people. (The ledger answers
-- SameAccount before any SQL; this is the last line, not the first.)
ALTER TABLE transfers ADD CONSTRAINT transfers_p2p_parties CHECK
    (kind <> 'p2p' OR (from_user_id IS NOT NULL AND to_user_id IS NOT NULL AND from_user_id <> to_user_id));

-- The entries of a transfer sum to zero. Entries are written after their transfer, in the same
-- transaction, so the check waits for the commit: a deferred constraint trigger, once per
-- transfer (not per entry), reading the transfer's entries through entries_transfer.
CREATE FUNCTION ledger_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    n     int;
BEGIN
    SELECT coalesce(sum(amount), 0), count(*) INTO total, n FROM entries WHERE transfer_id = NEW.id;
    IF total <> 0 OR n < 2 THEN
        RAISE EXCEPTION 'the % entries of transfer % (%) sum to %, not zero', n, NEW.id, NEW.kind, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER transfers_entries_sum_to_zero AFTER INSERT ON transfers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transfer_balanced();
