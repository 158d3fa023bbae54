-- Ballots a feed says are still to be counted in the election's whole scope (NIST
-- BallotsOutstanding), per stored count. NULL where the feed does not say, which is most feeds.
ALTER TABLE snapshot ADD COLUMN ballots_outstanding INTEGER
    CHECK (ballots_outstanding IS NULL OR ballots_outstanding >= 0);
