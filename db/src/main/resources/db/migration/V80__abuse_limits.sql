-- Abuse limits (issue 8).

-- One row per Telegram user: the current rate-limit window and how many updates arrived in it.
-- A row per user (not per window) needs no clean-up; the upsert restarts the count when a new
-- window begins. Exactly one update per window sees count = limit + 1: that one gets the warning.
CREATE TABLE update_rate (
    telegram_id   bigint      PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    updates       integer     NOT NULL CHECK (updates > 0)
);

-- The daily money-out sum reads a user's outgoing transfers of today.
CREATE INDEX transfers_money_out ON transfers (from_user_id, created_at)
    WHERE kind IN ('p2p', 'withdrawal_hold');
