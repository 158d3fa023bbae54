//! Per-feed state: conditional-GET validators, the last outcome, and the verified files of
//! signed feeds that later deltas build on.

use rusqlite::{params, OptionalExtension};

use crate::error::Result;

use super::{Reader, Store};

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
    /// For a Clarity results site: the version of its files last stored.
    pub version: Option<String>,
    /// For a Clarity state site: its county sites as its settings last listed them (JSON).
    pub counties: Option<String>,
    /// For a plain feed: the hash of its last body that was stored (`sync::body_hash`), and the
    /// count it made (migration 021).
    pub body_sha256: Option<String>,
    pub body_snapshot: Option<i64>,
}

impl Reader {
    pub fn feed_state(&self, url: &str) -> Result<Option<FeedState>> {
        Ok(self
            .conn
            .query_row(
                "SELECT url, etag, last_modified, last_checked_ms, last_success_ms,
                        last_error_code, last_error, last_sequence, version, counties,
                        body_sha256, body_snapshot
                 FROM feed_state WHERE url = ?1",
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
                        version: r.get(8)?,
                        counties: r.get(9)?,
                        body_sha256: r.get(10)?,
                        body_snapshot: r.get(11)?,
                    })
                },
            )
            .optional()?)
    }

    /// True when count `id` is stored (a feed's last body is known unchanged only while the
    /// count it made is there).
    pub fn has_snapshot(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM snapshot WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT bytes FROM feed_blob WHERE hash = ?1", [hash], |r| r.get(0))
            .optional()?)
    }
}

impl Store {
    pub fn put_feed_state(&self, s: &FeedState) -> Result<()> {
        self.conn.execute(
            "INSERT INTO feed_state(url, etag, last_modified, last_checked_ms, last_success_ms,
                                    last_error_code, last_error, last_sequence, version, counties,
                                    body_sha256, body_snapshot)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,
                last_modified = excluded.last_modified, last_checked_ms = excluded.last_checked_ms,
                last_success_ms = excluded.last_success_ms,
                last_error_code = excluded.last_error_code, last_error = excluded.last_error,
                last_sequence = excluded.last_sequence, version = excluded.version,
                counties = excluded.counties, body_sha256 = excluded.body_sha256,
                body_snapshot = excluded.body_snapshot",
            params![
                s.url,
                s.etag,
                s.last_modified,
                s.last_checked_ms,
                s.last_success_ms,
                s.last_error_code,
                s.last_error,
                s.last_sequence,
                s.version,
                s.counties,
                s.body_sha256,
                s.body_snapshot
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
}
