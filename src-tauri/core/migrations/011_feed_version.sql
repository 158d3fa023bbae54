-- The version a Clarity results site's current_ver.txt last named, for a feed that is such a
-- site: a new version is what makes its files worth fetching. NULL for every other feed.
ALTER TABLE feed_state ADD COLUMN version TEXT;
