-- Signed Tallyroom feeds: the verified snapshot files (so a delta can be applied to the one it
-- was made against) and the highest manifest sequence seen per feed (to refuse rollbacks).

CREATE TABLE feed_blob (
    hash          TEXT PRIMARY KEY,
    election_id   TEXT NOT NULL,
    bytes         BLOB NOT NULL
) STRICT;

ALTER TABLE feed_state ADD COLUMN last_sequence INTEGER;
