-- platform_credit_batch (V130) looked requests up with joins whose generic plans (the function
-- plans once per connection, force_generic_plan) expected ten rows of unnest(): a batch of 1,000
-- made a nested loop of a million comparisons to find each request's wallet, and a sequential scan
-- of platform_links with a 1,000-element ANY per row to learn whether each BizPro account was ever
-- asked about -- 250 of the statement's 280 ms. Now: one index probe per request (LATERAL), the
-- wallet's position found in the locked array, and the "ever asked about" check only for requests
-- without an active link, through an index on every link's BizPro id. Same outcomes, same locks.

CREATE INDEX platform_links_bizpro_any ON platform_links (bizpro_user_id);

CREATE OR REPLACE FUNCTION platform_credit_batch(
    p_keys text[], p_hashes text[], p_bizpro text[], p_amounts bigint[], p_notes text[], p_refs text[],
    p_daily_limit bigint, p_cap bigint)
RETURNS TABLE (ord int, outcome text, transfer_id bigint, user_id bigint, credited bigint, held bigint,
               receipt text, balance_after bigint, reference text)
LANGUAGE plpgsql
-- Like p2p_send_batch: plans are made once per connection (PlannerStatistics keeps them fresh).
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    v_n        int := coalesce(cardinality(p_keys), 0);
    v_platform bigint;
    v_suspense bigint;
    v_day      date := (now() AT TIME ZONE 'Asia/Jakarta')::date;
    v_used     bigint;
    v_start    bigint;
    v_pbal     bigint;
    v_sbal     bigint;
    v_locked   bigint[];
    -- The locked wallets (account, owner, balance as the group goes), in account id order.
    w_user     bigint[];
    w_acc      bigint[];
    w_bal      bigint[];
    -- Per request, looked up in one statement each before the loop (no search inside it):
    -- its wallet's index in w_* (NULL: no active link), the first request of the group with its
    -- key, whether its BizPro id was ever asked about, and the key's earlier record if any.
    x_uid      bigint[];
    x_wallet   int[];
    x_first    int[];
    x_known    boolean[];
    e_hash     text[];
    e_user     bigint[];
    e_amount   bigint[];
    e_held     bigint[];
    e_receipt  text[];
    e_ref      text[];
    e_tid      bigint[];
    -- Per request: the decision.
    r_outcome  text[] := array_fill(NULL::text, ARRAY[v_n]);
    r_user     bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_fit      bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_held     bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_wafter   bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_wacc     bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_pafter   bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_safter   bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_tid      bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    r_receipt  text[] := array_fill(NULL::text, ARRAY[v_n]);
    r_ref      text[] := array_fill(NULL::text, ARRAY[v_n]);
    r_twin     int[] := array_fill(NULL::int, ARRAY[v_n]);
    -- By first request of a key: the request of this group that recorded it.
    accepted   int[] := array_fill(NULL::int, ARRAY[v_n]);
    a_req      int[];
    a_tids     bigint[];
    a_receipts text[];
    pw         int;
    pk         int;
