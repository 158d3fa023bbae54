-- A ranked-choice contest's rounds in one stored count: the JSON of `rcv::Tabulation`, read and
-- written whole with its contest and never queried inside (rounds are a few kilobytes, and their
-- figures are decimal text that must come back exactly as the report wrote it).
CREATE TABLE rounds (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    contest_id   TEXT NOT NULL REFERENCES contest(id) ON DELETE CASCADE,
    origin       TEXT NOT NULL CHECK (origin IN ('report', 'preliminary')),
    body         TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (snapshot_id, contest_id)
) STRICT, WITHOUT ROWID;
