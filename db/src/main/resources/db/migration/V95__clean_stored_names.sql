-- Names stored before registration cleaned them (DisplayNames.namePart): remove bidirectional
-- controls and invisible characters, fold whitespace, and drop a leading '@', so SQL that builds a
-- name (the sender of a transfer notification) never shows a user without a username as '@…'.
-- The character set is DisplayNames' for every character seen in practice (format characters of
-- the Latin, Arabic and general-punctuation blocks, fillers, tags); a name with a rarer one is
-- cleaned at its owner's next message, since registration refreshes names on every update.
-- Only rows that need it are rewritten.
CREATE FUNCTION pg_temp.clean_name(raw text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(
             btrim(regexp_replace(
               regexp_replace(coalesce(raw, ''),
                 '[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164\uFEFF\uFFA0\x01-\x1F\x7F]|[\U000E0000-\U000E007F]',
                 '', 'g'),
               '\s+', ' ', 'g')),
             '^[@\uFF20\uFE6B]+\s*', '')
$$;

UPDATE users SET first_name = pg_temp.clean_name(first_name)
 WHERE first_name IS DISTINCT FROM pg_temp.clean_name(first_name);
UPDATE users SET last_name = nullif(pg_temp.clean_name(last_name), '')
 WHERE last_name IS NOT NULL AND last_name IS DISTINCT FROM nullif(pg_temp.clean_name(last_name), '');