BEGIN
    IF v_n = 0 THEN
        RETURN;
    END IF;
    SELECT a.id INTO v_platform FROM accounts a WHERE a.code = 'system:platform_payouts';
    SELECT a.id INTO v_suspense FROM accounts a WHERE a.code = 'system:unapplied_receipts';

    -- Per request, the user of its active link: one index probe each (at most one active link per
    -- BizPro account). Whose wallets to lock.
    SELECT array_agg(l.user_id ORDER BY x.o) INTO x_uid
      FROM unnest(p_bizpro) WITH ORDINALITY AS x (b, o)
      LEFT JOIN LATERAL (SELECT l.user_id FROM platform_links l
                          WHERE l.removed_at IS NULL AND l.bizpro_user_id = x.b) l ON true;
    -- Lock those wallets, the platform account and suspense, in id order.
    SELECT array_agg(s.user_id) INTO v_locked FROM (
        SELECT a.id, a.user_id FROM accounts a
         WHERE a.id IN (v_platform, v_suspense)
            OR (a.kind = 'user_available' AND a.user_id = ANY (x_uid))
         ORDER BY a.id FOR UPDATE) s;
    SELECT array_agg(a.user_id ORDER BY a.id), array_agg(a.id ORDER BY a.id), array_agg(a.balance ORDER BY a.id)
      INTO w_user, w_acc, w_bal
      FROM accounts a WHERE a.kind = 'user_available' AND a.user_id = ANY (v_locked);
    SELECT a.balance INTO v_pbal FROM accounts a WHERE a.id = v_platform;
    SELECT a.balance INTO v_sbal FROM accounts a WHERE a.id = v_suspense;
    SELECT coalesce((SELECT d.credited FROM platform_credit_days d WHERE d.day = v_day), 0) INTO v_used;
    v_start := v_used;
    -- Links read again after the locks: one removed meanwhile no longer counts; one added meanwhile
    -- (its wallet not locked) is left out and answers not_linked.
    SELECT array_agg(array_position(w_user, l.user_id) ORDER BY x.o)::int[] INTO x_wallet
      FROM unnest(p_bizpro) WITH ORDINALITY AS x (b, o)
      LEFT JOIN LATERAL (SELECT l.user_id FROM platform_links l
                          WHERE l.removed_at IS NULL AND l.bizpro_user_id = x.b) l ON true;
    SELECT array_agg(f.first ORDER BY f.o)::int[] INTO x_first
      FROM (SELECT u.o, min(u.o) OVER (PARTITION BY u.k) AS first
              FROM unnest(p_keys) WITH ORDINALITY AS u (k, o)) f;
    -- Whether a BizPro account without an active link was ever asked about: only for those.
    IF array_position(x_wallet, NULL) IS NOT NULL THEN
        SELECT array_agg(x.w IS NOT NULL
                         OR EXISTS (SELECT 1 FROM platform_link_requests r WHERE r.bizpro_user_id = x.b)
                         OR EXISTS (SELECT 1 FROM platform_links l WHERE l.bizpro_user_id = x.b)
                         ORDER BY x.o)
          INTO x_known
          FROM unnest(p_bizpro, x_wallet) WITH ORDINALITY AS x (b, w, o);
    END IF;
    -- Checked after the locks, so a twin request that committed first is seen here.
    SELECT array_agg(c.body_sha256 ORDER BY x.o), array_agg(c.user_id ORDER BY x.o), array_agg(c.amount ORDER BY x.o),
           array_agg(c.held ORDER BY x.o), array_agg(c.receipt ORDER BY x.o), array_agg(c.reference ORDER BY x.o),
           array_agg(c.transfer_id ORDER BY x.o)
      INTO e_hash, e_user, e_amount, e_held, e_receipt, e_ref, e_tid
      FROM unnest(p_keys) WITH ORDINALITY AS x (k, o)
      LEFT JOIN platform_credits c ON c.idempotency_key = x.k;

    -- The rules, request by request, in memory.
    FOR i IN 1..v_n LOOP
        IF e_hash[i] IS NOT NULL THEN
            IF e_hash[i] = p_hashes[i] THEN
                r_outcome[i] := 'duplicate';
                r_user[i] := e_user[i]; r_fit[i] := e_amount[i] - e_held[i]; r_held[i] := e_held[i];
                r_receipt[i] := e_receipt[i]; r_ref[i] := e_ref[i];
            ELSE
                r_outcome[i] := 'conflict';
            END IF;
            r_tid[i] := e_tid[i];
            CONTINUE;
        END IF;
        pk := accepted[x_first[i]];   -- recorded earlier in this group
        IF pk IS NOT NULL THEN
            IF p_hashes[pk] = p_hashes[i] THEN
                r_outcome[i] := 'duplicate';
                r_user[i] := r_user[pk]; r_fit[i] := r_fit[pk]; r_held[i] := r_held[pk]; r_ref[i] := p_refs[pk];
            ELSE
                r_outcome[i] := 'conflict';
            END IF;
            r_twin[i] := pk;   -- its transfer and receipt are known after the writes
            CONTINUE;
        END IF;
        pw := x_wallet[i];
        IF pw IS NULL THEN
            r_outcome[i] := CASE WHEN x_known[i] THEN 'not_linked' ELSE 'unknown_user' END;
            CONTINUE;
        END IF;
        IF p_daily_limit IS NOT NULL AND v_used + p_amounts[i] > p_daily_limit THEN
            r_outcome[i] := 'over_daily_limit';
            CONTINUE;
        END IF;
        r_user[i] := w_user[pw];
        r_wacc[i] := w_acc[pw];
        r_fit[i] := CASE WHEN p_cap IS NULL THEN p_amounts[i]
                         ELSE greatest(0, least(p_amounts[i], p_cap - w_bal[pw])) END;
        r_held[i] := p_amounts[i] - r_fit[i];
        w_bal[pw] := w_bal[pw] + r_fit[i];
        r_wafter[i] := w_bal[pw];
        r_ref[i] := p_refs[i];
        v_pbal := v_pbal - p_amounts[i];
        v_sbal := v_sbal + r_held[i];
        v_used := v_used + p_amounts[i];
        r_pafter[i] := v_pbal;
        r_safter[i] := v_sbal;
        r_outcome[i] := CASE WHEN r_held[i] > 0 THEN 'held_over_cap' ELSE 'credited' END;
        accepted[x_first[i]] := i;
    END LOOP;
    SELECT array_agg(i ORDER BY i) INTO a_req FROM generate_series(1, v_n) AS i
     WHERE r_outcome[i] IN ('credited', 'held_over_cap');

    IF a_req IS NOT NULL THEN
        -- All writes, one statement per table. Transfers are inserted in request order, so their
        -- ids and clock_timestamp() grow in that order, and so do the entries'. A key recorded by
        -- a concurrent transaction since the check fails the group (unique violation); the caller
        -- then writes each credit alone. So does the rare clash of a random suspense reference.
        WITH ins AS (
            INSERT INTO transfers AS t (idempotency_key, request_hash, kind, amount, fee, to_user_id, reference, note,
                                        created_at)
            SELECT 'platform-credit:' || p_keys[x.r], p_hashes[x.r], 'platform_credit', p_amounts[x.r], 0,
                   r_user[x.r], p_refs[x.r], p_notes[x.r], clock_timestamp()
              FROM unnest(a_req) WITH ORDINALITY AS x (r, o)
             ORDER BY x.o
            RETURNING t.id, t.idempotency_key, t.created_at
        ), acc AS (
            SELECT k.o, k.r, ins.id, ins.created_at,
                   CASE WHEN r_held[k.r] > 0 THEN platform_suspense_reference() END AS receipt
              FROM unnest(a_req) WITH ORDINALITY AS k (r, o)
              JOIN ins ON ins.idempotency_key = 'platform-credit:' || p_keys[k.r]
        ), ent AS (
            -- The platform's leg, the wallet's (when anything fit) and suspense's (when anything was held).
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
            SELECT acc.id,
                   CASE l.leg WHEN 1 THEN v_platform WHEN 2 THEN r_wacc[acc.r] ELSE v_suspense END,
                   CASE l.leg WHEN 1 THEN -p_amounts[acc.r] WHEN 2 THEN r_fit[acc.r] ELSE r_held[acc.r] END,
                   CASE l.leg WHEN 1 THEN r_pafter[acc.r] WHEN 2 THEN r_wafter[acc.r] ELSE r_safter[acc.r] END,
                   acc.created_at
              FROM acc CROSS JOIN (VALUES (1), (2), (3)) AS l (leg)
             WHERE l.leg = 1 OR (l.leg = 2 AND r_fit[acc.r] > 0) OR (l.leg = 3 AND r_held[acc.r] > 0)
             ORDER BY acc.o, l.leg
        ), rec AS (
            INSERT INTO unapplied_receipts (reference, provider, provider_reference, amount, reason, user_id,
                                            receipt_transfer_id, created_at)
            SELECT acc.receipt, 'bizpro', p_keys[acc.r], r_held[acc.r], 'over_cap', r_user[acc.r], acc.id, acc.created_at
              FROM acc WHERE acc.receipt IS NOT NULL
             ORDER BY acc.o
        ), cr AS (
            INSERT INTO platform_credits (idempotency_key, body_sha256, bizpro_user_id, user_id, amount, held, receipt,
                                          reference, transfer_id, created_at)
            SELECT p_keys[acc.r], p_hashes[acc.r], p_bizpro[acc.r], r_user[acc.r], p_amounts[acc.r], r_held[acc.r],
                   acc.receipt, p_refs[acc.r], acc.id, acc.created_at
              FROM acc ORDER BY acc.o
        ), notified AS (
            -- The users' notifications; the balance is the one this credit left. The chat is read
            -- by a scalar subquery (an index probe), as in p2p_send_batch.
            INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
            SELECT (SELECT u.telegram_id FROM users u WHERE u.id = r_user[acc.r]),
                   r_user[acc.r],
                   'platform_credited',
                   jsonb_build_object('amount', p_amounts[acc.r], 'credited', r_fit[acc.r], 'held', r_held[acc.r],
                                      'receipt', coalesce(acc.receipt, ''), 'note', coalesce(p_notes[acc.r], ''),
                                      'reference', coalesce(p_refs[acc.r], ''), 'balance', r_wafter[acc.r]),
                   'platform-credit:' || p_keys[acc.r]
              FROM acc ORDER BY acc.o
            ON CONFLICT (dedupe_key) DO NOTHING
        )
        SELECT array_agg(acc.id ORDER BY acc.o), array_agg(acc.receipt ORDER BY acc.o) INTO a_tids, a_receipts
          FROM acc;

        FOR j IN 1..cardinality(a_req) LOOP
            r_tid[a_req[j]] := a_tids[j];
            r_receipt[a_req[j]] := a_receipts[j];
        END LOOP;
        FOR i IN 1..v_n LOOP
            IF r_twin[i] IS NOT NULL THEN
                r_tid[i] := r_tid[r_twin[i]];
                IF r_outcome[i] = 'duplicate' THEN
                    r_receipt[i] := r_receipt[r_twin[i]];
                END IF;
            END IF;
        END LOOP;

        -- The balances the group left, once per account.
        UPDATE accounts a SET balance = v.b FROM unnest(w_acc, w_bal) AS v (id, b)
         WHERE a.id = v.id AND a.balance <> v.b;
        UPDATE accounts a SET balance = v_pbal WHERE a.id = v_platform;
        UPDATE accounts a SET balance = v_sbal WHERE a.id = v_suspense AND a.balance <> v_sbal;
        INSERT INTO platform_credit_days AS d (day, credited) VALUES (v_day, v_used)
        ON CONFLICT (day) DO UPDATE SET credited = EXCLUDED.credited;
    END IF;

    FOR i IN 1..v_n LOOP
        ord := i;
        outcome := r_outcome[i];
        transfer_id := r_tid[i];
        user_id := r_user[i];
        credited := r_fit[i];
        held := r_held[i];
        receipt := r_receipt[i];
        balance_after := r_wafter[i];
        reference := r_ref[i];
        RETURN NEXT;
    END LOOP;
END;
$$;
