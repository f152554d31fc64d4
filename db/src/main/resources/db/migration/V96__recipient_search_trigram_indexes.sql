-- Recipient search that uses an index (issue 16). With 1,000,000 users the search
--   lower(username) LIKE '%…%' OR lower(first_name || ' ' || coalesce(last_name, '')) LIKE '%…%'
-- was a parallel sequential scan, about 280 ms per query on the benchmark machine. A trigram GIN
-- index answers a "contains" pattern of three or more characters from the index (1 ms for a rare
-- needle; see Users.search for how the query is shaped so that the planner uses it, also with a
-- generic plan).
--
-- pg_trgm ships with PostgreSQL (contrib; in the embedded binaries too). Since PostgreSQL 13 it is
-- a trusted extension: the database owner may create it without superuser rights. A managed
-- PostgreSQL must allow it (it is on every major provider's list; Azure needs it in
-- azure.extensions).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX users_username_trgm ON users USING gin (lower(username) gin_trgm_ops);
CREATE INDEX users_name_trgm ON users USING gin (lower(first_name || ' ' || coalesce(last_name, '')) gin_trgm_ops);

-- Username prefixes in byte order, for the "starts with" part of the search: a range scan with a
-- LIMIT reads only the rows it returns. (The unique index on lower(username) uses the database's
-- collation, which a LIKE prefix or the ~<~ order cannot use unless the collation is C.)
CREATE INDEX users_username_prefix ON users (lower(username) text_pattern_ops) WHERE username IS NOT NULL;
-- V1's users_name_search (lower name, text_pattern_ops) serves the same purpose for names.
