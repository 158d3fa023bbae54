-- Text enums get the CHECK that 001 gave `contest.kind`. SQLite cannot add a CHECK to an existing
-- table without rebuilding it, and rebuilding `contest` would fire its children's ON DELETE
-- CASCADE, so the same rule is enforced by triggers (a bad value aborts the statement).
CREATE TRIGGER contest_level_insert BEFORE INSERT ON contest
WHEN NEW.level NOT IN ('federal', 'state', 'county', 'city', 'district', 'judicial', 'measures')
BEGIN SELECT RAISE(ABORT, 'contest.level is not a known level'); END;

CREATE TRIGGER contest_level_update BEFORE UPDATE OF level ON contest
WHEN NEW.level NOT IN ('federal', 'state', 'county', 'city', 'district', 'judicial', 'measures')
BEGIN SELECT RAISE(ABORT, 'contest.level is not a known level'); END;

CREATE TRIGGER profile_origin_insert BEFORE INSERT ON profile
WHEN NEW.origin NOT IN ('bundled', 'file', 'feed')
BEGIN SELECT RAISE(ABORT, 'profile.origin is not a known origin'); END;

CREATE TRIGGER profile_origin_update BEFORE UPDATE OF origin ON profile
WHEN NEW.origin NOT IN ('bundled', 'file', 'feed')
BEGIN SELECT RAISE(ABORT, 'profile.origin is not a known origin'); END;

-- Which rule made `content_hash`: 1 hashed a text rendering that left out the counties figures;
-- 2 hashes the whole published snapshot (`SnapshotV1`). Rows of scheme 1 stay recognisable, so a
-- count fetched again after an upgrade is still "already stored".
ALTER TABLE snapshot ADD COLUMN hash_scheme INTEGER NOT NULL DEFAULT 1 CHECK (hash_scheme IN (1, 2));
