-- Refused unauthenticated requests (a forged or garbled callback, kept since V94 only as a 256-byte
-- sample with the body's size and SHA-256) are deleted after REFUSED_CALLBACKS_RETENTION (90 days
-- by default) by maintenance/Retention: their number is up to strangers, however slowly the
-- per-address refusal budget lets them grow. Accepted callbacks and authenticated refusals stay.
CREATE INDEX webhook_callbacks_unauthenticated ON webhook_callbacks (received_at) WHERE body_bytes IS NOT NULL;
