-- "Forgot PIN": a reset by cooling-off. A request locks money-out at once; after ready_at the
-- user may set a new PIN (twice, as usual), or cancel at any time before. One open request per
-- user. Rows are kept (a history of resets), like the PINs themselves.
CREATE TABLE pin_resets (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint      NOT NULL REFERENCES users (id),
    requested_at  timestamptz NOT NULL,
    ready_at      timestamptz NOT NULL,
    status        text        NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'cancelled', 'completed')),
    closed_at     timestamptz,
    -- Set once the "you may set a new PIN now" notification is queued in the outbox.
    ready_notified_at timestamptz,
    CONSTRAINT pin_resets_ready_after_request CHECK (ready_at >= requested_at),
    CONSTRAINT pin_resets_closed CHECK ((status = 'waiting') = (closed_at IS NULL))
);
CREATE UNIQUE INDEX pin_resets_one_open ON pin_resets (user_id) WHERE status = 'waiting';
CREATE INDEX pin_resets_to_notify ON pin_resets (ready_at) WHERE status = 'waiting' AND ready_notified_at IS NULL;
