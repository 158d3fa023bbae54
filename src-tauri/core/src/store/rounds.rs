//! Ranked-choice rounds per stored count (migration 010): one JSON row per contest and snapshot.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result, StoreError};
use crate::rcv::{Origin, Tabulation};

fn origin_text(o: Origin) -> &'static str {
    match o {
        Origin::Report => "report",
        Origin::Preliminary => "preliminary",
    }
}

fn decode(body: &str) -> Result<Tabulation> {
    serde_json::from_str(body).map_err(|e| {
        Error::from(StoreError::IntegrityFailed(format!(
            "a stored ranked-choice count is unreadable: {e}"
        )))
    })
}

pub(super) fn insert(
    conn: &Connection,
    snapshot_id: i64,
    contest_id: &str,
    tab: &Tabulation,
) -> Result<()> {
    let body = serde_json::to_string(tab).map_err(|e| {
        Error::from(StoreError::IntegrityFailed(format!("rounds could not be encoded: {e}")))
    })?;
    conn.prepare_cached(
        "INSERT INTO rounds(snapshot_id, contest_id, origin, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![snapshot_id, contest_id, origin_text(tab.origin), body])?;
    Ok(())
}

/// Every contest's rounds in one snapshot, by contest id.
pub(super) fn rounds_in(
    conn: &Connection,
    snapshot_id: i64,
) -> Result<HashMap<String, Tabulation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{} SELECT r.contest_id, r.body FROM at
         CROSS JOIN rounds r ON r.snapshot_id = at.stored AND r.contest_id = at.contest_id",
        super::count_at::AS_OF
    ))?;
    let rows =
        stmt.query_map([snapshot_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, body) = row?;
        out.insert(id, decode(&body)?);
    }
    Ok(out)
}

/// Whether any count of the election of count `snapshot_id`, up to it, stored rounds: most
/// elections have none, and then a per-contest read of the count need not look for them.
pub(super) fn any_up_to(conn: &Connection, snapshot_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM rounds r JOIN snapshot s ON s.id = r.snapshot_id
                            WHERE r.snapshot_id <= ?1
                              AND s.election_id = (SELECT election_id FROM snapshot WHERE id = ?1))",
        )?
        .query_row([snapshot_id], |r| r.get(0))?)
}

/// One contest's rounds as stored under one snapshot (the caller finds which, by `stored_at`).
pub(super) fn rounds_of(
    conn: &Connection,
    snapshot_id: i64,
    contest_id: &str,
) -> Result<Option<Tabulation>> {
    conn.prepare_cached("SELECT body FROM rounds WHERE snapshot_id = ?1 AND contest_id = ?2")?
        .query_row(params![snapshot_id, contest_id], |r| r.get::<_, String>(0))
        .optional()?
        .map(|b| decode(&b))
        .transpose()
}
