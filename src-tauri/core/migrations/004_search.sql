-- Type-ahead search over contests and the names on them. One row per contest: its titles, the
-- group and jurisdiction, and every choice's name; diacritics are folded ("Gutierrez" finds
-- "GUTIÉRREZ").
CREATE VIRTUAL TABLE search USING fts5(
    contest_id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search(contest_id, body)
SELECT c.id, c.title || ' ' || c.raw_title || ' ' || c.grp || ' ' || c.jurisdiction || ' ' ||
       coalesce((SELECT group_concat(ch.name || ' ' || ch.raw_name, ' ') FROM choice ch
                 WHERE ch.contest_id = c.id), '')
FROM contest c;
