//! The SQLite cache, in rooms by what each part owns (as Yaak's `queries/*` and GitButler's
//! `but-db/src/table/*` are): opening and repair here, the schema in `migrations`, writing a
//! snapshot in `apply`, and one module per thing read.
//!
//! Two kinds of handle share one file. A [`Reader`] can only read (`query_only`); a [`Store`] is
//! the one writer and derefs to a `Reader` for its own reads. WAL lets readers see the last
//! committed count while the writer applies the next, so the app gives reads their own
//! connections ([`ReadPool`]) and they never wait on a refresh.

mod apply;
mod areas;
mod changes;
mod contests;
mod count_at;
mod enums;
mod feed_state;
mod history;
mod migrations;
mod order;
mod pool;
mod profiles;
mod rounds;
mod search;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result, StoreError};

pub use apply::ApplyOutcome;
pub use contests::ContestQuery;
pub use enums::ProfileOrigin;
pub use feed_state::FeedState;
pub use order::{closeness, group, Kept, ResultsGroup, ResultsSort, LEVEL_ORDER};
pub use pool::{PooledReader, ReadPool};
pub use search::fts_query;

/// The page cache, in KiB. Ids are hashes, so inserts land all over each B-tree; 32 MiB (instead
/// of SQLite's 2 MiB) keeps a statewide import from re-reading pages from disk.
const CACHE_KIB: i64 = 32_768;

/// Address space a read connection may map (SQLite caps it at its own build limit, 2 GiB).
const MMAP_BYTES: i64 = 1 << 30;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A connection that reads. Every read of the cache is a method of this type, so the same code
/// serves the writer's own reads and the pool's.
pub struct Reader {
    pub(crate) conn: Connection,
}

/// The one writer. Reads go through `Deref` to its [`Reader`].
pub struct Store {
    reader: Reader,
    /// True when this open created the schema from nothing (a new or rebuilt cache).
    created: bool,
    /// False when the file was too large to read every page of at open: [`verify`] is owed.
    checked: bool,
}

/// Closing folds the WAL back into the file, whoever else still has it open: readers from the
/// pool can outlive the writer by a moment, and the last connection to close is the one SQLite
/// would otherwise leave this to. A cache closed this way is one self-contained file.
impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.reader.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}

