-- Issue #18: payment requests (/tagih) and payment links (/link, GET /pay/<id>).

-- A payment link is a top-up order of another kind: the same reference space (INV-…), unique
-- code, quarantine, payment routes and suspense rules, credited to the payee. Its payer pays
-- amount + unique code (no top-up fee); the fee column holds PAYLINK_FEE, taken from the credit.
ALTER TABLE topup_orders ADD COLUMN kind text NOT NULL DEFAULT 'topup';
ALTER TABLE topup_orders ADD CONSTRAINT topup_orders_kind CHECK (kind IN ('topup', 'paylink'));
ALTER TABLE topup_orders DROP CONSTRAINT topup_orders_total;
ALTER TABLE topup_orders ADD CONSTRAINT topup_orders_total CHECK (
    (kind = 'topup' AND total = amount + fee + unique_code)
    OR (kind = 'paylink' AND total = amount + unique_code AND fee < total));
CREATE INDEX topup_orders_open_topups ON topup_orders (user_id) WHERE status = 'open' AND kind = 'topup';

-- What a payment link adds to its order: the opaque id of its public page, the payee's note and,
-- once paid, the payer's name where the provider named one.
CREATE TABLE payment_links (
    order_id    bigint      PRIMARY KEY REFERENCES topup_orders (id),
    public_id   text        NOT NULL,
    note        text        NOT NULL DEFAULT '',
    payer_name  text,
    CONSTRAINT payment_links_public_id_uq UNIQUE (public_id),
    CONSTRAINT payment_links_public_id_form CHECK (public_id ~ '^[A-Za-z0-9_-]{16,64}$'),
    CONSTRAINT payment_links_note_length CHECK (char_length(note) <= 100),
    CONSTRAINT payment_links_payer_name_length CHECK (char_length(payer_name) <= 200)
);

-- A request for money from one user to another: paid at most once (by one P2P transfer).
CREATE TABLE payment_requests (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference     text        NOT NULL,
    requester_id  bigint      NOT NULL REFERENCES users (id),
    payer_id      bigint      NOT NULL REFERENCES users (id),
    amount        bigint      NOT NULL,
    note          text        NOT NULL DEFAULT '',
    status        text        NOT NULL DEFAULT 'open',
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    closed_at     timestamptz,
    transfer_id   bigint      REFERENCES transfers (id),
    CONSTRAINT payment_requests_reference_uq UNIQUE (reference),
    CONSTRAINT payment_requests_amount CHECK (amount > 0),
    CONSTRAINT payment_requests_note_length CHECK (char_length(note) <= 100),
    CONSTRAINT payment_requests_status CHECK (status IN ('open', 'paid', 'declined', 'cancelled', 'expired')),
    CONSTRAINT payment_requests_two_parties CHECK (requester_id <> payer_id),
    CONSTRAINT payment_requests_paid_has_transfer CHECK ((status = 'paid') = (transfer_id IS NOT NULL)),
    CONSTRAINT payment_requests_closed CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE UNIQUE INDEX payment_requests_transfer_uq ON payment_requests (transfer_id) WHERE transfer_id IS NOT NULL;
CREATE INDEX payment_requests_payer ON payment_requests (payer_id, id DESC);
CREATE INDEX payment_requests_requester ON payment_requests (requester_id, id DESC);
CREATE INDEX payment_requests_due ON payment_requests (expires_at) WHERE status = 'open';
