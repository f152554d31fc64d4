-- The ledger's one write path as a server-side function: lock, idempotency, wallet rules and the
-- writes happen in one round trip instead of six. Java builds the legs and interprets the outcome;
-- this function is the only code that changes balances.
--
-- Legs: p_accounts[i] is an account id, or NULL for "the wallet of user p_leg_users[i]";
-- p_deltas[i] is the signed amount. Account ids must be distinct.
-- Outcomes: done | already_done | conflict (transfer_id = the existing transfer) |
-- insufficient (balance, needed) | limit (balance = the capped wallet's balance after, needed = cap) |
-- not_found (detail) | not_pending (transfer_id = the resolution).
CREATE FUNCTION ledger_post(
    p_key         text,
    p_digest      text,
    p_kind        text,
    p_amount      bigint,
    p_fee         bigint,
    p_from_user   bigint,
    p_to_user     bigint,
    p_reference   text,
    p_note        text,
    p_pending     bigint,
    p_accounts    bigint[],
    p_leg_users   bigint[],
    p_deltas      bigint[],
    p_capped_user bigint,
    p_cap         bigint)
RETURNS TABLE (outcome text, transfer_id bigint, created_at timestamptz, balance bigint, needed bigint, detail text)
LANGUAGE plpgsql AS $$
DECLARE
    v_n        int := coalesce(array_length(p_deltas, 1), 0);
    v_ids      bigint[] := p_accounts;
    v_new      bigint[] := ARRAY[]::bigint[];
    v_id       bigint;
    v_locked   int;
    v_balance  bigint;
    v_kind     text;
    v_after    bigint;
    v_tid      bigint;
    v_created  timestamptz;
    v_hash     text;
BEGIN
    IF v_n = 0 OR (SELECT sum(d) FROM unnest(p_deltas) AS d) <> 0 THEN
        RAISE EXCEPTION 'ledger_post: legs of % do not sum to zero', p_kind;
    END IF;
    FOR i IN 1..v_n LOOP
        IF v_ids[i] IS NULL THEN
            SELECT a.id INTO v_id FROM accounts a WHERE a.user_id = p_leg_users[i] AND a.kind = 'user_available';
            IF NOT FOUND THEN
                RETURN QUERY SELECT 'not_found', NULL::bigint, NULL::timestamptz, NULL::bigint, NULL::bigint,
                                    'user ' || p_leg_users[i];
                RETURN;
            END IF;
            v_ids[i] := v_id;
        END IF;
    END LOOP;

    -- Lock in ascending id order: the sort runs below the locking step, so every transaction
    -- takes its locks in one global order and none can wait in a cycle.
    SELECT count(*) INTO v_locked
      FROM (SELECT a.id FROM accounts a WHERE a.id = ANY (v_ids) ORDER BY a.id FOR UPDATE) s;
    IF v_locked <> v_n THEN
        RETURN QUERY SELECT 'not_found', NULL::bigint, NULL::timestamptz, NULL::bigint, NULL::bigint, 'account';
        RETURN;
    END IF;

    -- Checked after the locks, so a twin request that committed first is seen here.
    SELECT t.id, t.request_hash, t.created_at INTO v_tid, v_hash, v_created
      FROM transfers t WHERE t.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT CASE WHEN v_hash = p_digest THEN 'already_done' ELSE 'conflict' END,
                            v_tid, v_created, NULL::bigint, NULL::bigint, NULL::text;
        RETURN;
    END IF;
    IF p_pending IS NOT NULL THEN
        SELECT t.id, t.created_at INTO v_tid, v_created FROM transfers t WHERE t.pending_id = p_pending;
        IF FOUND THEN
            RETURN QUERY SELECT 'not_pending', v_tid, v_created, NULL::bigint, NULL::bigint, NULL::text;
            RETURN;
        END IF;
    END IF;

    FOR i IN 1..v_n LOOP
        SELECT a.balance, a.kind INTO v_balance, v_kind FROM accounts a WHERE a.id = v_ids[i];
        v_after := v_balance + p_deltas[i];
        IF v_kind = 'user_available' AND v_after < 0 THEN
            RETURN QUERY SELECT 'insufficient', NULL::bigint, NULL::timestamptz, v_balance, -p_deltas[i], NULL::text;
            RETURN;
        END IF;
        IF p_capped_user IS NOT NULL AND p_leg_users[i] = p_capped_user AND v_after > p_cap THEN
            RETURN QUERY SELECT 'limit', NULL::bigint, NULL::timestamptz, v_after, p_cap, NULL::text;
            RETURN;
        END IF;
        v_new := v_new || v_after;
    END LOOP;

    -- clock_timestamp(), taken after the locks: per account, time order is then commit order, so a
    -- statement period cut by time never splits a chain of balances out of order.
    INSERT INTO transfers AS t (idempotency_key, request_hash, kind, amount, fee, from_user_id, to_user_id,
                                reference, note, pending_id, created_at)
    VALUES (p_key, p_digest, p_kind, p_amount, p_fee, p_from_user, p_to_user, p_reference, p_note, p_pending,
            clock_timestamp())
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING t.id, t.created_at INTO v_tid, v_created;
    IF v_tid IS NULL THEN
        -- A twin with the same key on other accounts committed while we held our locks.
        SELECT t.id, t.request_hash, t.created_at INTO v_tid, v_hash, v_created
          FROM transfers t WHERE t.idempotency_key = p_key;
        RETURN QUERY SELECT CASE WHEN v_hash = p_digest THEN 'already_done' ELSE 'conflict' END,
                            v_tid, v_created, NULL::bigint, NULL::bigint, NULL::text;
        RETURN;
    END IF;

    UPDATE accounts a SET balance = v.b FROM unnest(v_ids, v_new) AS v (id, b) WHERE a.id = v.id;
    INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
    SELECT v_tid, v.id, v.d, v.b, v_created FROM unnest(v_ids, p_deltas, v_new) AS v (id, d, b);

    RETURN QUERY SELECT 'done', v_tid, v_created, NULL::bigint, NULL::bigint, NULL::text;
END;
$$;

-- Wake outbox dispatchers once per inserting statement; delivered only if the transaction commits.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
