-- The notification dispatcher prunes delivered and undeliverable rows after a retention period;
-- this partial index keeps that periodic DELETE from scanning the whole outbox.
CREATE INDEX outbox_finished ON outbox (created_at) WHERE status <> 'pending';
