-- Issue 12: an event delivered again with a different body, and refused requests that cost
-- storage.
--
-- json_sha256: SHA-256 (hex) of the body as canonical JSON (keys sorted, no whitespace, numbers
-- by value). A second delivery of an accepted event compares this one short value instead of
-- parsing the first body again, so "same JSON, different whitespace or key order" is a duplicate
-- and anything else is a conflict. NULL on rows stored before V94 (compared the slow way) and on
-- rows that were never parsed.
--
-- body_bytes / body_sha256: a request refused before it was authenticated is kept only as a
-- bounded record: raw_body holds its first 256 bytes, these two say how large the whole body was
-- and which body it was. Before V94 every refusal was stored whole: 50 forged requests of 60 KiB
-- stored 3 MB, so an unauthenticated stranger could fill the disk.
ALTER TABLE webhook_callbacks
    ADD COLUMN json_sha256 text,
    ADD COLUMN body_bytes  integer CHECK (body_bytes >= 0),
    ADD COLUMN body_sha256 text;

-- A conflicting delivery is stored once per distinct body: senders retry a 409, and a retry must
-- neither add a row nor alert the admins again.
CREATE UNIQUE INDEX webhook_callbacks_conflict_uq ON webhook_callbacks (provider, event_key, json_sha256)
    WHERE outcome = 'conflict';
