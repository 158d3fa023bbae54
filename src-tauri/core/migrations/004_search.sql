-- Type-ahead search over contests and the names on them. One row per contest: its titles, the
-- group and jurisdiction, and every choice's name; diacritics are folded ("Gutierrez" finds
-- "GUTIÉRREZ"). A row's rowid is its contest's rowid, so replacing one is an indexed lookup
-- (contest_id is UNINDEXED: matching on it would scan the whole table).
CREATE VIRTUAL TABLE search USING fts5(
    contest_id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search(rowid, contest_id, body)
SELECT c.rowid, c.id, c.title || ' ' || c.raw_title || ' ' || c.grp || ' ' || c.jurisdiction || ' ' ||
       coalesce((SELECT group_concat(ch.name || ' ' || ch.raw_name, ' ') FROM choice ch
                 WHERE ch.contest_id = c.id), '')
FROM contest c;
