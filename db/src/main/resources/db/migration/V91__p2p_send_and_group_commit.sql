-- P2P transfers as database functions: one for a single transfer inside the caller's transaction
-- (the conversation's confirm step), one for a group of concurrent transfers committed together
-- (P2pTransfers' group commit). Both apply the same rules through the same code: the sender's
-- daily money-out limit, ledger_post, and the recipient's notification in the outbox.

-- What a user sent out today (WIB): transfers and withdrawal amounts, voided withdrawals excluded.
-- Database time, not the JVM's: transfers.created_at is database time, and instances agree on it.
CREATE FUNCTION money_out_today(p_user bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(t.amount), 0)::bigint
      FROM transfers t
     WHERE t.from_user_id = p_user AND t.kind IN ('p2p', 'withdrawal_hold')
       AND t.created_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta')
       AND NOT EXISTS (SELECT 1 FROM transfers v WHERE v.pending_id = t.id AND v.kind = 'withdrawal_void')
$$;

-- One P2P transfer in the caller's transaction. p_daily_limit NULL: no money-out limit.
-- Outcomes: those of ledger_post, and daily_limit (balance = sent today, needed = the limit).
CREATE FUNCTION p2p_send(
    p_key         text,
    p_digest      text,
    p_from        bigint,
    p_to          bigint,
    p_amount      bigint,
    p_note        text,
    p_cap         bigint,
    p_daily_limit bigint)
RETURNS TABLE (outcome text, transfer_id bigint, created_at timestamptz, balance bigint, needed bigint, detail text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    r      record;
    v_used bigint;
BEGIN
    IF p_daily_limit IS NOT NULL THEN
        -- The sender's row is locked first, so two concurrent transfers of one user cannot both pass
        -- a limit that only one of them fits. NO KEY UPDATE: it does not block the foreign-key
        -- checks (KEY SHARE) of transfers to this user, which run while their wallets are locked.
        PERFORM 1 FROM users u WHERE u.id = p_from FOR NO KEY UPDATE;
        -- A retry (its key already has a transfer) is never refused: it must return the first result.
        IF NOT EXISTS (SELECT 1 FROM transfers t WHERE t.idempotency_key = p_key) THEN
            SELECT money_out_today(p_from) INTO v_used;
            IF v_used + p_amount > p_daily_limit THEN
                outcome := 'daily_limit';
                balance := v_used;
                needed := p_daily_limit;
                RETURN NEXT;
                RETURN;
            END IF;
        END IF;
    END IF;

    SELECT * INTO r
      FROM ledger_post(p_key, p_digest, 'p2p', p_amount, 0, p_from, p_to, NULL, p_note, NULL,
                       ARRAY[NULL, NULL]::bigint[], ARRAY[p_from, p_to], ARRAY[-p_amount, p_amount], p_to, p_cap) l;

    IF r.outcome = 'done' THEN
        -- The recipient's new balance is the ledger's own result (leg 2 is the recipient's wallet).
        INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
        SELECT rcp.telegram_id, rcp.id, 'transfer_received',
               jsonb_build_object(
                   'transfer_id', r.transfer_id,
                   'from_user_id', s.id,
                   'from', coalesce('@' || s.username, trim(s.first_name || ' ' || coalesce(s.last_name, ''))),
                   'amount', p_amount,
                   'note', coalesce(p_note, ''),
                   'balance', r.balances_after[2]),
               'transfer-received:' || r.transfer_id
          FROM users rcp, users s
         WHERE rcp.id = p_to AND s.id = p_from
        ON CONFLICT (dedupe_key) DO NOTHING;
    END IF;

    outcome := r.outcome;
    transfer_id := r.transfer_id;
    created_at := r.created_at;
    balance := r.balance;
    needed := r.needed;
    detail := r.detail;
    RETURN NEXT;
END;
$$;

-- A group of P2P transfers in one transaction (one commit, one round trip). Row i answers request
-- i (ord); every request gets exactly the outcome it would get alone, in array order.
--
-- Everything the group touches is locked up front in the order every writer uses — senders' user
-- rows (when limits apply), then wallets, each in ascending id — so a group never waits for a row
-- while holding one that a single transfer or another group takes first: no deadlocks.
CREATE FUNCTION p2p_send_batch(
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
    r      record;
    v_n    int := coalesce(array_length(p_keys, 1), 0);
    v_rows int;
BEGIN
    IF p_daily_limit IS NOT NULL THEN
        SELECT count(*) INTO v_rows
          FROM (SELECT u.id FROM users u WHERE u.id = ANY (p_from) ORDER BY u.id FOR NO KEY UPDATE) s;
    END IF;
    SELECT count(*) INTO v_rows
      FROM (SELECT a.id FROM accounts a
             WHERE a.kind = 'user_available' AND (a.user_id = ANY (p_from) OR a.user_id = ANY (p_to))
             ORDER BY a.id FOR UPDATE) s;

    FOR i IN 1..v_n LOOP
        SELECT * INTO r
          FROM p2p_send(p_keys[i], p_digests[i], p_from[i], p_to[i], p_amounts[i], p_notes[i], p_cap,
                        p_daily_limit) p;
        ord := i;
        outcome := r.outcome;
        transfer_id := r.transfer_id;
        created_at := r.created_at;
        balance := r.balance;
        needed := r.needed;
        detail := r.detail;
        RETURN NEXT;
    END LOOP;
END;
$$;
