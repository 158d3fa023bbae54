-- Search that finds what people type (issue 12): word stems ("senate" finds "Senator"), and a
-- measure's own text ("reproductive", "sports wagering") in a column of its own, so that a
-- query about a title ("prop 1") can be held to titles while plain words search both.
DROP TABLE search;

CREATE VIRTUAL TABLE search USING fts5(
    body,
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO search(rowid, body, text)
SELECT c.rowid, c.title || ' ' || c.raw_title || ' ' || c.grp || ' ' || c.jurisdiction || ' ' ||
       coalesce((SELECT group_concat(ch.name || ' ' || ch.raw_name, ' ') FROM choice ch
                 WHERE ch.contest_id = c.id), ''),
       coalesce(c.measure_text, '')
FROM contest c;
