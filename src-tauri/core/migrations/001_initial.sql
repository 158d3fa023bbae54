-- The results cache. Everything here can be rebuilt from the bundled data and the feed, so the
-- file is disposable; what the user chose lives in settings.json, not here.

CREATE TABLE election (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    date          TEXT NOT NULL
) STRICT;

CREATE TABLE contest (
    id            TEXT PRIMARY KEY,
    election_id   TEXT NOT NULL REFERENCES election(id) ON DELETE CASCADE,
    grp           TEXT NOT NULL,
    raw_title     TEXT NOT NULL,
    title         TEXT NOT NULL,
    office        TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('candidate', 'judicial', 'measure')),
    level         TEXT NOT NULL,
    vote_for      INTEGER NOT NULL CHECK (vote_for >= 1),
    pass_rule     TEXT,
    measure_text  TEXT,
    ord           INTEGER NOT NULL
) STRICT;
CREATE INDEX contest_by_election ON contest(election_id, ord);

CREATE TABLE choice (
    id            TEXT PRIMARY KEY,
    contest_id    TEXT NOT NULL REFERENCES contest(id) ON DELETE CASCADE,
    raw_name      TEXT NOT NULL,
    name          TEXT NOT NULL,
    party         TEXT,
    ord           INTEGER NOT NULL
) STRICT;
CREATE INDEX choice_by_contest ON choice(contest_id, ord);

-- One row per distinct count of an election; identical content is stored once (by hash).
CREATE TABLE snapshot (
    id             INTEGER PRIMARY KEY,
    election_id    TEXT NOT NULL REFERENCES election(id) ON DELETE CASCADE,
    content_hash   TEXT NOT NULL,
    source         TEXT NOT NULL,
    fetched_at_ms  INTEGER NOT NULL,
    feed_timestamp TEXT NOT NULL,
    UNIQUE (election_id, content_hash)
) STRICT;
CREATE INDEX snapshot_by_time ON snapshot(election_id, feed_timestamp, id);

CREATE TABLE result (
    snapshot_id   INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    choice_id     TEXT NOT NULL REFERENCES choice(id) ON DELETE CASCADE,
    votes         INTEGER NOT NULL CHECK (votes >= 0),
    PRIMARY KEY (snapshot_id, choice_id)
) STRICT, WITHOUT ROWID;

-- Reporting figures, only for feeds that give them; absent rows mean "unknown".
CREATE TABLE contest_status (
    snapshot_id        INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    contest_id         TEXT NOT NULL REFERENCES contest(id) ON DELETE CASCADE,
    precincts_reported INTEGER,
    precincts_total    INTEGER,
    ballots_cast       INTEGER,
    PRIMARY KEY (snapshot_id, contest_id)
) STRICT, WITHOUT ROWID;

-- Conditional-GET validators and the last outcome per feed URL.
CREATE TABLE feed_state (
    url               TEXT PRIMARY KEY,
    etag              TEXT,
    last_modified     TEXT,
    last_checked_ms   INTEGER,
    last_success_ms   INTEGER,
    last_error_code   TEXT,
    last_error        TEXT
) STRICT;

-- Candidate profiles, each the JSON of one profile from a versioned profile file.
CREATE TABLE profile (
    id            TEXT PRIMARY KEY,
    contest_id    TEXT NOT NULL,
    choice_id     TEXT NOT NULL,
    name          TEXT NOT NULL,
    doc           TEXT NOT NULL
) STRICT;
CREATE INDEX profile_by_choice ON profile(choice_id);

CREATE TABLE meta (
    key           TEXT PRIMARY KEY,
    value         TEXT NOT NULL
) STRICT;
