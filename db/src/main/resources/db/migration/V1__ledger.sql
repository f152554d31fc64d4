-- The money core: users, accounts, immutable transfers and their entries (double entry).
-- Amounts are whole rupiah in bigint. Rules the ledger must never break are CHECK constraints,
-- so that no bug in application code can store them.

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    telegram_id     bigint      NOT NULL,
    username        text,
    first_name      text        NOT NULL DEFAULT '',
    last_name       text,
    telegram_language text,
    -- The language the bot speaks to this user: from Telegram at first, then /language.
    language        text        NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_telegram_id_uq UNIQUE (telegram_id),
    CONSTRAINT users_username_format CHECK (username IS NULL OR username ~ '^[A-Za-z0-9_]{1,64}$')
);
-- Telegram usernames are unique at any moment but can move between accounts; lookups go by
-- lower(username) and the registration code clears a username taken over by someone else.
CREATE UNIQUE INDEX users_username_lower_uq ON users (lower(username)) WHERE username IS NOT NULL;
CREATE INDEX users_name_search ON users (lower(first_name || ' ' || coalesce(last_name, '')) text_pattern_ops);

CREATE TABLE accounts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'user_available': a user's spendable wallet; 'system': BizPro's own books.
    kind        text        NOT NULL CHECK (kind IN ('user_available', 'system')),
    code        text        NOT NULL,
    user_id     bigint      REFERENCES users (id),
    balance     bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_code_uq UNIQUE (code),
    CONSTRAINT accounts_user_has_owner CHECK ((kind = 'user_available') = (user_id IS NOT NULL)),
    -- The rule users trust us with: a wallet never goes below zero.
    CONSTRAINT accounts_wallet_not_negative CHECK (kind <> 'user_available' OR balance >= 0)
);
CREATE UNIQUE INDEX accounts_one_wallet_per_user ON accounts (user_id) WHERE kind = 'user_available';

-- System accounts. Signs: money entering BizCash from outside is taken from a clearing account
-- (which goes negative); money that left to banks accumulates in payouts_settled. The sum of all
-- balances is always zero.
INSERT INTO accounts (kind, code)
SELECT 'system', code FROM (VALUES
    ('system:topup_clearing'),     -- bank transfers and gateway payments received
    ('system:fee_revenue'),        -- top-up and withdrawal fees earned
    ('system:payouts_in_flight'),  -- withdrawals held, not yet paid out
    ('system:payouts_settled')     -- withdrawals paid out to users' banks
) AS s (code);

CREATE TABLE transfers (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Chosen by the caller (webhook event, order reference, confirmed action id): a retry with the
    -- same key returns the first result instead of moving money again.
    idempotency_key  text        NOT NULL,
    -- A digest of the request; the same key with a different request is a conflict.
    request_hash     text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN
                        ('topup_credit', 'p2p', 'withdrawal_hold', 'withdrawal_post', 'withdrawal_void')),
    amount           bigint      NOT NULL CHECK (amount > 0),
    fee              bigint      NOT NULL DEFAULT 0 CHECK (fee >= 0),
    from_user_id     bigint      REFERENCES users (id),
    to_user_id       bigint      REFERENCES users (id),
    reference        text,
    note             text        CHECK (note IS NULL OR char_length(note) <= 100),
    -- For withdrawal_post / withdrawal_void: the hold they resolve.
    pending_id       bigint      REFERENCES transfers (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT transfers_idempotency_key_uq UNIQUE (idempotency_key),
    CONSTRAINT transfers_resolution_has_pending CHECK
        ((kind IN ('withdrawal_post', 'withdrawal_void')) = (pending_id IS NOT NULL))
);
-- A hold is resolved (posted or voided) at most once, whatever the callers do.
CREATE UNIQUE INDEX transfers_one_resolution_per_hold ON transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX transfers_reference ON transfers (reference) WHERE reference IS NOT NULL;

CREATE TABLE entries (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transfer_id   bigint      NOT NULL REFERENCES transfers (id),
    account_id    bigint      NOT NULL REFERENCES accounts (id),
    amount        bigint      NOT NULL CHECK (amount <> 0),
    balance_after bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entries_account_history ON entries (account_id, id);
CREATE INDEX entries_transfer ON entries (transfer_id);

-- Transfers and entries are facts: corrections are new transfers, never edits.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are immutable (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER transfers_immutable BEFORE UPDATE OR DELETE ON transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER entries_immutable BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
