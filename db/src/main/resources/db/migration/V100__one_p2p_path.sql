-- One P2P path (issue #13, item 6): every P2P transfer, a conversation's single one or a group
-- commit's many, is written by p2p_send_batch (a single transfer is a group of one). ledger_post
-- keeps the other kinds only.
--
-- ledger_post: same signature, outcomes, lock order and writes as V90 for every other kind. The
-- lock query for legs that are all wallets existed for P2P (no other kind has only wallet legs)
-- and is gone; a P2P request reaching it is a programming error and raises.
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
    IF p_kind = 'p2p' THEN
        RAISE EXCEPTION 'ledger_post: P2P transfers are written by p2p_send_batch only';
    END IF;
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

-- p2p_send_batch: as V91, except that a transfer from a wallet to itself answers 'same_account'
-- (it answered 'not_found', mirroring ledger_post's two legs on one account). The ledger answers
-- SameAccount before any SQL; this keeps the SQL's answer the same if it is reached, instead of
-- the V99 check (transfers_p2p_parties) raising. Outcomes: done, already_done, conflict,
-- insufficient, limit, not_found, same_account and daily_limit (balance = sent today, needed =
-- the limit). Row i answers request i (ord) exactly as if the requests had run one after another
-- in array order, each as a group of one: P2pGroupingEquivalenceTest checks this.
CREATE OR REPLACE FUNCTION p2p_send_batch(
    p_keys        text[],
    p_digests     text[],
    p_from        bigint[],
    p_to          bigint[],
    p_amounts     bigint[],
    p_notes       text[],
    p_cap         bigint,
    p_daily_limit bigint)
RETURNS TABLE (ord int, outcome text, transfer_id bigint, created_at timestamptz, balance bigint, needed bigint,
               detail text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_n          int := coalesce(array_length(p_keys, 1), 0);
    v_rows       int;
    -- The locked wallets (parallel arrays; only searched, so in no particular order).
    w_ids        bigint[];
    w_users      bigint[];
    w_bal        bigint[];
    -- Transfers already recorded under the group's keys.
    e_keys       text[];
    e_ids        bigint[];
    e_hashes     text[];
    e_created    timestamptz[];
    -- Senders' money out today, when limited.
    s_users      bigint[];
    s_used       bigint[];
    -- Each request's answer.
    r_outcome    text[] := array_fill(NULL::text, ARRAY[v_n]);
    r_tid        bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_created    timestamptz[] := array_fill(NULL::timestamptz, ARRAY[v_n]);
    r_balance    bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_needed     bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_detail     text[] := array_fill(NULL::text, ARRAY[v_n]);
    r_twin       int[] := array_fill(NULL::int, ARRAY[v_n]);
    -- The accepted requests, in request order.
    a_req        int[] := ARRAY[]::int[];
    a_keys       text[] := ARRAY[]::text[];
    a_digests    text[] := ARRAY[]::text[];
    a_from_acc   bigint[] := ARRAY[]::bigint[];
    a_to_acc     bigint[] := ARRAY[]::bigint[];
    a_from_after bigint[] := ARRAY[]::bigint[];
    a_to_after   bigint[] := ARRAY[]::bigint[];
    a_tids       bigint[];
    a_created    timestamptz[];
    pf           int;
    pt           int;
    ps           int;
    pe           int;
    pk           int;
BEGIN
    IF v_n = 0 THEN
        RETURN;
    END IF;

    IF p_daily_limit IS NOT NULL THEN
        -- NO KEY UPDATE: serializes each sender's money-out requests without blocking the
        -- foreign-key checks (KEY SHARE) of transfers to that user, which run under wallet locks.
        SELECT count(*) INTO v_rows
          FROM (SELECT u.id FROM users u WHERE u.id = ANY (p_from) ORDER BY u.id FOR NO KEY UPDATE) s;
    END IF;
    -- FOR UPDATE returns the latest committed version of each row: these are the balances locked.
    SELECT array_agg(s.id), array_agg(s.user_id), array_agg(s.balance) INTO w_ids, w_users, w_bal
      FROM (SELECT a.id, a.user_id, a.balance FROM accounts a
             WHERE a.kind = 'user_available' AND a.user_id = ANY (p_from || p_to)
             ORDER BY a.id FOR UPDATE) s;
    -- Checked after the locks, so a twin request that committed first is seen here.
    SELECT array_agg(t.idempotency_key), array_agg(t.id), array_agg(t.request_hash), array_agg(t.created_at)
      INTO e_keys, e_ids, e_hashes, e_created
      FROM transfers t WHERE t.idempotency_key = ANY (p_keys);
    IF p_daily_limit IS NOT NULL THEN
        SELECT array_agg(u.id), array_agg(money_out_today(u.id)) INTO s_users, s_used
          FROM (SELECT DISTINCT f.id FROM unnest(p_from) AS f (id)) u;
    END IF;

    -- The rules, request by request, on the balances as the earlier requests left them.
    FOR i IN 1..v_n LOOP
        pe := array_position(e_keys, p_keys[i]);
        pk := array_position(a_keys, p_keys[i]);   -- accepted earlier in this group
        -- The daily limit first; a retry of a recorded key is never refused.
        IF p_daily_limit IS NOT NULL AND pe IS NULL AND pk IS NULL THEN
            ps := array_position(s_users, p_from[i]);
            IF s_used[ps] + p_amounts[i] > p_daily_limit THEN
                r_outcome[i] := 'daily_limit';
                r_balance[i] := s_used[ps];
                r_needed[i] := p_daily_limit;
                CONTINUE;
            END IF;
        END IF;
        -- Then the wallets, the idempotency key, the wallet rules (ledger_post's order).
        pf := array_position(w_users, p_from[i]);
        IF pf IS NULL THEN
            r_outcome[i] := 'not_found';
            r_detail[i] := 'user ' || p_from[i];
            CONTINUE;
        END IF;
        pt := array_position(w_users, p_to[i]);
        IF pt IS NULL THEN
            r_outcome[i] := 'not_found';
            r_detail[i] := 'user ' || p_to[i];
            CONTINUE;
        END IF;
        IF pf = pt THEN
            r_outcome[i] := 'same_account';   -- sender and recipient are one wallet
            CONTINUE;
        END IF;
        IF pe IS NOT NULL THEN
            r_outcome[i] := CASE WHEN e_hashes[pe] = p_digests[i] THEN 'already_done' ELSE 'conflict' END;
            r_tid[i] := e_ids[pe];
            r_created[i] := e_created[pe];
            CONTINUE;
        END IF;
        IF pk IS NOT NULL THEN
            r_outcome[i] := CASE WHEN a_digests[pk] = p_digests[i] THEN 'already_done' ELSE 'conflict' END;
            r_twin[i] := pk;   -- its transfer id is known once the group's transfers are inserted
            CONTINUE;
        END IF;
        IF w_bal[pf] - p_amounts[i] < 0 THEN
            r_outcome[i] := 'insufficient';
            r_balance[i] := w_bal[pf];
            r_needed[i] := p_amounts[i];
            CONTINUE;
        END IF;
        IF p_cap IS NOT NULL AND w_bal[pt] + p_amounts[i] > p_cap THEN
            r_outcome[i] := 'limit';
            r_balance[i] := w_bal[pt] + p_amounts[i];
            r_needed[i] := p_cap;
            CONTINUE;
        END IF;
        w_bal[pf] := w_bal[pf] - p_amounts[i];
        w_bal[pt] := w_bal[pt] + p_amounts[i];
        IF p_daily_limit IS NOT NULL THEN
            s_used[ps] := s_used[ps] + p_amounts[i];
        END IF;
        r_outcome[i] := 'done';
        a_req := a_req || i;
        a_keys := a_keys || p_keys[i];
        a_digests := a_digests || p_digests[i];
        a_from_acc := a_from_acc || w_ids[pf];
        a_to_acc := a_to_acc || w_ids[pt];
        a_from_after := a_from_after || w_bal[pf];
        a_to_after := a_to_after || w_bal[pt];
    END LOOP;

    IF cardinality(a_req) > 0 THEN
        -- All writes in one statement. Transfers are inserted in request order, so their ids and
        -- clock_timestamp() (taken after the locks: per account, time order is commit order) grow
        -- in that order, and so do the entries'. A key that a concurrent transaction recorded
        -- since the check above fails the group (unique violation); the caller then writes each
        -- transfer alone, and that one answers already_done. The users in the notifications are
        -- read by scalar subqueries (an index probe each): as a join, the generic plan guessed
        -- 1,000 rows for the array and hashed the whole users table, twice per call.
        WITH ins AS (
            INSERT INTO transfers AS t (idempotency_key, request_hash, kind, amount, fee, from_user_id, to_user_id,
                                        note, created_at)
            SELECT p_keys[x.r], p_digests[x.r], 'p2p', p_amounts[x.r], 0, p_from[x.r], p_to[x.r], p_notes[x.r],
                   clock_timestamp()
              FROM unnest(a_req) WITH ORDINALITY AS x (r, o)
             ORDER BY x.o
            RETURNING t.id, t.idempotency_key, t.created_at
        ), acc AS (
            -- Accepted request o (request number r) and the transfer it became.
            SELECT k.o, k.r, ins.id, ins.created_at
              FROM unnest(a_req, a_keys) WITH ORDINALITY AS k (r, idem, o)
              JOIN ins ON ins.idempotency_key = k.idem
        ), moved AS (
            UPDATE accounts a SET balance = v.b
              FROM unnest(w_ids, w_bal) AS v (id, b)
             WHERE a.id = v.id AND a.balance <> v.b
        ), ent AS (
            -- Two entries per transfer, the sender's first (ledger_post's leg order).
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
            SELECT acc.id,
                   CASE WHEN l.leg = 1 THEN a_from_acc[acc.o] ELSE a_to_acc[acc.o] END,
                   CASE WHEN l.leg = 1 THEN -p_amounts[acc.r] ELSE p_amounts[acc.r] END,
                   CASE WHEN l.leg = 1 THEN a_from_after[acc.o] ELSE a_to_after[acc.o] END,
                   acc.created_at
              FROM acc CROSS JOIN (VALUES (1), (2)) AS l (leg)
             ORDER BY acc.o, l.leg
        ), notified AS (
            -- The recipients' notifications; the balance is the one this transfer left.
            INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
            SELECT (SELECT rcp.telegram_id FROM users rcp WHERE rcp.id = p_to[acc.r]),
                   p_to[acc.r],
                   'transfer_received',
                   jsonb_build_object(
                       'transfer_id', acc.id,
                       'from_user_id', p_from[acc.r],
                       'from', (SELECT coalesce('@' || s.username, trim(s.first_name || ' ' || coalesce(s.last_name, '')))
                                  FROM users s WHERE s.id = p_from[acc.r]),
                       'amount', p_amounts[acc.r],
                       'note', coalesce(p_notes[acc.r], ''),
                       'balance', a_to_after[acc.o]),
                   'transfer-received:' || acc.id
              FROM acc
             ORDER BY acc.o
            ON CONFLICT (dedupe_key) DO NOTHING
        )
        SELECT array_agg(acc.id ORDER BY acc.o), array_agg(acc.created_at ORDER BY acc.o) INTO a_tids, a_created
          FROM acc;

        FOR j IN 1..cardinality(a_req) LOOP
            r_tid[a_req[j]] := a_tids[j];
            r_created[a_req[j]] := a_created[j];
        END LOOP;
        FOR i IN 1..v_n LOOP
            IF r_twin[i] IS NOT NULL THEN
                r_tid[i] := a_tids[r_twin[i]];
                r_created[i] := a_created[r_twin[i]];
            END IF;
        END LOOP;
    END IF;

    FOR i IN 1..v_n LOOP
        ord := i;
        outcome := r_outcome[i];
        transfer_id := r_tid[i];
        created_at := r_created[i];
        balance := r_balance[i];
        needed := r_needed[i];
        detail := r_detail[i];
        RETURN NEXT;
    END LOOP;
END;
$$;