impl Deref for Store {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        &self.reader
    }
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
    ///
    /// "Corrupt" is what `PRAGMA quick_check` finds, which reads every page: for a cache of up to
    /// [`CHECK_AT_OPEN_BYTES`] that is done here, and a larger one (a state's count) opens at
    /// once and is checked later by [`verify`], off the launch: on a cache of 464 MB the check
    /// took 2.3–4.2 s, all of it before the window appeared. What `verify` found damaged is
    /// rebuilt by the next open.
    pub fn open_or_rebuild(path: &Path) -> Result<(Store, OpenReport)> {
        Self::open_or_rebuild_checking(path, CHECK_AT_OPEN_BYTES)
    }

    /// [`Self::open_or_rebuild`], checking every page now when the file is at most `up_to` bytes.
    #[doc(hidden)]
    pub fn open_or_rebuild_checking(path: &Path, up_to: u64) -> Result<(Store, OpenReport)> {
        let first = Self::open(path).and_then(|s| {
            if let Ok(verdict) = std::fs::read_to_string(damage_note(path)) {
                return Err(Error::Store(StoreError::IntegrityFailed(verdict)));
            }
            let mut s = s;
            s.checked = s.file_bytes()? <= up_to;
            if s.checked {
                s.check_integrity()?;
            }
            Ok(s)
        });
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
                let _ = std::fs::remove_file(damage_note(path));
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
            Error::Store(StoreError::Db(e)) => unwritable(e),
            Error::Store(StoreError::Migration(rusqlite_migration::Error::RusqliteError {
                err,
                ..
            })) => unwritable(err),
            Error::Io { .. } => true,
            _ => false,
        }
    }

    fn is_broken_cache(err: &Error) -> bool {
        use rusqlite::ErrorCode::*;
        match err {
            Error::Store(StoreError::Db(rusqlite::Error::SqliteFailure(e, _))) => {
                matches!(e.code, NotADatabase | DatabaseCorrupt)
            }
            Error::Store(StoreError::Db(_)) => false,
            e @ Error::Store(StoreError::Migration(_)) => !Self::is_unwritable(e),
            Error::Store(StoreError::IntegrityFailed(_)) => true,
            _ => false,
        }
    }

    /// The file's size in pages, as SQLite counts it (the write-ahead log aside).
    fn file_bytes(&self) -> Result<u64> {
        let pages: u64 = self.conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        let size: u64 = self.conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
        Ok(pages.saturating_mul(size))
    }

    fn check_integrity(&self) -> Result<()> {
        let verdict = quick_check(&self.conn)?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(Error::Store(StoreError::IntegrityFailed(verdict)))
        }
    }

    fn init(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL lets the UI read while a sync writes; NORMAL is durable enough with WAL (a power
        // cut may lose the last commit, never corrupt), and this cache can always be refetched.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        // The writer reads through a mapping too (its writes still go through the WAL): a
        // refresh reads the previous figures of the contests it changed, and at a million rows
        // that read took 0.43 s mapped against 0.6 s through `pread`.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        let before: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        // Migrations run with foreign-key enforcement off: rebuilding a table (018) drops the old
        // one, which with enforcement on would delete every row that refers to it. A migration
        // that rebuilds one runs `PRAGMA foreign_key_check` before it commits.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrations::MIGRATIONS.to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store { reader: Reader { conn }, created: before == 0, checked: true })
    }

    /// True when this open made the schema from nothing.
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// False when this open left the check of every page to [`verify`] (a large file).
    pub fn was_checked(&self) -> bool {
        self.checked
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn conn_mut(&mut self) -> &mut Connection {
        &mut self.reader.conn
    }
}

/// The largest cache whose every page is checked when it opens: a few tens of milliseconds. LA's
/// whole count with its history is about 5 MB.
pub const CHECK_AT_OPEN_BYTES: u64 = 32 << 20;

/// SQLite's verdict on every page of the file: "ok", or what is wrong.
fn quick_check(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("PRAGMA quick_check", [], |r| r.get(0))
}

/// Beside the cache: what [`verify`] found, for the next open to rebuild from.
fn damage_note(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.damaged", path.display()))
}

/// Runs `PRAGMA quick_check` over the cache at `path` on a read-only connection of its own, while
/// the app goes on reading and writing. When it finds damage it leaves its verdict beside the
/// file, and the next [`Store::open_or_rebuild`] moves the file aside and rebuilds: this run
/// keeps the cache it has (a read that meets a damaged page fails with the cache's error code),
/// and no file is replaced under connections still open on it. Returns the verdict.
pub fn verify(path: &Path) -> Result<String> {
    let reader = Reader::open(path)?;
    let verdict = match quick_check(&reader.conn) {
        Ok(verdict) => verdict,
        // Damage bad enough to stop the check itself is a verdict too.
        Err(e) => match Error::from(e) {
            e if Store::is_broken_cache(&e) => e.to_string(),
            e => return Err(e),
        },
    };
    if verdict != "ok" {
        std::fs::write(damage_note(path), &verdict)
            .map_err(|source| Error::Io { path: damage_note(path), source })?;
    }
    Ok(verdict)
}

impl Reader {
    /// A read-only connection to a cache the writer has already opened and migrated.
    pub fn open(path: &Path) -> Result<Reader> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", "ON")?;
        // Pages are read from a mapping of the file instead of one `pread` each. While the
        // writer applies a large count, the reads' p95 was 2.4–3.4× their idle time through
        // `pread`, and 1.5–1.9× mapped (figure 3, A/B in one run). A mapping is only safe to
        // read while no other program truncates the file, which holds for this private cache.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        Ok(Reader { conn })
    }

    /// Runs several reads as one: inside a read transaction every statement sees the same
    /// committed count, even if the writer commits a new one halfway through.
    pub fn consistent<T>(&self, f: impl FnOnce(&Reader) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = f(self)?;
        tx.finish()?;
        Ok(out)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
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
}
