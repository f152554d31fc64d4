-- PPOB (issue #17): pulsa, data, PLN tokens, e-money and bills bought from an H2H provider
-- (the Digiflazz buyer API), paid from the wallet in two phases like a withdrawal.
--
-- Ledger: a purchase holds its sell price from the wallet into system:ppob_in_flight (ppob_hold);
-- success posts it (ppob_post): the provider's price to system:ppob_provider_cost (what BizPro's
-- deposit at the provider paid) and the rest to system:ppob_margin; failure voids it (ppob_void):
-- the whole price back to the wallet. The partial unique index on transfers(pending_id) makes a
-- hold resolvable once, as for withdrawals.

INSERT INTO accounts (kind, code) VALUES
    ('system', 'system:ppob_in_flight'),     -- purchases held from wallets, provider answer pending
    ('system', 'system:ppob_provider_cost'), -- what succeeded purchases cost at the provider
    ('system', 'system:ppob_margin');        -- sell price minus provider cost of succeeded purchases

ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN
    ('topup_credit', 'p2p', 'withdrawal_hold', 'withdrawal_post', 'withdrawal_void',
     'suspense_receipt', 'suspense_credit', 'suspense_refund', 'suspense_reversal', 'topup_reversal',
     'ppob_hold', 'ppob_post', 'ppob_void'));

ALTER TABLE transfers DROP CONSTRAINT transfers_resolution_has_pending;
ALTER TABLE transfers ADD CONSTRAINT transfers_resolution_has_pending CHECK
    ((kind IN ('withdrawal_post', 'withdrawal_void', 'ppob_post', 'ppob_void')) = (pending_id IS NOT NULL));

-- PPOB purchases are money out: the daily limit counts them (voided ones excluded), like withdrawals.
DROP INDEX transfers_money_out;
CREATE INDEX transfers_money_out ON transfers (from_user_id, created_at)
    WHERE kind IN ('p2p', 'withdrawal_hold', 'ppob_hold');

CREATE OR REPLACE FUNCTION money_out_today(p_user bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(t.amount), 0)::bigint
      FROM transfers t
     WHERE t.from_user_id = p_user AND t.kind IN ('p2p', 'withdrawal_hold', 'ppob_hold')
       AND t.created_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta')
       AND NOT EXISTS (SELECT 1 FROM transfers v WHERE v.pending_id = t.id AND v.kind IN ('withdrawal_void', 'ppob_void'))
$$;

-- The provider's catalogue, synced from its price lists. Sell price = price + markup (computed by
-- the application from PPOB_MARKUP when shown and when bought, never stored as a decision).
CREATE TABLE ppob_products (
    sku               text        PRIMARY KEY,
    product_name      text        NOT NULL,
    category          text        NOT NULL,
    brand             text        NOT NULL,
    type              text        NOT NULL DEFAULT '',
    price             bigint      NOT NULL CHECK (price >= 0),
    postpaid          boolean     NOT NULL DEFAULT false,
    buyer_active      boolean     NOT NULL,
    seller_active     boolean     NOT NULL,
    unlimited_stock   boolean     NOT NULL,
    stock             bigint      NOT NULL DEFAULT 0,
    start_cut_off     text        NOT NULL DEFAULT '0:0',
    end_cut_off       text        NOT NULL DEFAULT '0:0',
    description       text        NOT NULL DEFAULT '',
    -- False once a sync no longer lists it.
    listed            boolean     NOT NULL DEFAULT true,
    synced_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ppob_products_brand ON ppob_products (category, brand) WHERE listed;

CREATE TABLE ppob_purchases (
    id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- PPOB-…: shown to the user and sent to the provider as ref_id (the provider's idempotency key).
    reference              text        NOT NULL UNIQUE,
    -- The confirmed action's key: a retried confirmation finds this purchase.
    idempotency_key        text        NOT NULL UNIQUE,
    user_id                bigint      NOT NULL REFERENCES users (id),
    sku                    text        NOT NULL,
    product_name           text        NOT NULL,
    category               text        NOT NULL,
    customer_no            text        NOT NULL,
    -- Held from the wallet.
    sell_price             bigint      NOT NULL CHECK (sell_price > 0),
    -- The provider price the sell price was computed from, sent as max_price.
    max_price              bigint      NOT NULL CHECK (max_price >= 0),
    status                 text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'success', 'failed')),
    hold_transfer_id       bigint      NOT NULL UNIQUE REFERENCES transfers (id),
    resolution_transfer_id bigint      REFERENCES transfers (id),
    provider_price         bigint,
    sn                     text,
    rc                     text,
    message                text,
    -- Who decided: provider (answer to the buy call or a re-ask), callback, admin.
    resolved_by            text,
    attempts               integer     NOT NULL DEFAULT 0,
    next_check_at          timestamptz NOT NULL DEFAULT now(),
    review_alerted_at      timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    resolved_at            timestamptz,
    CHECK ((status = 'pending') = (resolution_transfer_id IS NULL))
);
CREATE INDEX ppob_purchases_pending ON ppob_purchases (next_check_at) WHERE status = 'pending';
CREATE INDEX ppob_purchases_user ON ppob_purchases (user_id, id);

-- The provider deposit as last read, and whether the low-deposit alert was given for this dip.
CREATE TABLE ppob_state (
    id              integer     PRIMARY KEY CHECK (id = 1),
    deposit         bigint,
    deposit_read_at timestamptz,
    below_alerted   boolean     NOT NULL DEFAULT false
);
INSERT INTO ppob_state (id) VALUES (1);

-- Refused PPOB callbacks (bad signature, unreadable) are recorded like every other provider's.
ALTER TABLE webhook_callbacks DROP CONSTRAINT webhook_callbacks_provider_check;
ALTER TABLE webhook_callbacks ADD CONSTRAINT webhook_callbacks_provider_check
    CHECK (provider IN ('payments', 'midtrans', 'moota', 'payouts', 'ppob'));
