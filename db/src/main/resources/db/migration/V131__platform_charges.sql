-- Charges (issue #19): BizPro asks a linked user to pay for a service; the user pays (PIN) or
-- declines in Telegram, or the charge expires; the platform is told by a signed callback.

-- One more transfer kind (V130's plus 'platform_charge': a wallet → platform_payouts).
ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN
    ('topup_credit', 'p2p', 'withdrawal_hold', 'withdrawal_post', 'withdrawal_void',
     'suspense_receipt', 'suspense_credit', 'suspense_refund', 'suspense_reversal', 'topup_reversal',
     'ppob_hold', 'ppob_post', 'ppob_void', 'inline_hold', 'inline_claim', 'inline_return',
     'platform_credit', 'platform_charge'));
ALTER TABLE transfers ADD CONSTRAINT transfers_platform_charge_party CHECK
    (kind <> 'platform_charge' OR (from_user_id IS NOT NULL AND to_user_id IS NULL));

CREATE TABLE platform_charges (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text        NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 100),
    body_sha256     text        NOT NULL,
    bizpro_user_id  text        NOT NULL,
    user_id         bigint      NOT NULL REFERENCES users (id),
    amount          bigint      NOT NULL CHECK (amount > 0),
    note            text        CHECK (note IS NULL OR char_length(note) <= 100),
    reference       text        CHECK (reference IS NULL OR char_length(reference) <= 100),
    expires_at      timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'declined', 'expired')),
    transfer_id     bigint      REFERENCES transfers (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    CONSTRAINT platform_charges_key_uq UNIQUE (idempotency_key),
    CONSTRAINT platform_charges_paid_has_transfer CHECK ((status = 'paid') = (transfer_id IS NOT NULL)),
    CONSTRAINT platform_charges_resolved CHECK ((status = 'pending') = (resolved_at IS NULL))
);
CREATE INDEX platform_charges_pending ON platform_charges (expires_at) WHERE status = 'pending';

-- Pays a pending charge from the user's wallet to the platform account, in the caller's
-- transaction (the caller holds the charge row's lock). Locks both accounts in ascending id order.
-- Answers 'paid' with the transfer id and the balance after, or 'insufficient' with the balance.
CREATE FUNCTION platform_charge_pay(p_charge bigint, p_key text)
RETURNS TABLE (outcome text, transfer_id bigint, balance_after bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    c          platform_charges%ROWTYPE;
    v_platform bigint;
    v_wallet   bigint;
    v_wbal     bigint;
    v_pbal     bigint;
    v_tid      bigint;
    v_now      timestamptz;
    v_rows     int;
BEGIN
    SELECT * INTO c FROM platform_charges WHERE id = p_charge;
    SELECT a.id INTO v_platform FROM accounts a WHERE a.code = 'system:platform_payouts';
    SELECT a.id INTO v_wallet FROM accounts a WHERE a.kind = 'user_available' AND a.user_id = c.user_id;
    SELECT count(*) INTO v_rows FROM (
        SELECT a.id FROM accounts a WHERE a.id IN (v_platform, v_wallet) ORDER BY a.id FOR UPDATE) s;
    SELECT a.balance INTO v_wbal FROM accounts a WHERE a.id = v_wallet;
    SELECT a.balance INTO v_pbal FROM accounts a WHERE a.id = v_platform;
    IF v_wbal < c.amount THEN
        outcome := 'insufficient'; balance_after := v_wbal;
        RETURN NEXT;
        RETURN;
    END IF;
    v_now := clock_timestamp();
    INSERT INTO transfers AS t (idempotency_key, request_hash, kind, amount, fee, from_user_id, reference, note,
                                created_at)
    VALUES (p_key, 'charge:' || c.id, 'platform_charge', c.amount, 0, c.user_id, c.reference, c.note, v_now)
    RETURNING t.id INTO v_tid;
    v_wbal := v_wbal - c.amount;
    v_pbal := v_pbal + c.amount;
    INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
    VALUES (v_tid, v_wallet, -c.amount, v_wbal, v_now), (v_tid, v_platform, c.amount, v_pbal, v_now);
    UPDATE accounts SET balance = v_wbal WHERE id = v_wallet;
    UPDATE accounts SET balance = v_pbal WHERE id = v_platform;
    UPDATE platform_charges SET status = 'paid', transfer_id = v_tid, resolved_at = v_now WHERE id = c.id;
    outcome := 'paid'; transfer_id := v_tid; balance_after := v_wbal;
    RETURN NEXT;
END;
$$;
