-- Business objects around the ledger: top-up orders, saved bank accounts, withdrawals, and the
-- outbox of notifications written in the same transaction as the money they report.

CREATE TABLE topup_orders (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference     text        NOT NULL,
    user_id       bigint      NOT NULL REFERENCES users (id),
    amount        bigint      NOT NULL CHECK (amount > 0),
    fee           bigint      NOT NULL CHECK (fee >= 0),
    unique_code   bigint      NOT NULL CHECK (unique_code BETWEEN 0 AND 999),
    total         bigint      NOT NULL,
    status        text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'expired', 'cancelled')),
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    closed_at     timestamptz,
    -- Set when paid: the ledger transfer that credited it, and whether it came after expiry.
    transfer_id   bigint      REFERENCES transfers (id),
    paid_late     boolean     NOT NULL DEFAULT false,
    paid_via      text,
    payment_url   text,
    CONSTRAINT topup_orders_reference_uq UNIQUE (reference),
    CONSTRAINT topup_orders_total CHECK (total = amount + fee + unique_code),
    CONSTRAINT topup_orders_paid_has_transfer CHECK ((status = 'paid') = (transfer_id IS NOT NULL))
);
-- The unique code makes every open order's total distinct, so a bank mutation matches by amount.
CREATE UNIQUE INDEX topup_orders_open_total_uq ON topup_orders (total) WHERE status = 'open' AND unique_code > 0;
CREATE INDEX topup_orders_user ON topup_orders (user_id, id DESC);
CREATE INDEX topup_orders_due ON topup_orders (expires_at) WHERE status = 'open';

CREATE TABLE bank_accounts (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users (id),
    bank_code       text        NOT NULL,
    bank_name       text        NOT NULL,
    account_number  text        NOT NULL CHECK (account_number ~ '^[0-9]{6,20}$'),
    holder_name     text        NOT NULL CHECK (char_length(holder_name) BETWEEN 2 AND 100),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Removed accounts stay for the withdrawals that name them.
    removed_at      timestamptz
);
CREATE UNIQUE INDEX bank_accounts_active_uq ON bank_accounts (user_id, bank_code, account_number) WHERE removed_at IS NULL;

CREATE TABLE withdrawals (
    id                      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference               text        NOT NULL,
    user_id                 bigint      NOT NULL REFERENCES users (id),
    bank_account_id         bigint      NOT NULL REFERENCES bank_accounts (id),
    -- A copy of the destination as it was when the user confirmed.
    bank_code               text        NOT NULL,
    bank_name               text        NOT NULL,
    account_number          text        NOT NULL,
    holder_name             text        NOT NULL,
    amount                  bigint      NOT NULL CHECK (amount > 0),
    fee                     bigint      NOT NULL CHECK (fee >= 0),
    status                  text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
    due_date                date        NOT NULL,
    hold_transfer_id        bigint      NOT NULL REFERENCES transfers (id),
    resolution_transfer_id  bigint      REFERENCES transfers (id),
    payout_reference        text,
    failure_reason          text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    resolved_at             timestamptz,
    CONSTRAINT withdrawals_reference_uq UNIQUE (reference),
    CONSTRAINT withdrawals_hold_uq UNIQUE (hold_transfer_id),
    CONSTRAINT withdrawals_resolved CHECK ((status = 'pending') = (resolution_transfer_id IS NULL))
);
CREATE INDEX withdrawals_queue ON withdrawals (id) WHERE status = 'pending';
CREATE INDEX withdrawals_user ON withdrawals (user_id, id DESC);

CREATE TABLE outbox (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Telegram chat to deliver to (a private chat's id is the user's Telegram id).
    chat_id          bigint      NOT NULL,
    user_id          bigint      REFERENCES users (id),
    kind             text        NOT NULL,
    -- Parameters for the message template; rendered in the recipient's language when sent.
    params           jsonb       NOT NULL DEFAULT '{}',
    -- One notification per business event, however often the event is replayed.
    dedupe_key       text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'undeliverable')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    CONSTRAINT outbox_dedupe_uq UNIQUE (dedupe_key)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_chat_pending ON outbox (chat_id, id) WHERE status = 'pending';
