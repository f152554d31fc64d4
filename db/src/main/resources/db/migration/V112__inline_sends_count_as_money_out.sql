-- (Merged with issue #17's V101: PPOB purchases count too, refunded ones do not.)
-- Issue #18: money held for a send from a chat leaves the sender's wallet like a transfer, so it
-- counts towards the daily money-out limit (DAILY_MONEY_OUT); a send that came back unclaimed or
-- cancelled does not, as a voided withdrawal does not. Same one definition for p2p_send_batch and
-- for MoneyOutLimits, with the partial index its WHERE clause needs.
CREATE OR REPLACE FUNCTION money_out_today(p_user bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(t.amount), 0)::bigint
      FROM transfers t
     WHERE t.from_user_id = p_user AND t.kind IN ('p2p', 'withdrawal_hold', 'ppob_hold', 'inline_hold')
       AND t.created_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta')
       AND NOT EXISTS (SELECT 1 FROM transfers v WHERE v.pending_id = t.id AND v.kind IN ('withdrawal_void', 'ppob_void', 'inline_return'))
$$;

DROP INDEX transfers_money_out;
CREATE INDEX transfers_money_out ON transfers (from_user_id, created_at)
    WHERE kind IN ('p2p', 'withdrawal_hold', 'ppob_hold', 'inline_hold');
