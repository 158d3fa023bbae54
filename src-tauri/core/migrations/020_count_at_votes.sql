-- Each contest's vote total in the figures a `count_at` row stands for: the sum of its choices'
-- votes stored under that count, NULL when no choice has a count (an absent contest, or a feed
-- that gives no figures yet). The overview's headline and the Results page's most-votes order
-- need every contest's total in the newest count; summed from `result` that read every row of
-- the count (3–4 s at a million choices, at every launch), read from here it is one seek per
-- contest. A count writes it with the row (`Store::apply`); rows stored before this migration
-- are summed here, once.
ALTER TABLE count_at ADD COLUMN votes INTEGER;

UPDATE count_at SET votes = (
    SELECT SUM(r.votes) FROM choice ch
    CROSS JOIN result r ON r.snapshot_id = count_at.snapshot_id AND r.choice_id = ch.id
    WHERE ch.contest_id = count_at.contest_id);
