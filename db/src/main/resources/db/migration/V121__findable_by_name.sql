-- Recipient search: a user is found by exact username always; by name or partial username only
-- when they chose to be (Settings), or by someone they have exchanged transfers with.
ALTER TABLE users ADD COLUMN findable_by_name boolean NOT NULL DEFAULT false;
