-- A contest type the feed's adapter had never seen ("LotteryContest", a new LA "Type"), kept as
-- the feed wrote it. `kind` then holds the nearest class Tallyroom can read safely (a race of
-- candidates, or a yes/no question with no known rule), and the UI says the type is unknown.
-- NULL for every type the adapters know.
ALTER TABLE contest ADD COLUMN raw_kind TEXT;
