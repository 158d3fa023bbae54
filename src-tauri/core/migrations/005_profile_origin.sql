-- Where a profile came from: the bundled set, a feed (NIST candidates), or a profile file. Each
-- source replaces only its own profiles.
ALTER TABLE profile ADD COLUMN origin TEXT NOT NULL DEFAULT 'bundled';
