-- A covering index for reading every contest of an election by id: a refresh reads each
-- contest's id, rowid and shape to tell what changed, and every read of a whole count starts from
-- the election's contest ids (`count_at::AS_OF`). Without it each of those reads visited the
-- contest's table row, which holds the measure text and may spill onto overflow pages, and
-- `shape` (added last) sits after it: at 380,000 contests this read was a third of a refresh.
-- Rows come out in id order, so the per-contest seeks into `count_at` (keyed by contest id)
-- walk that table in order too.
CREATE INDEX contest_known ON contest(election_id, id, shape);
