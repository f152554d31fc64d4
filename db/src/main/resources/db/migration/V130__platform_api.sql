-- The BizPro platform API (issue #19): BizPro's servers link BizPro accounts to BizCash users,
-- credit project earnings (one at a time or in batches) from a platform system account, and are
-- told about links through signed callbacks written to an outbox in the event's transaction.

-- BizPro's platform account: project earnings, refunds and bonuses paid into wallets come from it.
-- Like topup_clearing it goes negative, by the total BizPro has paid in.
INSERT INTO accounts (kind, code) VALUES ('system', 'system:platform_payouts');

-- One new transfer kind (the kinds of V92 plus 'platform_credit').
ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN
    ('topup_credit', 'p2p', 'withdrawal_hold', 'withdrawal_post', 'withdrawal_void',
     'suspense_receipt', 'suspense_credit', 'suspense_refund', 'suspense_reversal', 'topup_reversal',
     -- platform_payouts → a wallet (and, for the part over the balance cap, suspense)
     'platform_credit'));
ALTER TABLE transfers ADD CONSTRAINT transfers_platform_credit_party CHECK
    (kind <> 'platform_credit' OR (to_user_id IS NOT NULL AND from_user_id IS NULL));

-- Signatures accepted once (replay protection). A row lives as long as its timestamp could still
-- be accepted (5 minutes either side of the server's clock), then it is pruned.
CREATE TABLE platform_seen_signatures (
    signature   text        PRIMARY KEY,
    key_id      text        NOT NULL,
    -- The request's X-BizCash-Timestamp: the row can go once that is outside the window.
    signed_at   timestamptz NOT NULL,
    seen_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX platform_seen_signatures_signed_at ON platform_seen_signatures (signed_at);

-- A BizPro account linked to a BizCash user. At most one active link per BizPro account; a user
-- may link several BizPro accounts. Removing a link keeps the row (removed_at).
CREATE TABLE platform_links (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bizpro_user_id  text        NOT NULL CHECK (char_length(bizpro_user_id) BETWEEN 1 AND 64),
    user_id         bigint      NOT NULL REFERENCES users (id),
    display_name    text        NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    created_at      timestamptz NOT NULL DEFAULT now(),
    removed_at      timestamptz
);
CREATE UNIQUE INDEX platform_links_active ON platform_links (bizpro_user_id) WHERE removed_at IS NULL;
CREATE INDEX platform_links_user ON platform_links (user_id) WHERE removed_at IS NULL;

-- A link request: the one-time token of the deep link (stored as its SHA-256 only), until used or
-- expired. Kept: it is how BizCash knows a BizPro account it has been asked about.
CREATE TABLE platform_link_requests (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256    text        NOT NULL,
    bizpro_user_id  text        NOT NULL CHECK (char_length(bizpro_user_id) BETWEEN 1 AND 64),
    display_name    text        NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    used_by         bigint      REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT platform_link_requests_token_uq UNIQUE (token_sha256)
);
CREATE INDEX platform_link_requests_bizpro ON platform_link_requests (bizpro_user_id);

-- Every credit the platform asked for that moved money, by its idempotency key: a retry with the
-- same body (canonical JSON, SHA-256) answers this row; a different body is a conflict.
CREATE TABLE platform_credits (
    idempotency_key text        PRIMARY KEY CHECK (char_length(idempotency_key) BETWEEN 1 AND 100),
    body_sha256     text        NOT NULL,
    bizpro_user_id  text        NOT NULL,
    user_id         bigint      NOT NULL REFERENCES users (id),
    amount          bigint      NOT NULL CHECK (amount > 0),
    -- The part held in suspense because the wallet reached BALANCE_CAP (0 when all was credited).
    held            bigint      NOT NULL CHECK (held >= 0 AND held <= amount),
    receipt         text,
    reference       text,
    transfer_id     bigint      NOT NULL REFERENCES transfers (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT platform_credits_held_has_receipt CHECK ((held > 0) = (receipt IS NOT NULL))
);

-- What the platform account paid out per WIB day, for PLATFORM_CREDIT_DAILY_LIMIT. Written under
-- the platform account's row lock.
CREATE TABLE platform_credit_days (
    day      date   PRIMARY KEY,
    credited bigint NOT NULL CHECK (credited >= 0)
);

-- Signed callbacks to the platform, written in the transaction of their event and delivered at
-- least once (event_id for the platform to dedupe), with exponential back-off until a 2xx.
CREATE TABLE platform_callbacks (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text        NOT NULL,
    type            text        NOT NULL,
    -- The exact JSON sent (signed byte for byte on every attempt).
    body            text        NOT NULL,
    -- One callback per business event, however often the event is replayed.
    dedupe_key      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    CONSTRAINT platform_callbacks_event_uq UNIQUE (event_id),
    CONSTRAINT platform_callbacks_dedupe_uq UNIQUE (dedupe_key)
);
CREATE INDEX platform_callbacks_due ON platform_callbacks (next_attempt_at, id) WHERE status = 'pending';

-- A suspense reference like References.next("SUS"): SUS- and six characters of its alphabet.
CREATE FUNCTION platform_suspense_reference() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT 'SUS-' || string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + floor(random() * 30)::int, 1), '')
      FROM generate_series(1, 6)
$$;

-- A group of platform credits in one statement (and one transaction): row i answers request i
-- with the outcome it gets when the requests run one after another in array order. Locks the
-- accounts it touches in ascending id order (the global order), the platform account among them,
-- so credits serialize on the platform account and the daily total read here is exact; the
-- idempotency keys are read after the locks, so a twin that committed first is seen.
--
-- Outcomes: credited, held_over_cap (part or all of it in suspense), duplicate (the key was
-- credited with the same body), conflict (with another body), unknown_user (no link was ever
-- requested for this BizPro account), not_linked (known, but no active link), over_daily_limit.
CREATE FUNCTION platform_credit_batch(
    p_keys text[], p_hashes text[], p_bizpro text[], p_amounts bigint[], p_notes text[], p_refs text[],
    p_daily_limit bigint, p_cap bigint)
RETURNS TABLE (ord int, outcome text, transfer_id bigint, user_id bigint, credited bigint, held bigint,
               receipt text, balance_after bigint, reference text)
LANGUAGE plpgsql AS $$
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
    v_rows     int;
    v_tid      bigint;
    v_now      timestamptz;
    v_fit      bigint;
    v_held     bigint;
    v_receipt  text;
    v_wallet   bigint;
    v_user     bigint;
    v_wbal     bigint;
    v_chat     bigint;
    e          record;
BEGIN
    IF v_n = 0 THEN
        RETURN;
    END IF;
    SELECT a.id INTO v_platform FROM accounts a WHERE a.code = 'system:platform_payouts';
    SELECT a.id INTO v_suspense FROM accounts a WHERE a.code = 'system:unapplied_receipts';

    -- The active links named, and their wallets, the platform account and suspense locked in id order.
    CREATE TEMP TABLE IF NOT EXISTS platform_batch_links (bizpro text PRIMARY KEY, uid bigint) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS platform_batch_wallets (uid bigint PRIMARY KEY, account_id bigint, balance bigint)
        ON COMMIT DROP;
    TRUNCATE platform_batch_links, platform_batch_wallets;
    INSERT INTO platform_batch_links
    SELECT l.bizpro_user_id, l.user_id FROM platform_links l
     WHERE l.removed_at IS NULL AND l.bizpro_user_id = ANY (p_bizpro);
    SELECT count(*) INTO v_rows FROM (
        SELECT a.id FROM accounts a
         WHERE a.id IN (v_platform, v_suspense)
            OR (a.kind = 'user_available' AND a.user_id IN (SELECT b.uid FROM platform_batch_links b))
         ORDER BY a.id FOR UPDATE) s;
    -- A link removed while we waited for the locks no longer counts.
    DELETE FROM platform_batch_links b WHERE NOT EXISTS (
        SELECT 1 FROM platform_links l
         WHERE l.bizpro_user_id = b.bizpro AND l.user_id = b.uid AND l.removed_at IS NULL);
    INSERT INTO platform_batch_wallets
    SELECT a.user_id, a.id, a.balance FROM accounts a
     WHERE a.kind = 'user_available' AND a.user_id IN (SELECT b.uid FROM platform_batch_links b);
    SELECT a.balance INTO v_pbal FROM accounts a WHERE a.id = v_platform;
    SELECT a.balance INTO v_sbal FROM accounts a WHERE a.id = v_suspense;
    SELECT coalesce((SELECT d.credited FROM platform_credit_days d WHERE d.day = v_day), 0) INTO v_used;
    v_start := v_used;

    FOR i IN 1..v_n LOOP
        ord := i;
        transfer_id := NULL; user_id := NULL; credited := NULL; held := NULL; receipt := NULL;
        balance_after := NULL; reference := NULL;
        SELECT c.* INTO e FROM platform_credits c WHERE c.idempotency_key = p_keys[i];
        IF FOUND THEN
            outcome := CASE WHEN e.body_sha256 = p_hashes[i] THEN 'duplicate' ELSE 'conflict' END;
            transfer_id := e.transfer_id;
            IF outcome = 'duplicate' THEN
                user_id := e.user_id; credited := e.amount - e.held; held := e.held; receipt := e.receipt;
                reference := e.reference;
            END IF;
            RETURN NEXT;
            CONTINUE;
        END IF;
        SELECT w.uid, w.account_id, w.balance INTO v_user, v_wallet, v_wbal
          FROM platform_batch_links b JOIN platform_batch_wallets w ON w.uid = b.uid WHERE b.bizpro = p_bizpro[i];
        IF NOT FOUND THEN
            outcome := CASE WHEN EXISTS (SELECT 1 FROM platform_link_requests r WHERE r.bizpro_user_id = p_bizpro[i])
                              OR EXISTS (SELECT 1 FROM platform_links l WHERE l.bizpro_user_id = p_bizpro[i])
                            THEN 'not_linked' ELSE 'unknown_user' END;
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF p_daily_limit IS NOT NULL AND v_used + p_amounts[i] > p_daily_limit THEN
            outcome := 'over_daily_limit';
            RETURN NEXT;
            CONTINUE;
        END IF;
        v_fit := CASE WHEN p_cap IS NULL THEN p_amounts[i]
                      ELSE greatest(0, least(p_amounts[i], p_cap - v_wbal)) END;
        v_held := p_amounts[i] - v_fit;
        v_now := clock_timestamp();
        INSERT INTO transfers AS t (idempotency_key, request_hash, kind, amount, fee, to_user_id, reference, note,
                                    created_at)
        VALUES ('platform-credit:' || p_keys[i], p_hashes[i], 'platform_credit', p_amounts[i], 0, v_user,
                p_refs[i], p_notes[i], v_now)
        RETURNING t.id INTO v_tid;
        v_pbal := v_pbal - p_amounts[i];
        INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
        VALUES (v_tid, v_platform, -p_amounts[i], v_pbal, v_now);
        IF v_fit > 0 THEN
            v_wbal := v_wbal + v_fit;
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
            VALUES (v_tid, v_wallet, v_fit, v_wbal, v_now);
            UPDATE platform_batch_wallets w SET balance = v_wbal WHERE w.uid = v_user;
        END IF;
        v_receipt := NULL;
        IF v_held > 0 THEN
            v_sbal := v_sbal + v_held;
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
            VALUES (v_tid, v_suspense, v_held, v_sbal, v_now);
            LOOP
                INSERT INTO unapplied_receipts (reference, provider, provider_reference, amount, reason, user_id,
                                                receipt_transfer_id)
                VALUES (platform_suspense_reference(), 'bizpro', p_keys[i], v_held, 'over_cap', v_user, v_tid)
                ON CONFLICT ON CONSTRAINT unapplied_receipts_reference_uq DO NOTHING
                RETURNING unapplied_receipts.reference INTO v_receipt;
                EXIT WHEN v_receipt IS NOT NULL;
            END LOOP;
        END IF;
        INSERT INTO platform_credits (idempotency_key, body_sha256, bizpro_user_id, user_id, amount, held, receipt,
                                      reference, transfer_id, created_at)
        VALUES (p_keys[i], p_hashes[i], p_bizpro[i], v_user, p_amounts[i], v_held, v_receipt, p_refs[i], v_tid, v_now);
        SELECT u.telegram_id INTO v_chat FROM users u WHERE u.id = v_user;
        INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
        VALUES (v_chat, v_user, 'platform_credited',
                jsonb_build_object('amount', p_amounts[i], 'credited', v_fit, 'held', v_held,
                                   'receipt', coalesce(v_receipt, ''), 'note', coalesce(p_notes[i], ''),
                                   'reference', coalesce(p_refs[i], ''), 'balance', v_wbal),
                'platform-credit:' || p_keys[i])
        ON CONFLICT (dedupe_key) DO NOTHING;
        v_used := v_used + p_amounts[i];
        outcome := CASE WHEN v_held > 0 THEN 'held_over_cap' ELSE 'credited' END;
        transfer_id := v_tid; user_id := v_user; credited := v_fit; held := v_held; receipt := v_receipt;
        balance_after := v_wbal; reference := p_refs[i];
        RETURN NEXT;
    END LOOP;

    -- The balances the group left, once per account.
    UPDATE accounts a SET balance = w.balance FROM platform_batch_wallets w
     WHERE a.id = w.account_id AND a.balance <> w.balance;
    UPDATE accounts a SET balance = v_pbal WHERE a.id = v_platform AND a.balance <> v_pbal;
    UPDATE accounts a SET balance = v_sbal WHERE a.id = v_suspense AND a.balance <> v_sbal;
    IF v_used <> v_start THEN
        INSERT INTO platform_credit_days AS d (day, credited) VALUES (v_day, v_used)
        ON CONFLICT (day) DO UPDATE SET credited = EXCLUDED.credited;
    END IF;
END;
$$;
