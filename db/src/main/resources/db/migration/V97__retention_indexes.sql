-- Retention (issue 16): the jobs thread deletes, in small batches, what no one needs any more
-- (maintenance/Retention; ARCHITECTURE.md lists every table's retention). These indexes let each
-- batch find its rows without reading the table.
--
-- Built without CONCURRENTLY (Flyway runs a migration in one transaction): on an existing
-- database the build blocks new rows in these two tables — update claims, confirm buttons — for
-- the seconds it takes, once, at the upgrade.

-- Telegram update ids older than PROCESSED_UPDATES_RETENTION (48 h). A btree, not BRIN: rows freed
-- by the prune are reused by new ones, which would widen every BRIN range to "matches anything".
CREATE INDEX processed_updates_age ON processed_updates (processed_at);

-- Confirm buttons expired more than PENDING_ACTIONS_RETENTION (7 days) ago, whatever became of them.
CREATE INDEX pending_actions_expiry ON pending_actions (expires_at);
