-- The ballot's order as a covering index: the Results page lays out an election by reading each
-- contest's rowid, id, level and kind in ballot order (`order::ballot_rows`), on every keystroke
-- of a search. Through `contest_by_election` each of those rows was a seek into the contest
-- table, whose rows hold the measure text; at 10,320 contests that read was most of a layout.
-- This index has the old one's columns first, so every query that used it uses this one.
DROP INDEX contest_by_election;
CREATE INDEX contest_ballot ON contest(election_id, ord, id, level, kind);
