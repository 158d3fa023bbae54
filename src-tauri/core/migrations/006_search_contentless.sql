-- Type-ahead search without a second copy of the text. The index is contentless: a match
-- yields only its rowid, which is the contest's rowid, so a query never reads the text back
-- (that read was most of a short prefix's cost at 200,000 names), and an import writes the
-- text once. `contentless_delete` lets a re-imported contest replace its row.
DROP TABLE search;

CREATE VIRTUAL TABLE search USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search(rowid, body)
SELECT c.rowid, c.title || ' ' || c.raw_title || ' ' || c.grp || ' ' || c.jurisdiction || ' ' ||
       coalesce((SELECT group_concat(ch.name || ' ' || ch.raw_name, ' ') FROM choice ch
                 WHERE ch.contest_id = c.id), '')
FROM contest c;
