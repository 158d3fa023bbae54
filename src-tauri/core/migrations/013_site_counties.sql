-- A Clarity state site's county sites, as its electionsettings.json last listed them
-- (a JSON array of {name, election}): a refresh whose current_ver.txt is unchanged still knows
-- which counties to ask, without fetching the settings again.
ALTER TABLE feed_state ADD COLUMN counties TEXT CHECK (counties IS NULL OR json_valid(counties));
