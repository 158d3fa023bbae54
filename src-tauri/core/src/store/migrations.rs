//! The schema's history. Ordered, embedded in the binary; each runs in its own transaction
//! (rusqlite_migration does that) and `PRAGMA user_version` records how far a file has come.
//! They run with foreign-key enforcement off (`Store::init`), as SQLite's procedure for rebuilding
//! a table requires; one that rebuilds a table asks for `PRAGMA foreign_key_check` before it
//! commits.

use std::sync::LazyLock;

use rusqlite_migration::{Migrations, M};

pub(super) static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/001_initial.sql")),
        M::up(include_str!("../../migrations/002_areas.sql")),
        M::up(include_str!("../../migrations/003_signed_feeds.sql")),
        M::up(include_str!("../../migrations/004_search.sql")),
        M::up(include_str!("../../migrations/005_profile_origin.sql")),
        M::up(include_str!("../../migrations/006_search_contentless.sql")),
        M::up(include_str!("../../migrations/007_checks_and_hash_scheme.sql")),
        M::up(include_str!("../../migrations/008_search_stems_and_measure_text.sql")),
        M::up(include_str!("../../migrations/009_ballots_outstanding.sql")),
        M::up(include_str!("../../migrations/010_rounds.sql")),
        M::up(include_str!("../../migrations/011_feed_version.sql")),
        M::up(include_str!("../../migrations/012_turnout.sql")),
        M::up(include_str!("../../migrations/013_site_counties.sql")),
        M::up(include_str!("../../migrations/014_raw_kind.sql")),
        M::up(include_str!("../../migrations/015_count_at.sql")),
        M::up(include_str!("../../migrations/016_contest_known.sql")),
        M::up(include_str!("../../migrations/017_contest_ballot.sql")),
        M::up(include_str!("../../migrations/018_contest_level_check.sql")).foreign_key_check(),
        M::up(include_str!("../../migrations/019_search_hashsize.sql")),
        M::up(include_str!("../../migrations/020_count_at_votes.sql")),
        M::up(include_str!("../../migrations/021_feed_body.sql")),
    ])
});

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::MIGRATIONS.validate().is_ok());
    }
}
