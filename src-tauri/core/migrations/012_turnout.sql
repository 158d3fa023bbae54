-- Ballots cast and registered voters where a feed gives them (Clarity's ElectionVoterTurnout),
-- per stored count: the JSON of `model::Turnout`, read whole. NULL where the feed does not say.
ALTER TABLE snapshot ADD COLUMN turnout TEXT CHECK (turnout IS NULL OR json_valid(turnout));
