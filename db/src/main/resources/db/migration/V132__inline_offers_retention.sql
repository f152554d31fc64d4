-- Retention of inline offers (issue 16's rule: every table that grows with traffic has a stated
-- retention). Every inline query with a valid amount stores an 'offered' row; most are never
-- confirmed. Offers that never held money ('offered', 'withdrawn') are pruned a week after they were
-- made (maintenance/Retention); rows that moved money stay as financial records.
CREATE INDEX inline_sends_unconfirmed ON inline_sends (created_at) WHERE status IN ('offered', 'withdrawn');
