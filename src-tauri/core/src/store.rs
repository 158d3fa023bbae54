//! The SQLite cache.
//!
//! One `Store` owns one connection. Writers apply a whole snapshot inside one transaction, so a
//! reader (or a crash) sees either all of the old count or all of the new one, never a mix.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};
use crate::feeds::ParsedFeed;
use crate::model::*;
use crate::profiles::{Profile, ProfileSet};

/// Ordered, embedded migrations; each runs in its own transaction (rusqlite_migration does that)
/// and `PRAGMA user_version` records how far a file has come.
/// The page cache, in KiB. Ids are hashes, so inserts land all over each B-tree; 32 MiB (instead
/// of SQLite's 2 MiB) keeps a statewide import from re-reading pages from disk.
const CACHE_KIB: i64 = 32_768;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../migrations/001_initial.sql")),
        M::up(include_str!("../migrations/002_areas.sql")),
        M::up(include_str!("../migrations/003_signed_feeds.sql")),
        M::up(include_str!("../migrations/004_search.sql")),
        M::up(include_str!("../migrations/005_profile_origin.sql")),
        M::up(include_str!("../migrations/006_search_contentless.sql")),
    ])
});

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// What applying one snapshot did.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyOutcome {
    pub snapshot: SnapshotInfo,
    /// False when the same content was already stored (nothing was written).
    pub is_new: bool,
    /// True when this snapshot is now the newest count of its election (by the feed's timestamp).
    pub is_latest: bool,
    /// Contests whose figures differ from the newest count stored before; empty when the
    /// snapshot is older than what was there (a backfill of history).
    pub changes: Vec<ContestChange>,
}

/// Conditional-GET validators and the last outcome for one feed URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_checked_ms: Option<i64>,
    pub last_success_ms: Option<i64>,
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    /// The highest signed-manifest sequence accepted from this feed.
    pub last_sequence: Option<i64>,
}

/// Which contests to read.
#[derive(Debug, Clone, Default)]
pub struct ContestQuery {
    pub election_id: Option<String>,
    /// Case-insensitive match on the contest title (raw or clean), office, jurisdiction, group,
    /// or any choice's name. With text, the most-voted contests come first.
    pub text: Option<String>,
    pub kind: Option<ContestKind>,
    pub ids: Option<Vec<String>>,
}

pub struct Store {
    conn: Connection,
    /// True when this open created the schema from nothing (a new or rebuilt cache).
    created: bool,
}

