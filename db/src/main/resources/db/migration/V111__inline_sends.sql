-- Issue #18: sending BizCash from any chat (Telegram inline mode). The sender confirms a card with
-- the PIN in the private chat; the money is then held in a system account until the first other
-- user claims it, or it returns to the sender (unclaimed after 24 h, or cancelled).

INSERT INTO accounts (kind, code) VALUES ('system', 'system:inline_held');

-- New transfer kinds: wallet → inline held, inline held → the claimer, inline held → the sender.
ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN
    ('topup_credit', 'p2p', 'withdrawal_hold', 'withdrawal_post', 'withdrawal_void',
     'suspense_receipt', 'suspense_credit', 'suspense_refund', 'suspense_reversal',
     'topup_reversal',
     'ppob_hold', 'ppob_post', 'ppob_void',
     'inline_hold', 'inline_claim', 'inline_return'));

-- A claim or a return resolves its hold, as a post or void resolves a withdrawal's: through
-- pending_id, whose unique index (transfers_one_resolution_per_hold) lets a hold be resolved once.
ALTER TABLE transfers DROP CONSTRAINT transfers_resolution_has_pending;
ALTER TABLE transfers ADD CONSTRAINT transfers_resolution_has_pending CHECK
    ((kind IN ('withdrawal_post', 'withdrawal_void', 'ppob_post', 'ppob_void', 'inline_claim', 'inline_return'))
     = (pending_id IS NOT NULL));

CREATE TABLE inline_sends (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Opaque: in the card's buttons and deep link; the reference people read is ILN-<code>.
    code                text        NOT NULL,
    sender_id           bigint      NOT NULL REFERENCES users (id),
    amount              bigint      NOT NULL,
    note                text        NOT NULL DEFAULT '',
    -- offered: shown as an inline result (nothing held); held: confirmed with the PIN, claimable;
    -- claimed / returned: resolved; withdrawn: an offer cancelled before it was confirmed.
    status              text        NOT NULL DEFAULT 'offered',
    inline_message_id   text,
    hold_transfer_id    bigint      REFERENCES transfers (id),
    resolve_transfer_id bigint      REFERENCES transfers (id),
    claimer_id          bigint      REFERENCES users (id),
    created_at          timestamptz NOT NULL,
    held_at             timestamptz,
    expires_at          timestamptz,
    closed_at           timestamptz,
    CONSTRAINT inline_sends_code_uq UNIQUE (code),
    CONSTRAINT inline_sends_code_form CHECK (code ~ '^[A-Za-z0-9]{8,32}$'),
    CONSTRAINT inline_sends_amount CHECK (amount > 0),
    CONSTRAINT inline_sends_note_length CHECK (char_length(note) <= 100),
    CONSTRAINT inline_sends_status CHECK (status IN ('offered', 'held', 'claimed', 'returned', 'withdrawn')),
    CONSTRAINT inline_sends_held_has_transfer CHECK ((status IN ('held', 'claimed', 'returned')) = (hold_transfer_id IS NOT NULL)),
    CONSTRAINT inline_sends_resolved_has_transfer CHECK ((status IN ('claimed', 'returned')) = (resolve_transfer_id IS NOT NULL)),
    CONSTRAINT inline_sends_claimed_has_claimer CHECK ((status = 'claimed') = (claimer_id IS NOT NULL)),
    CONSTRAINT inline_sends_not_to_self CHECK (claimer_id IS NULL OR claimer_id <> sender_id)
);
CREATE INDEX inline_sends_sender ON inline_sends (sender_id, id DESC);
CREATE INDEX inline_sends_due ON inline_sends (expires_at) WHERE status = 'held';
