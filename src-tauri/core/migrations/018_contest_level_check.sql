-- `contest.level` checked by a CHECK instead of migration 007's triggers. A row trigger makes
-- every INSERT into `contest` a statement that may abort after writing, so SQLite keeps a
-- statement journal for it, copying each page the insert touches: at 380,000 contests the
-- inserts took 3.7 s with the trigger and 1.8 s without (BENCHMARKS.md, 2026-12-02). A CHECK
-- is tested before anything is written and needs no journal.
--
-- SQLite cannot add a CHECK to a table, so the table is rebuilt by the procedure of "Making
-- Other Kinds Of Table Schema Changes" (lang_altertable.html): this migration runs with
-- foreign-key enforcement off (`Store::init`), so dropping the old table cascades to nothing,
-- and the children's `REFERENCES contest(id)` name the new table once it is renamed. Rowids
-- are copied: the search index's rows are keyed by them.
CREATE TABLE contest_new (
    id            TEXT PRIMARY KEY,
    election_id   TEXT NOT NULL REFERENCES election(id) ON DELETE CASCADE,
    grp           TEXT NOT NULL,
    raw_title     TEXT NOT NULL,
    title         TEXT NOT NULL,
    office        TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('candidate', 'judicial', 'measure')),
    level         TEXT NOT NULL CHECK (level IN ('federal', 'state', 'county', 'city', 'district',
                                                 'judicial', 'measures')),
    vote_for      INTEGER NOT NULL CHECK (vote_for >= 1),
    pass_rule     TEXT,
    measure_text  TEXT,
    ord           INTEGER NOT NULL,
    area_kind     TEXT,
    raw_kind      TEXT,
    shape         INTEGER
) STRICT;

INSERT INTO contest_new(rowid, id, election_id, grp, raw_title, title, office, jurisdiction, kind,
                        level, vote_for, pass_rule, measure_text, ord, area_kind, raw_kind, shape)
    SELECT rowid, id, election_id, grp, raw_title, title, office, jurisdiction, kind, level,
           vote_for, pass_rule, measure_text, ord, area_kind, raw_kind, shape
    FROM contest;

DROP TABLE contest;
ALTER TABLE contest_new RENAME TO contest;

CREATE INDEX contest_known ON contest(election_id, id, shape);
CREATE INDEX contest_ballot ON contest(election_id, ord, id, level, kind);
