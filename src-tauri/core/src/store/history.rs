//! Snapshots and the count over time: which counts are stored, which is newest, and one
//! contest's figures across all of them.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::{ContestHistory, Election, HistoryChoice, HistoryPoint, SnapshotInfo};

use super::Reader;

impl Reader {
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

    /// What the election's latest count says is still to be counted (NIST
    /// `BallotsOutstanding`), with that count's timestamp; `None` where it does not say.
    pub fn ballots_outstanding(&self, election_id: &str) -> Result<Option<(u64, String)>> {
        let Some(id) = latest_snapshot_id(&self.conn, election_id)? else { return Ok(None) };
        let row: (Option<i64>, String) = self.conn.query_row(
            "SELECT ballots_outstanding, feed_timestamp FROM snapshot WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(row.0.map(|b| (b.max(0) as u64, row.1)))
    }

    /// The turnout the election's latest count gives (ballots cast, registered voters, by
    /// area); `None` where it gives none.
    pub fn turnout(&self, election_id: &str) -> Result<Option<crate::model::Turnout>> {
        let Some(id) = latest_snapshot_id(&self.conn, election_id)? else { return Ok(None) };
        let text: Option<String> =
            self.conn
                .query_row("SELECT turnout FROM snapshot WHERE id = ?1", [id], |r| r.get(0))?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| {
                crate::Error::from(crate::error::StoreError::IntegrityFailed(format!(
                    "a stored turnout is unreadable: {e}"
                )))
            })
        })
        .transpose()
    }

    /// The newest snapshot's id for an election, if any.
    pub fn latest_snapshot_id(&self, election_id: &str) -> Result<Option<i64>> {
        latest_snapshot_id(&self.conn, election_id)
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

    /// A contest's choices (id and display name) in ballot order.
    pub(super) fn contest_choices(&self, contest_id: &str) -> Result<Vec<HistoryChoice>> {
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
            .ok_or_else(|| Error::not_found(format!("contest {contest_id}")))?;
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
        // Each count's figures are those stored under the newest `count_at` row at or before it
        // (by snapshot id, the order counts were stored).
        let mut stmt = self.conn.prepare_cached(
            "SELECT snapshot_id FROM count_at WHERE contest_id = ?1 ORDER BY snapshot_id",
        )?;
        let stored: Vec<i64> =
            stmt.query_map([contest_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut by_stored: HashMap<i64, Vec<Option<u64>>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT r.snapshot_id, r.choice_id, r.votes FROM choice c
             CROSS JOIN result r ON r.choice_id = c.id WHERE c.contest_id = ?1",
        )?;
        let mut rows = stmt.query([contest_id])?;
        while let Some(r) = rows.next()? {
            let snap: i64 = r.get(0)?;
            let choice: String = r.get(1)?;
            let votes: i64 = r.get(2)?;
            if let Some(&c) = index.get(choice.as_str()) {
                by_stored.entry(snap).or_insert_with(|| vec![None; choices.len()])[c] =
                    Some(votes as u64);
            }
        }
        for p in &mut points {
            let at = stored.partition_point(|&s| s <= p.snapshot_id);
            if let Some(v) = at.checked_sub(1).and_then(|i| by_stored.get(&stored[i])) {
                p.votes.clone_from(v);
            }
        }
        // A snapshot in which this contest has no figure at all says nothing about it.
        points.retain(|p| p.votes.iter().any(Option::is_some));
        let counts: Vec<(String, Vec<Option<u64>>)> =
            points.iter().map(|p| (p.feed_timestamp.clone(), p.votes.clone())).collect();
        let updates = crate::tally::updates(&counts);
        Ok(ContestHistory { contest_id: contest_id.to_string(), title, choices, points, updates })
    }

    pub(super) fn latest_two(
        &self,
        election_id: &str,
    ) -> Result<(Option<SnapshotInfo>, Option<SnapshotInfo>)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM snapshot WHERE election_id = ?1
             ORDER BY feed_timestamp DESC, id DESC LIMIT 2",
        )?;
        let ids: Vec<i64> =
            stmt.query_map([election_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let latest = ids.first().map(|&id| snapshot_by_id(&self.conn, id)).transpose()?;
        let previous = ids.get(1).map(|&id| snapshot_by_id(&self.conn, id)).transpose()?;
        Ok((latest, previous))
    }
}

pub(super) fn snapshot_by_id(conn: &Connection, id: i64) -> Result<SnapshotInfo> {
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

pub(super) fn latest_snapshot_id(conn: &Connection, election_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM snapshot WHERE election_id = ?1
             ORDER BY feed_timestamp DESC, id DESC LIMIT 1",
            [election_id],
            |r| r.get(0),
        )
        .optional()?)
}
