-- Results by area (county, precinct) and by vote type, for feeds that give them (Clarity, NIST).

ALTER TABLE contest_status ADD COLUMN counties_reported INTEGER;
ALTER TABLE contest_status ADD COLUMN counties_total INTEGER;

ALTER TABLE contest ADD COLUMN area_kind TEXT;

-- Votes for a choice in one area and/or of one vote type; '' means "all".
CREATE TABLE result_detail (
    snapshot_id   INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    choice_id     TEXT NOT NULL REFERENCES choice(id) ON DELETE CASCADE,
    area          TEXT NOT NULL,
    vote_type     TEXT NOT NULL,
    votes         INTEGER NOT NULL CHECK (votes >= 0),
    PRIMARY KEY (snapshot_id, choice_id, area, vote_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE area_status (
    snapshot_id        INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    contest_id         TEXT NOT NULL REFERENCES contest(id) ON DELETE CASCADE,
    area               TEXT NOT NULL,
    precincts_reported INTEGER,
    precincts_total    INTEGER,
    PRIMARY KEY (snapshot_id, contest_id, area)
) STRICT, WITHOUT ROWID;
