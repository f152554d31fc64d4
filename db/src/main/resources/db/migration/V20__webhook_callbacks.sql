-- Every callback from a bank, gateway or payout provider, stored before it is acted on. An
-- accepted callback is written in the same transaction as its effect, so "stored" and "credited"
-- commit together or not at all; a refused one (bad signature, malformed, unknown order) is kept
-- in a transaction of its own for the record and never blocks a later valid delivery.

CREATE TABLE webhook_callbacks (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider         text        NOT NULL CHECK (provider IN ('payments', 'midtrans', 'moota', 'payouts')),
    -- The provider's id of the event (event_id, transaction id + status, mutation id); NULL when
    -- the body could not be read far enough to find one.
    event_key        text,
    -- True while the callback is (being) accepted: one accepted row per provider and event.
    accepted         boolean     NOT NULL DEFAULT true,
    raw_body         text        NOT NULL,
    headers          jsonb       NOT NULL DEFAULT '{}',
    received_at      timestamptz NOT NULL DEFAULT now(),
    -- 'received' until the handler finishes in the same transaction; then what happened.
    outcome          text        NOT NULL DEFAULT 'received',
    http_status      integer,
    error            text,
    -- What the callback was about: a TOP-/WD- reference, and the amount it reported (rupiah).
    subject          text,
    amount           bigint,
    -- Money we could not match to an order or that disagrees with it: an admin must look.
    needs_review     boolean     NOT NULL DEFAULT false,
    resolved_at      timestamptz,
    resolved_by      bigint,
    resolution_note  text,
    CONSTRAINT webhook_callbacks_review CHECK (resolved_at IS NULL OR needs_review)
);
CREATE UNIQUE INDEX webhook_callbacks_event_uq ON webhook_callbacks (provider, event_key) WHERE accepted;
CREATE INDEX webhook_callbacks_review ON webhook_callbacks (id) WHERE needs_review AND resolved_at IS NULL;
CREATE INDEX webhook_callbacks_subject ON webhook_callbacks (subject) WHERE subject IS NOT NULL;
