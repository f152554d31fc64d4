-- Conversations in Telegram: which updates were handled, where each chat stands in its flow, the
-- confirm buttons waiting for a tap, and money-out PINs.

-- Telegram redelivers updates (after a crash, or a webhook retry): an update id seen once is skipped.
CREATE TABLE processed_updates (
    update_id    bigint      PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per private chat. The row is locked (SELECT … FOR UPDATE) for the whole handling of an
-- update, so that two updates of one chat never interleave, even across processes.
CREATE TABLE conversations (
    chat_id    bigint      PRIMARY KEY,
    -- The flow step the chat is in, as JSON with a type name; NULL when no flow is running.
    state      jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Groups we already told, once, to chat with the bot privately.
CREATE TABLE group_notices (
    chat_id     bigint      PRIMARY KEY,
    notified_at timestamptz NOT NULL DEFAULT now()
);

-- An action the user is asked to confirm with a button that carries this row's id. Its id is also
-- the idempotency key of the money move, so a double tap or an old button moves money at most once.
CREATE TABLE pending_actions (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id),
    kind        text        NOT NULL,
    payload     jsonb       NOT NULL,
    status      text        NOT NULL DEFAULT 'PENDING'
                            CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    resolved_at timestamptz
);
CREATE INDEX pending_actions_user ON pending_actions (user_id, id);

-- The money-out PIN: a PBKDF2 hash with its own salt, never the PIN itself.
CREATE TABLE user_pins (
    user_id         bigint      PRIMARY KEY REFERENCES users (id),
    hash            bytea       NOT NULL,
    salt            bytea       NOT NULL,
    iterations      integer     NOT NULL CHECK (iterations >= 100000),
    failed_attempts integer     NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
