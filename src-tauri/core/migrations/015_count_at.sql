-- History that grows with change. A count stores a contest's figures (its rows in `result`,
-- `contest_status`, `result_detail`, `area_status` and `rounds`) only when they differ from the
-- count stored just before it, in the order counts were stored (snapshot id). `count_at` says
-- where to look: a contest's figures in count S are those stored under the newest row of
-- `count_at` for that contest whose snapshot_id is at most S. A row with no figures under it
-- says the contest was absent from that count (shown as unknown, never as zero).
--
-- `figures` is a 64-bit hash of what was stored, so the next count can tell "unchanged" without
-- reading the rows back; NULL where it is not known (counts stored before this migration), which
-- the next count treats as changed.
CREATE TABLE count_at (
    contest_id    TEXT NOT NULL REFERENCES contest(id) ON DELETE CASCADE,
    snapshot_id   INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    figures       INTEGER,
    PRIMARY KEY (contest_id, snapshot_id)
) STRICT, WITHOUT ROWID;

-- Every count stored so far holds a whole copy: each contest of its election looks at itself.
INSERT INTO count_at(contest_id, snapshot_id, figures)
    SELECT c.id, s.id, NULL FROM contest c JOIN snapshot s ON s.election_id = c.election_id;

-- A 64-bit hash of the contest's descriptive fields and choices (and its place on the ballot):
-- a count whose contest is unchanged rewrites neither it, its choices nor its search row.
ALTER TABLE contest ADD COLUMN shape INTEGER;
