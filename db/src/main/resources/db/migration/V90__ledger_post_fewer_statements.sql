-- ledger_post, cheaper per call; same signature, outcomes, lock order and writes as V3.
--
-- A profile of ledger.uniform (perf, PostgreSQL 17) put 14% of the server's CPU in re-planning
-- the function's statements (the plan cache kept choosing custom plans for array parameters) and
-- much of the rest in starting and ending one executor per statement. So:
-- - generic plans always (the plans do not depend on the values: primary-key and unique lookups);
-- - one statement locks every account in ascending id order and reads the balances and owners
--   (it was: one lookup per wallet, the lock, one re-read per leg), with a plain index scan when
--   the legs are all wallets (P2P) or all named accounts;
-- - the zero-sum check and the outcome rows are plain PL/pgSQL, not queries;
-- - the balance update and the entries are one statement.
CREATE OR REPLACE FUNCTION ledger_post(
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
RETURNS TABLE (outcome text, transfer_id bigint, created_at timestamptz, balance bigint, needed bigint, detail text,
               balances_after bigint[])
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_n        int := coalesce(array_length(p_deltas, 1), 0);
    v_sum      bigint := 0;
    v_pos      int[] := ARRAY[]::int[];
    v_ids      bigint[] := ARRAY[]::bigint[];
    v_new      bigint[] := ARRAY[]::bigint[];
    l_ids      bigint[];
    l_balances bigint[];
    l_kinds    text[];
    l_users    bigint[];
    v_p        int;
    v_after    bigint;
    v_tid      bigint;
    v_created  timestamptz;
    v_hash     text;
BEGIN
    FOR i IN 1..v_n LOOP
        v_sum := v_sum + p_deltas[i];
    END LOOP;
    IF v_n = 0 OR v_sum IS DISTINCT FROM 0 THEN
        RAISE EXCEPTION 'ledger_post: legs of % do not sum to zero', p_kind;
    END IF;

    -- Lock in ascending id order: the sort runs below the locking step, so every transaction
    -- takes its locks in one global order and none can wait in a cycle. FOR UPDATE returns the
    -- latest committed version of each row, so the balances read here are the ones locked.
    -- The arrays are only searched (array_position), so their order does not matter; all four
    -- come from one pass over the same rows, so position k describes one account in each.
    IF array_position(p_accounts, NULL) IS NULL THEN
        SELECT array_agg(s.id), array_agg(s.balance), array_agg(s.kind), array_agg(s.user_id)
          INTO l_ids, l_balances, l_kinds, l_users
          FROM (SELECT a.id, a.balance, a.kind, a.user_id FROM accounts a
                 WHERE a.id = ANY (p_accounts) ORDER BY a.id FOR UPDATE) s;
    ELSIF array_position(p_leg_users, NULL) IS NULL THEN
        SELECT array_agg(s.id), array_agg(s.balance), array_agg(s.kind), array_agg(s.user_id)
          INTO l_ids, l_balances, l_kinds, l_users
          FROM (SELECT a.id, a.balance, a.kind, a.user_id FROM accounts a
                 WHERE a.kind = 'user_available' AND a.user_id = ANY (p_leg_users) ORDER BY a.id FOR UPDATE) s;
    ELSE
        SELECT array_agg(s.id), array_agg(s.balance), array_agg(s.kind), array_agg(s.user_id)
          INTO l_ids, l_balances, l_kinds, l_users
          FROM (SELECT a.id, a.balance, a.kind, a.user_id FROM accounts a
                 WHERE a.id = ANY (p_accounts) OR (a.kind = 'user_available' AND a.user_id = ANY (p_leg_users))
                 ORDER BY a.id FOR UPDATE) s;
    END IF;

    FOR i IN 1..v_n LOOP
        IF p_accounts[i] IS NOT NULL THEN
            v_p := array_position(l_ids, p_accounts[i]);
            IF v_p IS NULL THEN
                outcome := 'not_found';
                detail := 'account';
                RETURN NEXT;
                RETURN;
            END IF;
        ELSE
            v_p := array_position(l_users, p_leg_users[i]);
            IF v_p IS NULL OR l_kinds[v_p] <> 'user_available' THEN
                outcome := 'not_found';
                detail := 'user ' || p_leg_users[i];
                RETURN NEXT;
                RETURN;
            END IF;
        END IF;
        IF array_position(v_ids, l_ids[v_p]) IS NOT NULL THEN
            -- Two legs on one account (V3 answered this the same way).
            outcome := 'not_found';
            detail := 'account';
            RETURN NEXT;
            RETURN;
        END IF;
        v_pos := v_pos || v_p;
        v_ids := v_ids || l_ids[v_p];
    END LOOP;

    -- Checked after the locks, so a twin request that committed first is seen here.
    SELECT t.id, t.request_hash, t.created_at INTO v_tid, v_hash, v_created
      FROM transfers t WHERE t.idempotency_key = p_key;
    IF FOUND THEN
        outcome := CASE WHEN v_hash = p_digest THEN 'already_done' ELSE 'conflict' END;
        transfer_id := v_tid;
        created_at := v_created;
        RETURN NEXT;
        RETURN;
    END IF;
    IF p_pending IS NOT NULL THEN
        SELECT t.id, t.created_at INTO v_tid, v_created FROM transfers t WHERE t.pending_id = p_pending;
        IF FOUND THEN
            outcome := 'not_pending';
            transfer_id := v_tid;
            created_at := v_created;
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;

    FOR i IN 1..v_n LOOP
        v_after := l_balances[v_pos[i]] + p_deltas[i];
        IF l_kinds[v_pos[i]] = 'user_available' AND v_after < 0 THEN
            outcome := 'insufficient';
            balance := l_balances[v_pos[i]];
            needed := -p_deltas[i];
            RETURN NEXT;
            RETURN;
        END IF;
        IF p_capped_user IS NOT NULL AND p_leg_users[i] = p_capped_user AND v_after > p_cap THEN
            outcome := 'limit';
            balance := v_after;
            needed := p_cap;
            RETURN NEXT;
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
        outcome := CASE WHEN v_hash = p_digest THEN 'already_done' ELSE 'conflict' END;
        transfer_id := v_tid;
        created_at := v_created;
        RETURN NEXT;
        RETURN;
    END IF;

    WITH moved AS (
        UPDATE accounts a SET balance = v.b FROM unnest(v_ids, v_new) AS v (id, b) WHERE a.id = v.id
    )
    INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
    SELECT v_tid, v.id, v.d, v.b, v_created FROM unnest(v_ids, p_deltas, v_new) AS v (id, d, b);

    outcome := 'done';
    transfer_id := v_tid;
    created_at := v_created;
    balances_after := v_new;
    RETURN NEXT;
END;
$$;