/// What `open_or_rebuild` had to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenReport {
    Opened,
    /// The old file could not be used; it was moved aside to `moved_to` and a new cache started.
    Rebuilt {
        reason: String,
        moved_to: PathBuf,
    },
    /// The file could not be opened for writing (locked by another program, read-only, a full
    /// disk); this run keeps its cache in memory, rebuilt from the bundled data.
    InMemory {
        reason: String,
    },
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        }
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    /// Opens the cache at `path`; a file that is not a database, is corrupt, or was written by a
    /// newer schema is moved aside and a fresh cache is made in its place. The cache is
    /// disposable, so losing it only costs a re-import; refusing to start would cost the user the
    /// app on election night.
    pub fn open_or_rebuild(path: &Path) -> Result<(Store, OpenReport)> {
        let first = Self::open(path).and_then(|s| s.check_integrity().map(|()| s));
        match first {
            Ok(store) => Ok((store, OpenReport::Opened)),
            Err(err) if Self::is_broken_cache(&err) => {
                let moved_to = path.with_extension(format!("broken-{}", now_ms()));
                for suffix in ["-wal", "-shm"] {
                    let side = PathBuf::from(format!("{}{suffix}", path.display()));
                    let _ = std::fs::remove_file(side);
                }
                std::fs::rename(path, &moved_to)
                    .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
                let store = Self::open(path)?;
                Ok((store, OpenReport::Rebuilt { reason: err.to_string(), moved_to }))
            }
            Err(err) => Err(err),
        }
    }

    /// Failures that leave the file as it is but unusable for now: someone else holds it, it is
    /// read-only, or the disk is full. Moving it aside would not help.
    pub fn is_unwritable(err: &Error) -> bool {
        fn unwritable(e: &rusqlite::Error) -> bool {
            use rusqlite::ErrorCode::*;
            matches!(
                e,
                rusqlite::Error::SqliteFailure(f, _) if matches!(
                    f.code,
                    DatabaseBusy | DatabaseLocked | ReadOnly | DiskFull | CannotOpen
                        | PermissionDenied | SystemIoFailure
                )
            )
        }
        match err {
            Error::Db(e) => unwritable(e),
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                unwritable(err)
            }
            Error::Io { .. } => true,
            _ => false,
        }
    }

    fn is_broken_cache(err: &Error) -> bool {
        use rusqlite::ErrorCode::*;
        match err {
            Error::Db(rusqlite::Error::SqliteFailure(e, _)) => {
                matches!(e.code, NotADatabase | DatabaseCorrupt)
            }
            Error::Db(_) => false,
            e @ Error::Migration(_) => !Self::is_unwritable(e),
            Error::NotFound(_) => true,
            _ => false,
        }
    }

    /// Rows whose parent is missing. `apply` runs with the checks off (see there), so tests ask.
    #[doc(hidden)]
    pub fn foreign_key_violations(&self) -> Result<usize> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while rows.next()?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    fn check_integrity(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(Error::NotFound(format!("a sound cache (integrity check said: {verdict})")))
        }
    }

    fn init(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL lets the UI read while a sync writes; NORMAL is durable enough with WAL (a power
        // cut may lose the last commit, never corrupt), and this cache can always be refetched.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        let before: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Store { conn, created: before == 0 })
    }

    /// True when this open made the schema from nothing.
    pub fn was_created(&self) -> bool {
        self.created
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    // ---------------------------------------------------------------- writing

    /// Stores a parsed snapshot: contests and choices are upserted (display fields follow the
    /// newest rules), then the count is added unless identical content is already there.
    pub fn apply(&mut self, feed: &ParsedFeed, source: &str) -> Result<ApplyOutcome> {
        // Bulk-load settings for the length of one import, put back whatever happens. Foreign
        // keys: `apply_in_transaction` writes every parent before its children in the same
        // transaction, so the checks (one index lookup per row) could only ever pass; a test
        // runs `PRAGMA foreign_key_check` after imports. Cache: a large import's indexes stay in
        // memory instead of spilling to the WAL mid-transaction (256 bytes per choice row,
        // never below the usual 32 MiB; a real ballot stays at 32 MiB).
        let cache_kib = i64::try_from(feed.choice_count() / 4).unwrap_or(i64::MAX).max(CACHE_KIB);
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        self.conn.pragma_update(None, "cache_size", -cache_kib)?;
        let outcome = self.apply_in_transaction(feed, source);
        let restored = self
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .and_then(|()| self.conn.pragma_update(None, "cache_size", -CACHE_KIB));
        let outcome = outcome?;
        restored?;
        Ok(outcome)
    }

    fn apply_in_transaction(&mut self, feed: &ParsedFeed, source: &str) -> Result<ApplyOutcome> {
        let hash = feed.content_hash();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM snapshot WHERE election_id = ?1 AND content_hash = ?2",
                params![feed.election.id, hash],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            let snapshot = snapshot_by_id(&tx, id)?;
            let is_latest = latest_snapshot_id(&tx, &feed.election.id)? == Some(id);
            return Ok(ApplyOutcome { snapshot, is_new: false, is_latest, changes: vec![] });
        }
        let previous_latest = latest_snapshot_id(&tx, &feed.election.id)?;
        // Contests already stored keep their rowid, which is also their search row's rowid.
        let known: HashMap<String, i64> = {
            let mut stmt =
                tx.prepare_cached("SELECT id, rowid FROM contest WHERE election_id = ?1")?;
            let rows = stmt.query_map([&feed.election.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };

        tx.execute(
            "INSERT INTO election(id, title, date) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, date = excluded.date",
            params![feed.election.id, feed.election.title, feed.election.date],
        )?;
        {
            let mut contest_stmt = tx.prepare_cached(
                "INSERT INTO contest(id, election_id, grp, raw_title, title, office, jurisdiction,
                                     kind, level, vote_for, pass_rule, measure_text, ord,
                                     area_kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT(id) DO UPDATE SET title = excluded.title, office = excluded.office,
                    jurisdiction = excluded.jurisdiction, kind = excluded.kind,
                    level = excluded.level, vote_for = excluded.vote_for,
                    pass_rule = excluded.pass_rule, measure_text = excluded.measure_text,
                    ord = excluded.ord, area_kind = excluded.area_kind",
            )?;
            let mut choice_stmt = tx.prepare_cached(
                "INSERT INTO choice(id, contest_id, raw_name, name, party, ord)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, party = excluded.party,
                    ord = excluded.ord",
            )?;
            for (i, c) in feed.contests.iter().enumerate() {
                contest_stmt.execute(params![
                    c.id,
                    feed.election.id,
                    c.group,
                    c.raw_title,
                    c.title,
                    c.office,
                    c.jurisdiction,
                    c.kind.as_str(),
                    c.level.as_str(),
                    c.vote_for,
                    c.pass_rule,
                    c.measure_text,
                    i as i64,
                    c.area_kind
                ])?;
                for (j, ch) in c.choices.iter().enumerate() {
                    choice_stmt.execute(params![
                        ch.id,
                        c.id,
                        ch.raw_name,
                        ch.name,
                        ch.party,
                        j as i64
                    ])?;
                }
            }
        }
        {
            // FTS5 rows are addressed by the contest's rowid: `rowid = ?` is a direct lookup,
            // while `contest_id = ?` (an UNINDEXED column) would scan the whole index.
            let mut rowid = tx.prepare_cached("SELECT rowid FROM contest WHERE id = ?1")?;
            let mut del = tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?;
            let mut ins = tx.prepare_cached("INSERT INTO search(rowid, body) VALUES (?1, ?2)")?;
            for c in &feed.contests {
                let id: i64 = match known.get(&c.id) {
                    Some(&id) => {
                        del.execute([id])?;
                        id
                    }
                    None => rowid.query_row([&c.id], |r| r.get(0))?,
                };
                ins.execute(params![id, search_body(c)])?;
            }
        }
        tx.execute(
            "INSERT INTO snapshot(election_id, content_hash, source, fetched_at_ms, feed_timestamp)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![feed.election.id, hash, source, now_ms(), feed.feed_timestamp],
        )?;
        let snapshot_id = tx.last_insert_rowid();
        {
            let mut result_stmt = tx.prepare_cached(
                "INSERT INTO result(snapshot_id, choice_id, votes) VALUES (?1, ?2, ?3)",
            )?;
            let mut status_stmt = tx.prepare_cached(
                "INSERT INTO contest_status(snapshot_id, contest_id, precincts_reported,
                                            precincts_total, ballots_cast, counties_reported,
                                            counties_total)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut detail_stmt = tx.prepare_cached(
                "INSERT INTO result_detail(snapshot_id, choice_id, area, vote_type, votes)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut area_stmt = tx.prepare_cached(
                "INSERT INTO area_status(snapshot_id, contest_id, area, precincts_reported,
                                         precincts_total)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for c in &feed.contests {
                for ch in &c.choices {
                    // No count is no row: the view shows it as unknown, never as zero.
                    if let Some(v) = ch.votes {
                        let votes = i64::try_from(v).map_err(|_| Error::Malformed {
                            format: feed.format.name(),
                            detail: format!("{v} votes for \"{}\" is too large", ch.raw_name),
                        })?;
                        result_stmt.execute(params![snapshot_id, ch.id, votes])?;
                    }
                    for d in &ch.details {
                        detail_stmt.execute(params![
                            snapshot_id,
                            ch.id,
                            d.area.as_deref().unwrap_or(""),
                            d.vote_type.as_deref().unwrap_or(""),
                            d.votes as i64
                        ])?;
                    }
                }
                for a in &c.areas {
                    area_stmt.execute(params![
                        snapshot_id,
                        c.id,
                        a.name,
                        a.precincts_reported,
                        a.precincts_total
                    ])?;
                }
                let r = &c.reporting;
                if r != &Reporting::default() {
                    status_stmt.execute(params![
                        snapshot_id,
                        c.id,
                        r.precincts_reported,
                        r.precincts_total,
                        r.ballots_cast.map(|b| b as i64),
                        r.counties_reported,
                        r.counties_total
                    ])?;
                }
            }
        }
        insert_profiles(&tx, &feed.profiles, "feed")?;
        let latest = latest_snapshot_id(&tx, &feed.election.id)?;
        let is_latest = latest == Some(snapshot_id);
        // The first count of an election (no previous one): every contest with votes is news.
        let changes = if is_latest { changes_to(&tx, previous_latest, feed)? } else { vec![] };
        let snapshot = snapshot_by_id(&tx, snapshot_id)?;
        tx.commit()?;
        Ok(ApplyOutcome { snapshot, is_new: true, is_latest, changes })
    }

    /// The newest snapshot's id for an election, if any.
    pub fn latest_snapshot_id(&self, election_id: &str) -> Result<Option<i64>> {
        latest_snapshot_id(&self.conn, election_id)
    }

    /// What the newest count changed against the snapshot that was newest before (`None`: the
    /// election had no count before).
    pub fn changes_since(
        &self,
        election_id: &str,
        before: Option<i64>,
    ) -> Result<Vec<ContestChange>> {
        match latest_snapshot_id(&self.conn, election_id)? {
            Some(now) if Some(now) != before => {
                changes_between(&self.conn, before.unwrap_or(-1), now, election_id)
            }
            _ => Ok(vec![]),
        }
    }

    /// What the newest count changed against the one before it, by feed time.
    pub fn changes_in_latest(&self, election_id: &str) -> Result<Vec<ContestChange>> {
        match self.latest_two(election_id)? {
            (Some(latest), Some(previous)) => {
                changes_between(&self.conn, previous, latest.id, election_id)
            }
            _ => Ok(vec![]),
        }
    }

    pub fn feed_state(&self, url: &str) -> Result<Option<FeedState>> {
        Ok(self
            .conn
            .query_row(
                "SELECT url, etag, last_modified, last_checked_ms, last_success_ms,
                        last_error_code, last_error, last_sequence FROM feed_state WHERE url = ?1",
                [url],
                |r| {
                    Ok(FeedState {
                        url: r.get(0)?,
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                        last_checked_ms: r.get(3)?,
                        last_success_ms: r.get(4)?,
                        last_error_code: r.get(5)?,
                        last_error: r.get(6)?,
                        last_sequence: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn put_feed_state(&self, s: &FeedState) -> Result<()> {
        self.conn.execute(
            "INSERT INTO feed_state(url, etag, last_modified, last_checked_ms, last_success_ms,
                                    last_error_code, last_error, last_sequence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,
                last_modified = excluded.last_modified, last_checked_ms = excluded.last_checked_ms,
                last_success_ms = excluded.last_success_ms,
                last_error_code = excluded.last_error_code, last_error = excluded.last_error,
                last_sequence = excluded.last_sequence",
            params![
                s.url,
                s.etag,
                s.last_modified,
                s.last_checked_ms,
                s.last_success_ms,
                s.last_error_code,
                s.last_error,
                s.last_sequence
            ],
        )?;
        Ok(())
    }

    /// Keeps a verified snapshot file of a signed feed, so later deltas can build on it.
    pub fn put_blob(&self, hash: &str, election_id: &str, bytes: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO feed_blob(hash, election_id, bytes) VALUES (?1, ?2, ?3)",
            params![hash, election_id, bytes],
        )?;
        Ok(())
    }

    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT bytes FROM feed_blob WHERE hash = ?1", [hash], |r| r.get(0))
            .optional()?)
    }

    /// Replaces the stored profiles of one origin (`bundled`, `file`) with `set`, in one
    /// transaction; profiles from other origins stay.
    pub fn put_profiles(&mut self, set: &ProfileSet, origin: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM profile WHERE origin = ?1", [origin])?;
        insert_profiles(&tx, &set.profiles, origin)?;
        tx.commit()?;
        Ok(())
    }

    // ---------------------------------------------------------------- reading

    pub fn elections(&self) -> Result<Vec<Election>> {
        let mut stmt =
            self.conn.prepare("SELECT id, title, date FROM election ORDER BY date, id")?;
        let rows = stmt
            .query_map([], |r| Ok(Election { id: r.get(0)?, title: r.get(1)?, date: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn snapshots(&self, election_id: &str) -> Result<Vec<SnapshotInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM snapshot WHERE election_id = ?1 ORDER BY feed_timestamp, id",
        )?;
        let ids: Vec<i64> =
            stmt.query_map([election_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| snapshot_by_id(&self.conn, id)).collect()
    }

    pub fn latest_snapshot(&self, election_id: &str) -> Result<Option<SnapshotInfo>> {
        latest_snapshot_id(&self.conn, election_id)?
            .map(|id| snapshot_by_id(&self.conn, id))
            .transpose()
    }

    pub fn contest_count(&self, election_id: &str) -> Result<i64> {
        let sql = "SELECT count(*) FROM contest WHERE election_id = ?1";
        Ok(self.conn.query_row(sql, [election_id], |r| r.get(0))?)
    }

    pub fn snapshot_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM snapshot", [], |r| r.get(0))?)
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn.prepare("SELECT doc FROM profile ORDER BY name")?;
        let docs: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        docs.iter()
            .map(|d| serde_json::from_str(d).map_err(|e| Error::Profiles(e.to_string())))
            .collect()
    }

    pub fn profile(&self, id: &str) -> Result<Profile> {
        let doc: String = self
            .conn
            .query_row("SELECT doc FROM profile WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("profile {id}")))?;
        serde_json::from_str(&doc).map_err(|e| Error::Profiles(e.to_string()))
    }

    pub fn contest(&self, id: &str) -> Result<ContestView> {
        let q = ContestQuery { ids: Some(vec![id.to_string()]), ..Default::default() };
        self.contests(&q)?.pop().ok_or_else(|| Error::NotFound(format!("contest {id}")))
    }

    /// Contests with their latest figures.
    pub fn contests(&self, q: &ContestQuery) -> Result<Vec<ContestView>> {
        let elections: Vec<String> = match &q.election_id {
            Some(id) => vec![id.clone()],
            None => self.elections()?.into_iter().map(|e| e.id).collect(),
        };
        let profile_by_choice: HashMap<String, String> = {
            let mut stmt = self.conn.prepare("SELECT choice_id, id FROM profile")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let matching: Option<std::collections::HashSet<i64>> = match q.text.as_deref() {
            Some(t) if !t.trim().is_empty() => Some(self.search(t)?.into_iter().collect()),
            _ => None,
        };
        let mut out = Vec::new();
        for election_id in elections {
            let (latest, previous) = self.latest_two(&election_id)?;
            let votes_now = match &latest {
                Some(s) => votes_of(&self.conn, s.id)?,
                None => HashMap::new(),
            };
            let votes_before = match previous {
                Some(id) => Some(votes_of(&self.conn, id)?),
                None => None,
            };
            let status = match &latest {
                Some(s) => status_of(&self.conn, s.id)?,
                None => HashMap::new(),
            };
            let mut choices_by_contest = choices_of(&self.conn, &election_id)?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, grp, raw_title, title, office, jurisdiction, kind, level, vote_for,
                        pass_rule, measure_text, rowid
                 FROM contest WHERE election_id = ?1 ORDER BY ord",
            )?;
            let mut rows = stmt.query([&election_id])?;
            while let Some(r) = rows.next()? {
                let rowid: i64 = r.get(11)?;
                if matching.as_ref().is_some_and(|m| !m.contains(&rowid)) {
                    continue;
                }
                let id: String = r.get(0)?;
                if let Some(ids) = &q.ids {
                    if !ids.contains(&id) {
                        continue;
                    }
                }
                let kind_s: String = r.get(6)?;
                let kind = ContestKind::parse(&kind_s).unwrap_or(ContestKind::Candidate);
                if q.kind.is_some_and(|k| k != kind) {
                    continue;
                }
                let raw_choices = choices_by_contest.remove(&id).unwrap_or_default();
                let level_s: String = r.get(7)?;
                let mut view = ContestView {
                    election_id: election_id.clone(),
                    group: r.get(1)?,
                    raw_title: r.get(2)?,
                    title: r.get(3)?,
                    office: r.get(4)?,
                    jurisdiction: r.get(5)?,
                    kind,
                    level: Level::parse(&level_s).unwrap_or(Level::State),
                    vote_for: r.get(8)?,
                    pass_rule: r.get(9)?,
                    measure_text: r.get(10)?,
                    choices: Vec::new(),
                    total_votes: 0,
                    as_of: latest.as_ref().map(|s| s.feed_timestamp.clone()),
                    reporting: status.get(&id).cloned().unwrap_or_default(),
                    changed_in_latest: false,
                    id,
                };
                view.changed_in_latest = votes_before.as_ref().is_some_and(|before| {
                    raw_choices.iter().any(|(cid, ..)| before.get(cid) != votes_now.get(cid))
                });
                view.choices = raw_choices
                    .into_iter()
                    .map(|(cid, raw_name, name, party)| ChoiceView {
                        votes: votes_now.get(&cid).copied(),
                        profile_id: profile_by_choice.get(&cid).cloned(),
                        id: cid,
                        raw_name,
                        name,
                        party,
                        percent: None,
                        leading: false,
                        winner: None,
                    })
                    .collect();
                finish_figures(&mut view);
                out.push(view);
            }
        }
        if matching.is_some() {
            out.sort_by_key(|c| std::cmp::Reverse(c.total_votes));
        }
        Ok(out)
    }

    /// Adds search rows that belong to no stored contest: the search benchmark's synthetic names.
    #[doc(hidden)]
    pub fn bench_fill_search(&self, bodies: &[String]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            // Far above any contest's rowid, so they never collide with real rows.
            let mut ins = tx.prepare("INSERT INTO search(rowid, body) VALUES (?1, ?2)")?;
            for (i, b) in bodies.iter().enumerate() {
                ins.execute(params![1_000_000_000 + i as i64, b])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The rowids of contests whose titles or choice names match `text` (type-ahead: every
    /// word a prefix). Rowids, not ids: the index is contentless, so this never reads text.
    pub fn search(&self, text: &str) -> Result<Vec<i64>> {
        let Some(query) = fts_query(text) else { return Ok(vec![]) };
        let mut stmt =
            self.conn.prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1")?;
        let rows = stmt.query_map([query], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A contest's choices (id and display name) in ballot order.
    fn contest_choices(&self, contest_id: &str) -> Result<Vec<HistoryChoice>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM choice WHERE contest_id = ?1 ORDER BY ord")?;
        let rows =
            stmt.query_map([contest_id], |r| Ok(HistoryChoice { id: r.get(0)?, name: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The count of one contest across every stored snapshot, oldest first.
    pub fn history(&self, contest_id: &str) -> Result<ContestHistory> {
        let (title, election_id): (String, String) = self
            .conn
            .query_row("SELECT title, election_id FROM contest WHERE id = ?1", [contest_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("contest {contest_id}")))?;
        let choices = self.contest_choices(contest_id)?;
        let index: HashMap<&str, usize> =
            choices.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let mut points: Vec<HistoryPoint> = self
            .snapshots(&election_id)?
            .into_iter()
            .map(|s| HistoryPoint {
                snapshot_id: s.id,
                feed_timestamp: s.feed_timestamp,
                fetched_at_ms: s.fetched_at_ms,
                votes: vec![None; choices.len()],
            })
            .collect();
        let by_snapshot: HashMap<i64, usize> =
            points.iter().enumerate().map(|(i, p)| (p.snapshot_id, i)).collect();
        let mut stmt = self.conn.prepare(
            "SELECT r.snapshot_id, r.choice_id, r.votes FROM result r
             JOIN choice c ON c.id = r.choice_id WHERE c.contest_id = ?1",
        )?;
        let mut rows = stmt.query([contest_id])?;
        while let Some(r) = rows.next()? {
            let snap: i64 = r.get(0)?;
            let choice: String = r.get(1)?;
            let votes: i64 = r.get(2)?;
            if let (Some(&p), Some(&c)) = (by_snapshot.get(&snap), index.get(choice.as_str())) {
                points[p].votes[c] = Some(votes as u64);
            }
        }
        // A snapshot in which this contest has no figure at all says nothing about it.
        points.retain(|p| p.votes.iter().any(Option::is_some));
        Ok(ContestHistory { contest_id: contest_id.to_string(), title, choices, points })
    }

    /// Results by area and vote type for one contest, from its election's latest snapshot.
    pub fn area_results(&self, contest_id: &str) -> Result<AreaResults> {
        let (election_id, area_kind): (String, Option<String>) = self
            .conn
            .query_row(
                "SELECT election_id, area_kind FROM contest WHERE id = ?1",
                [contest_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("contest {contest_id}")))?;
        let choices = self.contest_choices(contest_id)?;
        let mut out = AreaResults {
            contest_id: contest_id.to_string(),
            area_kind,
            choices,
            areas: vec![],
            vote_types: vec![],
        };
        let Some(snapshot) = latest_snapshot_id(&self.conn, &election_id)? else {
            return Ok(out);
        };
        let index: HashMap<String, usize> =
            out.choices.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let n = out.choices.len();
        let mut areas: Vec<AreaRow> = Vec::new();
        let mut area_at: HashMap<String, usize> = HashMap::new();
        let mut types: Vec<VoteTypeRow> = Vec::new();
        let mut type_at: HashMap<String, usize> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT d.choice_id, d.area, d.vote_type, d.votes FROM result_detail d
             JOIN choice c ON c.id = d.choice_id
             WHERE d.snapshot_id = ?1 AND c.contest_id = ?2",
        )?;
        let mut rows = stmt.query(params![snapshot, contest_id])?;
        while let Some(r) = rows.next()? {
            let choice: String = r.get(0)?;
            let area: String = r.get(1)?;
            let vote_type: String = r.get(2)?;
            let votes = r.get::<_, i64>(3)? as u64;
            let Some(&ci) = index.get(&choice) else { continue };
            if area.is_empty() {
                let i = *type_at.entry(vote_type.clone()).or_insert_with(|| {
                    types.push(VoteTypeRow { name: vote_type.clone(), votes: vec![None; n] });
                    types.len() - 1
                });
                let v = &mut types[i].votes[ci];
                *v = Some(v.unwrap_or(0) + votes);
            } else {
                let i = *area_at.entry(area.clone()).or_insert_with(|| {
                    areas.push(AreaRow {
                        name: area.clone(),
                        votes: vec![None; n],
                        precincts_reported: None,
                        precincts_total: None,
                    });
                    areas.len() - 1
                });
                let v = &mut areas[i].votes[ci];
                *v = Some(v.unwrap_or(0) + votes);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT area, precincts_reported, precincts_total FROM area_status
             WHERE snapshot_id = ?1 AND contest_id = ?2",
        )?;
        let mut rows = stmt.query(params![snapshot, contest_id])?;
        while let Some(r) = rows.next()? {
            let area: String = r.get(0)?;
            if let Some(&i) = area_at.get(&area) {
                areas[i].precincts_reported = r.get(1)?;
                areas[i].precincts_total = r.get(2)?;
            }
        }
        areas.sort_by(|a, b| a.name.cmp(&b.name));
        out.areas = areas;
        out.vote_types = types;
        Ok(out)
    }

    fn latest_two(&self, election_id: &str) -> Result<(Option<SnapshotInfo>, Option<i64>)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM snapshot WHERE election_id = ?1
             ORDER BY feed_timestamp DESC, id DESC LIMIT 2",
        )?;
        let ids: Vec<i64> =
            stmt.query_map([election_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let latest = ids.first().map(|&id| snapshot_by_id(&self.conn, id)).transpose()?;
        Ok((latest, ids.get(1).copied()))
    }
}

/// The user's text as an FTS5 query: every word must match as a prefix ("caru" finds
/// "Caruso"), and nothing the user types is read as FTS syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Fills totals, percentages and the "leading" marks from the votes.
fn finish_figures(view: &mut ContestView) {
    view.total_votes = view.choices.iter().filter_map(|c| c.votes).sum();
    let total = view.total_votes;
    for c in &mut view.choices {
        c.percent = match (c.votes, total) {
            (Some(v), t) if t > 0 => Some(v as f64 * 100.0 / t as f64),
            _ => None,
        };
    }
    if total > 0 {
        let mut order: Vec<usize> = (0..view.choices.len()).collect();
        order.sort_by(|&a, &b| {
            view.choices[b].votes.unwrap_or(0).cmp(&view.choices[a].votes.unwrap_or(0))
        });
        for &i in order.iter().take(view.vote_for as usize) {
            if view.choices[i].votes.unwrap_or(0) > 0 {
                view.choices[i].leading = true;
            }
        }
    }
}

fn insert_profiles(conn: &Connection, profiles: &[Profile], origin: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO profile(id, contest_id, choice_id, name, doc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in profiles {
        let doc = serde_json::to_string(p).map_err(|e| Error::Profiles(e.to_string()))?;
        stmt.execute(params![p.id, p.contest_id, p.choice_id, p.name, doc, origin])?;
    }
    Ok(())
}

fn snapshot_by_id(conn: &Connection, id: i64) -> Result<SnapshotInfo> {
    Ok(conn.query_row(
        "SELECT id, election_id, source, fetched_at_ms, feed_timestamp, content_hash
         FROM snapshot WHERE id = ?1",
        [id],
        |r| {
            Ok(SnapshotInfo {
                id: r.get(0)?,
                election_id: r.get(1)?,
                source: r.get(2)?,
                fetched_at_ms: r.get(3)?,
                feed_timestamp: r.get(4)?,
                content_hash: r.get(5)?,
            })
        },
    )?)
}

/// What type-ahead matches a contest on: its titles, group, jurisdiction and choice names. Of
/// each pair (clean and raw title, group and jurisdiction, clean and raw name) the second is
/// added only where it differs from the first by more than case (the tokenizer folds case),
/// which halves the index on feeds that shout in capitals.
fn search_body(c: &crate::feeds::ParsedContest) -> String {
    let mut body = String::new();
    let mut add = |first: &str, second: &str| {
        body.push_str(first);
        body.push(' ');
        // The ASCII comparison is the quick answer for most pairs; Unicode folding the exact one.
        if !first.eq_ignore_ascii_case(second) && first.to_lowercase() != second.to_lowercase() {
            body.push_str(second);
            body.push(' ');
        }
    };
    add(&c.title, &c.raw_title);
    add(&c.group, &c.jurisdiction);
    for ch in &c.choices {
        add(&ch.name, &ch.raw_name);
    }
    body
}

fn latest_snapshot_id(conn: &Connection, election_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM snapshot WHERE election_id = ?1
             ORDER BY feed_timestamp DESC, id DESC LIMIT 1",
            [election_id],
            |r| r.get(0),
        )
        .optional()?)
}

fn votes_of(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, u64>> {
    let mut stmt =
        conn.prepare_cached("SELECT choice_id, votes FROM result WHERE snapshot_id = ?1")?;
    let rows = stmt.query_map([snapshot_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn status_of(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, Reporting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT contest_id, precincts_reported, precincts_total, ballots_cast,
                counties_reported, counties_total
         FROM contest_status WHERE snapshot_id = ?1",
    )?;
    let rows = stmt.query_map([snapshot_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Reporting {
                precincts_reported: r.get(1)?,
                precincts_total: r.get(2)?,
                ballots_cast: r.get::<_, Option<i64>>(3)?.map(|b| b as u64),
                counties_reported: r.get(4)?,
                counties_total: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

type ChoiceRow = (String, String, String, Option<String>);

fn choices_of(conn: &Connection, election_id: &str) -> Result<HashMap<String, Vec<ChoiceRow>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ch.contest_id, ch.id, ch.raw_name, ch.name, ch.party FROM choice ch
         JOIN contest c ON c.id = ch.contest_id WHERE c.election_id = ?1
         ORDER BY ch.contest_id, ch.ord",
    )?;
    let mut out: HashMap<String, Vec<ChoiceRow>> = HashMap::new();
    let mut rows = stmt.query([election_id])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
    }
    Ok(out)
}

/// The leader of each contest in one snapshot and its lead over the second choice in points,
/// where any vote was counted.
fn leaders(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, (String, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ch.contest_id, ch.name, r.votes FROM result r JOIN choice ch ON ch.id = r.choice_id
         WHERE r.snapshot_id = ?1 ORDER BY ch.contest_id, r.votes DESC, ch.ord",
    )?;
    let mut by_contest: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    let mut rows = stmt.query([snapshot_id])?;
    while let Some(r) = rows.next()? {
        let votes = r.get::<_, i64>(2)? as u64;
        by_contest.entry(r.get(0)?).or_default().push((r.get(1)?, votes));
    }
    Ok(by_contest
        .into_iter()
        .filter_map(|(contest, ranked)| {
            let total: u64 = ranked.iter().map(|x| x.1).sum();
            let (name, first) = ranked.first().cloned()?;
            let second = ranked.get(1).map(|x| x.1).unwrap_or(0);
            (total > 0).then(|| (contest, (name, (first - second) as f64 * 100.0 / total as f64)))
        })
        .collect())
}

/// The leader of a parsed contest and its lead in points, as `leaders` computes it from the cache.
fn leader_of(c: &crate::feeds::ParsedContest) -> Option<(String, f64)> {
    let mut ranked: Vec<(&str, u64)> =
        c.choices.iter().filter_map(|ch| Some((ch.name.as_str(), ch.votes?))).collect();
    ranked.sort_by_key(|x| std::cmp::Reverse(x.1)); // stable: ties keep ballot order
    let total: u64 = ranked.iter().map(|x| x.1).sum();
    let (name, first) = *ranked.first()?;
    let second = ranked.get(1).map(|x| x.1).unwrap_or(0);
    (total > 0).then(|| (name.to_string(), (first - second) as f64 * 100.0 / total as f64))
}

/// What a new count changes against the count that was newest before it (`None`: nothing
/// before). Same answer as `changes_between`, but the new side is read from the feed in memory:
/// reading a large count back out of the cache costs as much as writing it.
fn changes_to(
    conn: &Connection,
    before: Option<i64>,
    feed: &ParsedFeed,
) -> Result<Vec<ContestChange>> {
    let (old, old_leaders) = match before {
        Some(id) => (votes_of(conn, id)?, leaders(conn, id)?),
        None => (HashMap::new(), HashMap::new()),
    };
    let change = |contest_id: String, title: String, after: Option<(String, f64)>| {
        let before = old_leaders.get(&contest_id);
        ContestChange {
            leader_before: before.map(|l| l.0.clone()),
            margin_before: before.map(|l| l.1),
            margin_after: after.as_ref().map(|l| l.1),
            leader_after: after.map(|l| l.0),
            contest_id,
            title,
        }
    };
    let mut out = Vec::new();
    let mut listed = std::collections::HashSet::new();
    for c in &feed.contests {
        let differs = c.choices.iter().any(|ch| {
            let was = old.get(&ch.id).copied();
            was != ch.votes && (ch.votes.unwrap_or(0) > 0 || was.is_some())
        });
        if differs {
            listed.insert(c.id.as_str());
            out.push(change(c.id.clone(), c.title.clone(), leader_of(c)));
        }
    }
    // A choice (or a whole contest) that had votes and is gone from the new count is a change too.
    if old.is_empty() {
        return Ok(out);
    }
    let present: std::collections::HashSet<&str> =
        feed.contests.iter().flat_map(|c| c.choices.iter().map(|ch| ch.id.as_str())).collect();
    let mut owner = conn.prepare_cached(
        "SELECT c.id, c.title FROM choice ch JOIN contest c ON c.id = ch.contest_id
         WHERE ch.id = ?1",
    )?;
    let mut gone: Vec<(String, String)> = Vec::new();
    for id in old.keys().filter(|id| !present.contains(id.as_str())) {
        if let Some(row) = owner.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()? {
            gone.push(row);
        }
    }
    gone.sort();
    gone.dedup();
    for (contest_id, title) in gone {
        if listed.contains(contest_id.as_str()) {
            continue;
        }
        let after = feed.contests.iter().find(|c| c.id == contest_id).and_then(leader_of);
        out.push(change(contest_id, title, after));
    }
    Ok(out)
}

fn changes_between(
    conn: &Connection,
    before: i64,
    after: i64,
    election_id: &str,
) -> Result<Vec<ContestChange>> {
    let old = votes_of(conn, before)?;
    let new = votes_of(conn, after)?;
    let old_leaders = leaders(conn, before)?;
    let new_leaders = leaders(conn, after)?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.title, ch.id FROM contest c JOIN choice ch ON ch.contest_id = c.id
         WHERE c.election_id = ?1 ORDER BY c.ord, ch.ord",
    )?;
    let mut changed: Vec<(String, String)> = Vec::new();
    let mut rows = stmt.query([election_id])?;
    while let Some(r) = rows.next()? {
        let contest: String = r.get(0)?;
        let choice: String = r.get(2)?;
        if changed.last().is_some_and(|(id, _)| *id == contest) {
            continue;
        }
        let differs = old.get(&choice) != new.get(&choice);
        let counted = new.get(&choice).copied().unwrap_or(0) > 0 || old.contains_key(&choice);
        if differs && counted {
            changed.push((contest, r.get(1)?));
        }
    }
    Ok(changed
        .into_iter()
        .map(|(contest_id, title)| ContestChange {
            leader_before: old_leaders.get(&contest_id).map(|l| l.0.clone()),
            leader_after: new_leaders.get(&contest_id).map(|l| l.0.clone()),
            margin_before: old_leaders.get(&contest_id).map(|l| l.1),
            margin_after: new_leaders.get(&contest_id).map(|l| l.1),
            contest_id,
            title,
        })
        .collect())
}
