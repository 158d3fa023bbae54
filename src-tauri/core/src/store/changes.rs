//! What a count changed. One rule decides whether a contest changed (`tally::count_changed` on
//! each of its choices) and one decides who leads (`tally::lead`), whether the new count is
//! still in memory (`changes_to`, during apply) or both are in the cache (`changes_between`).

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::feeds::{ParsedContest, ParsedFeed};
use crate::model::ContestChange;
use crate::tally::{count_changed, lead};

use super::history::latest_snapshot_id;
use super::Reader;

/// Votes per choice id in one snapshot; a choice with no row has no count.
pub(super) fn votes_of(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, u64>> {
    let mut stmt =
        conn.prepare_cached("SELECT choice_id, votes FROM result WHERE snapshot_id = ?1")?;
    let rows = stmt.query_map([snapshot_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Each contest's leader (display name) and lead in points in one snapshot, where any vote was
/// counted.
fn leads(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, (String, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ch.contest_id, ch.name, r.votes FROM result r JOIN choice ch ON ch.id = r.choice_id
         WHERE r.snapshot_id = ?1 ORDER BY ch.contest_id, ch.ord",
    )?;
    let mut by_contest: HashMap<String, (Vec<String>, Vec<Option<u64>>)> = HashMap::new();
    let mut rows = stmt.query([snapshot_id])?;
    while let Some(r) = rows.next()? {
        let entry = by_contest.entry(r.get(0)?).or_default();
        entry.0.push(r.get(1)?);
        entry.1.push(Some(r.get::<_, i64>(2)? as u64));
    }
    Ok(by_contest
        .into_iter()
        .filter_map(|(contest, (names, votes))| {
            let l = lead(&votes)?;
            Some((contest, (names[l.leader as usize].clone(), l.points)))
        })
        .collect())
}

/// The leader of a parsed contest and its lead in points, by the same rule as `leads`.
fn lead_of(c: &ParsedContest) -> Option<(String, f64)> {
    let votes: Vec<Option<u64>> = c.choices.iter().map(|ch| ch.votes).collect();
    let l = lead(&votes)?;
    Some((c.choices[l.leader as usize].name.clone(), l.points))
}

fn change(
    contest_id: String,
    title: String,
    before: Option<&(String, f64)>,
    after: Option<(String, f64)>,
) -> ContestChange {
    ContestChange {
        leader_before: before.map(|l| l.0.clone()),
        margin_before: before.map(|l| l.1),
        margin_after: after.as_ref().map(|l| l.1),
        leader_after: after.map(|l| l.0),
        contest_id,
        title,
    }
}

/// What a new count changes against the count that was newest before it (`None`: nothing
/// before). The new side is read from the feed in memory: reading a large count back out of the
/// cache costs as much as writing it.
pub(super) fn changes_to(
    conn: &Connection,
    before: Option<i64>,
    feed: &ParsedFeed,
) -> Result<Vec<ContestChange>> {
    let (old, old_leads) = match before {
        Some(id) => (votes_of(conn, id)?, leads(conn, id)?),
        None => (HashMap::new(), HashMap::new()),
    };
    let mut out = Vec::new();
    let mut listed = HashSet::new();
    for c in &feed.contests {
        if c.choices.iter().any(|ch| count_changed(old.get(&ch.id).copied(), ch.votes)) {
            listed.insert(c.id.as_str());
            out.push(change(c.id.clone(), c.title.clone(), old_leads.get(&c.id), lead_of(c)));
        }
    }
    // A choice (or a whole contest) that had a count and is gone from the new count is a change.
    if old.is_empty() {
        return Ok(out);
    }
    let present: HashSet<&str> =
        feed.contests.iter().flat_map(|c| c.choices.iter().map(|ch| ch.id.as_str())).collect();
    let mut owner = conn.prepare_cached(
        "SELECT c.id, c.title FROM choice ch JOIN contest c ON c.id = ch.contest_id
         WHERE ch.id = ?1",
    )?;
    let mut gone: Vec<(String, String)> = Vec::new();
    for (id, &votes) in old.iter().filter(|(id, _)| !present.contains(id.as_str())) {
        if !count_changed(Some(votes), None) {
            continue;
        }
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
        let after = feed.contests.iter().find(|c| c.id == contest_id).and_then(lead_of);
        let before = old_leads.get(&contest_id);
        out.push(change(contest_id, title, before, after));
    }
    Ok(out)
}

/// What changed between two stored counts of one election (`before`: `None` when there was no
/// count before), contests in ballot order.
fn changes_between(
    conn: &Connection,
    before: Option<i64>,
    after: i64,
    election_id: &str,
) -> Result<Vec<ContestChange>> {
    let (old, old_leads) = match before {
        Some(id) => (votes_of(conn, id)?, leads(conn, id)?),
        None => (HashMap::new(), HashMap::new()),
    };
    let new = votes_of(conn, after)?;
    let new_leads = leads(conn, after)?;
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
        if count_changed(old.get(&choice).copied(), new.get(&choice).copied()) {
            changed.push((contest, r.get(1)?));
        }
    }
    Ok(changed
        .into_iter()
        .map(|(id, title)| {
            let after = new_leads.get(&id).cloned();
            change(id.clone(), title, old_leads.get(&id), after)
        })
        .collect())
}

impl Reader {
    /// What the newest count changed against the snapshot that was newest before (`None`: the
    /// election had no count before).
    pub fn changes_since(
        &self,
        election_id: &str,
        before: Option<i64>,
    ) -> Result<Vec<ContestChange>> {
        match latest_snapshot_id(&self.conn, election_id)? {
            Some(now) if Some(now) != before => {
                changes_between(&self.conn, before, now, election_id)
            }
            _ => Ok(vec![]),
        }
    }

    /// What the newest count changed against the one before it, by feed time.
    pub fn changes_in_latest(&self, election_id: &str) -> Result<Vec<ContestChange>> {
        match self.latest_two(election_id)? {
            (Some(latest), Some(previous)) => {
                changes_between(&self.conn, Some(previous), latest.id, election_id)
            }
            _ => Ok(vec![]),
        }
    }
}
