-- A plain feed's last body that was stored, or found stored already: the SHA-256 of this
-- version of Tallyroom's name and the bytes, and the count they made. A server that sends
-- neither ETag nor Last-Modified sends the whole file on every poll; the same bytes again, read
-- by the same version, are then known unchanged without being parsed (seconds at a state's
-- size). A new version reads them again, as it may read more of them.
ALTER TABLE feed_state ADD COLUMN body_sha256 TEXT
    CHECK (body_sha256 IS NULL OR length(body_sha256) = 64);
ALTER TABLE feed_state ADD COLUMN body_snapshot INTEGER;
