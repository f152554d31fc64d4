-- Money that does not arrive the happy way. A payment that is confirmed but cannot be applied to a
-- wallet (a second payment for a paid order, an amount that does not match, a bank credit no order
-- claims, or the part of a top-up over the balance cap) is still money BizPro holds for someone:
-- it is booked into a suspense account for unapplied receipts, in the same transaction as the
-- callback that reported it, and an admin credits it to a wallet or refunds it. A gateway that
-- takes back a payment it had confirmed is answered with a reversal, and what the wallet no longer
-- holds blocks the user's money-out until an admin resolves it.

INSERT INTO accounts (kind, code) VALUES ('system', 'system:unapplied_receipts');

-- New transfer kinds (the CHECK named by PostgreSQL for V1's column constraint).
ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN
    ('topup_credit', 'p2p', 'withdrawal_hold', 'withdrawal_post', 'withdrawal_void',
     -- clearing → suspense: money received that no wallet can take now
     'suspense_receipt',
     -- suspense → a wallet (an admin's decision), → payouts_settled (sent back), → clearing (taken back)
     'suspense_credit', 'suspense_refund', 'suspense_reversal',
     -- a wallet (and fee revenue) → clearing: the gateway cancelled a payment that was credited
     'topup_reversal'));

-- Which payment paid an order (Midtrans transaction id, bank reference, Moota mutation id), so a
-- second, distinct payment is told apart from a repeat of the same one.
ALTER TABLE topup_orders ADD COLUMN paid_reference text;
-- Set when the gateway took the payment back after it was credited (the order stays 'paid': its
-- credit happened; the reversal is a transfer of its own).
ALTER TABLE topup_orders ADD COLUMN reversed_at timestamptz;

-- Quarantine: a closed order keeps its total reserved for TOPUP_TOTAL_QUARANTINE (7 days by
-- default), so a bank transfer that arrives late can only ever match its own order. The unique
-- index over reserved totals makes that hold under any interleaving of orders being created and
-- closed; the reservation of a closed order is released lazily once its quarantine has passed.
ALTER TABLE topup_orders ADD COLUMN total_reserved boolean NOT NULL DEFAULT true;
UPDATE topup_orders SET total_reserved = false WHERE status <> 'open';
-- Closed orders of the last 7 days keep their totals where no open order (and no other closed
-- order) claims the same total: before this migration closed totals could be reused.
UPDATE topup_orders o SET total_reserved = true
  FROM (SELECT DISTINCT ON (total) id FROM topup_orders c
         WHERE c.status <> 'open' AND c.unique_code > 0 AND c.closed_at > now() - interval '7 days'
           AND NOT EXISTS (SELECT 1 FROM topup_orders p
                            WHERE p.status = 'open' AND p.unique_code > 0 AND p.total = c.total)
         ORDER BY total, closed_at DESC) r
 WHERE o.id = r.id;
ALTER TABLE topup_orders ADD CONSTRAINT topup_orders_open_reserved CHECK (status <> 'open' OR total_reserved);
DROP INDEX topup_orders_open_total_uq;
CREATE UNIQUE INDEX topup_orders_reserved_total_uq ON topup_orders (total) WHERE total_reserved AND unique_code > 0;
CREATE INDEX topup_orders_reserved_closed ON topup_orders (closed_at) WHERE total_reserved AND status <> 'open';

-- Every receipt in suspense, with what is known about whose money it is. The open receipts'
-- amounts sum to the suspense account's balance (the reconciliation checks it).
CREATE TABLE unapplied_receipts (
    id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference              text        NOT NULL,
    provider               text        NOT NULL,
    -- The provider's id of the payment: Midtrans transaction id, bank reference, Moota mutation id.
    provider_reference     text,
    amount                 bigint      NOT NULL CHECK (amount > 0),
    reason                 text        NOT NULL CHECK (reason IN
                               ('second_payment', 'amount_mismatch', 'unmatched', 'ambiguous', 'over_cap')),
    callback_id            bigint      REFERENCES webhook_callbacks (id),
    order_id               bigint      REFERENCES topup_orders (id),
    user_id                bigint      REFERENCES users (id),
    -- The transfer that brought the money into suspense.
    receipt_transfer_id    bigint      NOT NULL REFERENCES transfers (id),
    status                 text        NOT NULL DEFAULT 'open'
                               CHECK (status IN ('open', 'credited', 'refunded', 'reversed')),
    resolution_transfer_id bigint      REFERENCES transfers (id),
    -- The admin's Telegram id, or NULL when the system resolved it (a gateway reversal).
    resolved_by            bigint,
    -- The bank reference of a refund, or why it was resolved so.
    resolution_note        text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    resolved_at            timestamptz,
    CONSTRAINT unapplied_receipts_reference_uq UNIQUE (reference),
    CONSTRAINT unapplied_receipts_resolved CHECK ((status = 'open') = (resolution_transfer_id IS NULL))
);
CREATE INDEX unapplied_receipts_open ON unapplied_receipts (id) WHERE status = 'open';
CREATE INDEX unapplied_receipts_provider_ref ON unapplied_receipts (provider, provider_reference);

-- A reversal the wallet could not cover blocks the user's money-out until an admin resolves it.
CREATE TABLE money_out_blocks (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users (id),
    -- The order whose payment was taken back.
    reference       text        NOT NULL,
    shortfall       bigint      NOT NULL CHECK (shortfall > 0),
    reason          text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    resolved_by     bigint,
    resolution_note text,
    CONSTRAINT money_out_blocks_once UNIQUE (reference)
);
CREATE INDEX money_out_blocks_open ON money_out_blocks (user_id) WHERE resolved_at IS NULL;
