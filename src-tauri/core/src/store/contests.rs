//! Contests with their latest figures: the results list, search results, and one contest's page.
//! Figures (totals, shares, order, lead) come from `tally`, the one place that ranks choices.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{ChoiceView, ContestKind, ContestView, Reporting, SnapshotInfo};
use crate::rcv::Tabulation;
use crate::tally;

use super::changes::votes_of;
use super::count_at::{self, AS_OF};
use super::Reader;

/// Which contests to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContestQuery {
    pub election_id: Option<String>,
    /// Case-insensitive match on the contest title (raw or clean), office, jurisdiction, group,
    /// or any choice's name. With text, the most-voted contests come first.
    pub text: Option<String>,
    pub kind: Option<ContestKind>,
    pub ids: Option<Vec<String>>,
}

const CONTEST_COLUMNS: &str = "id, election_id, grp, raw_title, title, office, jurisdiction, kind,
                               level, vote_for, pass_rule, measure_text, rowid, raw_kind";

/// A contest row in `CONTEST_COLUMNS` order, as a view with no figures yet, and its rowid.
fn contest_row(r: &Row<'_>) -> rusqlite::Result<(ContestView, i64)> {
    let view = ContestView {
        id: r.get(0)?,
        election_id: r.get(1)?,
        group: r.get(2)?,
        raw_title: r.get(3)?,
        title: r.get(4)?,
        office: r.get(5)?,
        jurisdiction: r.get(6)?,
        kind: r.get(7)?,
        level: r.get(8)?,
        vote_for: r.get(9)?,
        pass_rule: r.get(10)?,
        measure_text: r.get(11)?,
        raw_kind: r.get(13)?,
        choices: Vec::new(),
        total_votes: 0,
        as_of: None,
        time_zone: None,
        reporting: Reporting::default(),
        changed_in_latest: false,
        votes_added: None,
        last_update: None,
        rank: Vec::new(),
        lead: None,
        status: tally::Status::NotCounted,
        rounds: None,
    };
    Ok((view, r.get(12)?))
}

/// A choice row: id, raw name, name, party.
type ChoiceRow = (String, String, String, Option<String>);

/// The two counts a view is made from: the latest, and the one before it (for "changed").
struct Counts<'a> {
    as_of: Option<String>,
    before_as_of: Option<String>,
    now: &'a HashMap<String, u64>,
    before: Option<&'a HashMap<String, u64>>,
    reporting: &'a HashMap<String, Reporting>,
    profiles: &'a HashMap<String, String>,
    /// Ranked-choice rounds in the latest count and the one before, by contest.
    rounds: &'a HashMap<String, Tabulation>,
    rounds_before: Option<&'a HashMap<String, Tabulation>>,
}

fn fill(view: &mut ContestView, choices: Vec<ChoiceRow>, counts: &Counts<'_>) {
    view.as_of = counts.as_of.clone();
    view.time_zone = crate::feeds::time_zone(&view.election_id).map(str::to_owned);
    view.reporting = counts.reporting.get(&view.id).cloned().unwrap_or_default();
    view.rounds = counts.rounds.get(&view.id).cloned();
    view.changed_in_latest = counts.before.is_some_and(|before| {
        choices.iter().any(|(id, ..)| {
            tally::count_changed(before.get(id).copied(), counts.now.get(id).copied())
        })
    }) || counts
        .rounds_before
        .is_some_and(|before| tally::rounds_changed(before.get(&view.id), view.rounds.as_ref()));
    // The count before's total for this contest, when that count had figures for it.
    let before_total = counts.before.and_then(|before| {
        let had: Vec<u64> = choices.iter().filter_map(|(id, ..)| before.get(id).copied()).collect();
        (!had.is_empty()).then(|| had.iter().sum::<u64>())
    });
    let ids: Vec<String> = choices.iter().map(|(id, ..)| id.clone()).collect();
    view.choices = choices
        .into_iter()
        .map(|(id, raw_name, name, party)| ChoiceView {
            votes: counts.now.get(&id).copied(),
            profile_id: counts.profiles.get(&id).cloned(),
            id,
            raw_name,
            name,
            party,
            percent: None,
            leading: false,
            winner: None,
        })
        .collect();
    finish_figures(view);
    view.votes_added = before_total.map(|b| view.total_votes as i64 - b as i64);
    // What the latest count added, choice by choice, when the count before had this contest.
    if let (Some(before), Some(from), Some(to), Some(_)) =
        (counts.before, &counts.before_as_of, &view.as_of, before_total)
    {
        let was: Vec<Option<u64>> = ids.iter().map(|id| before.get(id).copied()).collect();
        let now: Vec<Option<u64>> = view.choices.iter().map(|c| c.votes).collect();
        view.last_update =
            tally::updates(&[(from.clone(), was), (to.clone(), now)]).into_iter().next();
    }
}

/// Totals, shares, order, lead and the "leading" marks, all from `tally`.
fn finish_figures(view: &mut ContestView) {
    let votes: Vec<Option<u64>> = view.choices.iter().map(|c| c.votes).collect();
    view.total_votes = votes.iter().flatten().sum();
    let total = view.total_votes;
    for c in &mut view.choices {
        c.percent = match c.votes {
            Some(v) if total > 0 => Some(v as f64 * 100.0 / total as f64),
            _ => None,
        };
    }
    let names: Vec<&str> = view.choices.iter().map(|c| c.raw_name.as_str()).collect();
    let status = match &view.rounds {
        Some(tab) => tally::rounds(tab, &names),
        None => tally::status(view.kind, view.vote_for, view.pass_rule.as_deref(), &names, &votes),
    };
    if let tally::Status::Rounds(r) = &status {
        for e in &r.elected {
            view.choices[e.choice as usize].winner = Some(true);
        }
    }
    for i in tally::ahead(&status) {
        view.choices[i as usize].leading = true;
    }
    view.status = status;
    view.rank = tally::rank(&votes).into_iter().map(|i| i as u32).collect();
    view.lead = tally::lead(&votes);
}

fn status_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Reporting> {
    Ok(Reporting {
        precincts_reported: r.get(at)?,
        precincts_total: r.get(at + 1)?,
        ballots_cast: r.get::<_, Option<i64>>(at + 2)?.map(|b| b as u64),
        counties_reported: r.get(at + 3)?,
        counties_total: r.get(at + 4)?,
    })
}

fn status_of(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, Reporting>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{AS_OF} SELECT s.contest_id, s.precincts_reported, s.precincts_total, s.ballots_cast,
                s.counties_reported, s.counties_total
         FROM at CROSS JOIN contest_status s
              ON s.snapshot_id = at.stored AND s.contest_id = at.contest_id"
    ))?;
    let rows =
        stmt.query_map([snapshot_id], |r| Ok((r.get::<_, String>(0)?, status_row(r, 1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

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

/// Above this many contests a query reads the election's figures in bulk (one pass over the
/// count is then cheaper than a lookup per contest).
const FEW: usize = 200;

impl Reader {
    /// The matched contests (rowid, id) in ballot order, when the query names at most [`FEW`]
    /// of them; `None` for a query that lists an election, or more than that.
    fn few(
        &self,
        q: &ContestQuery,
        elections: &[String],
        matching: Option<&HashMap<i64, bool>>,
    ) -> Result<Option<Vec<(i64, String)>>> {
        let by_rowid = matching.filter(|m| m.len() <= FEW);
        let by_id = q.ids.as_ref().filter(|ids| ids.len() <= FEW);
        if by_rowid.is_none() && by_id.is_none() {
            return Ok(None);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid, id, election_id, ord FROM contest WHERE rowid = ?1")?;
        let mut by_id_stmt = self
            .conn
            .prepare_cached("SELECT rowid, id, election_id, ord FROM contest WHERE id = ?1")?;
        let mut rows: Vec<(i64, String, String, i64)> = Vec::new();
        let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
        match (by_rowid, by_id) {
            (Some(m), _) => {
                for rowid in m.keys() {
                    rows.extend(stmt.query_row([rowid], row).optional()?);
                }
            }
            (None, Some(ids)) => {
                for id in ids {
                    rows.extend(by_id_stmt.query_row([id], row).optional()?);
                }
            }
            (None, None) => {}
        }
        rows.retain(|(_, id, election, _)| {
            elections.contains(election) && q.ids.as_ref().is_none_or(|ids| ids.contains(id))
        });
        let order = |e: &String| elections.iter().position(|x| x == e).unwrap_or(usize::MAX);
        rows.sort_by_key(|r| (order(&r.2), r.3));
        Ok(Some(rows.into_iter().map(|(rowid, id, _, _)| (rowid, id)).collect()))
    }

    /// One contest with its latest figures, read by id: its own row, choices and counts only.
    pub fn contest(&self, id: &str) -> Result<ContestView> {
        let sql = format!("SELECT {CONTEST_COLUMNS} FROM contest WHERE id = ?1");
        let (mut view, _) = self
            .conn
            .query_row(&sql, [id], contest_row)
            .optional()?
            .ok_or_else(|| Error::not_found(format!("contest {id}")))?;
        let choices: Vec<ChoiceRow> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, raw_name, name, party FROM choice WHERE contest_id = ?1 ORDER BY ord",
            )?;
            let rows =
                stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        // Each count's figures of this contest are stored under the count that last changed them.
        let (latest, previous) = self.latest_two(&view.election_id)?;
        let stored = |s: &Option<SnapshotInfo>| -> Result<Option<i64>> {
            match s {
                Some(s) => count_at::stored_at(&self.conn, id, s.id),
                None => Ok(None),
            }
        };
        let (now_at, before_at) = (stored(&latest)?, stored(&previous)?);
        let votes = |stored: Option<i64>| -> Result<HashMap<String, u64>> {
            let Some(snapshot) = stored else { return Ok(HashMap::new()) };
            let mut stmt = self.conn.prepare_cached(
                // CROSS JOIN keeps SQLite from walking the whole count (`result` by snapshot)
                // and filtering it by contest: with no statistics it may choose that order,
                // which at a million rows made one contest's page take seconds.
                "SELECT r.choice_id, r.votes FROM choice ch
                 CROSS JOIN result r ON r.snapshot_id = ?1 AND r.choice_id = ch.id
                 WHERE ch.contest_id = ?2",
            )?;
            let rows = stmt.query_map(params![snapshot, id], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let now = votes(now_at)?;
        let before = previous.as_ref().map(|_| votes(before_at)).transpose()?;
        let mut reporting = HashMap::new();
        if let Some(at) = now_at {
            let status = self
                .conn
                .query_row(
                    "SELECT precincts_reported, precincts_total, ballots_cast, counties_reported,
                            counties_total
                     FROM contest_status WHERE snapshot_id = ?1 AND contest_id = ?2",
                    params![at, id],
                    |r| status_row(r, 0),
                )
                .optional()?;
            reporting.extend(status.map(|st| (id.to_string(), st)));
        }
        let profiles: HashMap<String, String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT p.choice_id, p.id FROM choice ch JOIN profile p ON p.choice_id = ch.id
                 WHERE ch.contest_id = ?1",
            )?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let one_rounds = |stored: Option<i64>| -> Result<HashMap<String, Tabulation>> {
            let Some(snapshot) = stored else { return Ok(HashMap::new()) };
            Ok(super::rounds::rounds_of(&self.conn, snapshot, id)?
                .map(|t| (id.to_string(), t))
                .into_iter()
                .collect())
        };
        let rounds = one_rounds(now_at)?;
        let rounds_before = previous.as_ref().map(|_| one_rounds(before_at)).transpose()?;
        let counts = Counts {
            as_of: latest.map(|s| s.feed_timestamp),
            before_as_of: previous.map(|s| s.feed_timestamp),
            now: &now,
            before: before.as_ref(),
            reporting: &reporting,
            profiles: &profiles,
            rounds: &rounds,
            rounds_before: rounds_before.as_ref(),
        };
        fill(&mut view, choices, &counts);
        Ok(view)
    }

    /// The one election named, or every stored election (oldest first) when none is.
    pub(super) fn elections_of(&self, election_id: Option<&str>) -> Result<Vec<String>> {
        Ok(match election_id {
            Some(id) => vec![id.to_string()],
            None => self.elections()?.into_iter().map(|e| e.id).collect(),
        })
    }

    /// Contests with their latest figures.
    pub fn contests(&self, q: &ContestQuery) -> Result<Vec<ContestView>> {
        let elections = self.elections_of(q.election_id.as_deref())?;
        let profiles: HashMap<String, String> = {
            let mut stmt = self.conn.prepare("SELECT choice_id, id FROM profile")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        // Each match's rowid, and whether it matched by title or name (not only measure text).
        let matching: Option<HashMap<i64, bool>> = match q.text.as_deref() {
            Some(t) if !t.trim().is_empty() => Some(self.search(t)?.into_iter().collect()),
            _ => None,
        };
        // A narrow query (a search for one race, the followed races) reads only its contests,
        // each by its own indexed lookups, rather than every figure of the election.
        if let Some(rowids) = self.few(q, &elections, matching.as_ref())? {
            let mut out = Vec::with_capacity(rowids.len());
            for (rowid, id) in rowids {
                let view = self.contest(&id)?;
                if q.kind.is_some_and(|k| k != view.kind) {
                    continue;
                }
                out.push((matching.as_ref().and_then(|m| m.get(&rowid)).copied(), view));
            }
            if matching.is_some() {
                out.sort_by_key(|(by_title, c)| {
                    (std::cmp::Reverse(*by_title), std::cmp::Reverse(c.total_votes))
                });
            }
            return Ok(out.into_iter().map(|(_, c)| c).collect());
        }
        let mut out = Vec::new();
        for election_id in elections {
            let (latest, previous) = self.latest_two(&election_id)?;
            let now = match &latest {
                Some(s) => votes_of(&self.conn, s.id)?,
                None => HashMap::new(),
            };
            let before = previous.as_ref().map(|p| votes_of(&self.conn, p.id)).transpose()?;
            let reporting = match &latest {
                Some(s) => status_of(&self.conn, s.id)?,
                None => HashMap::new(),
            };
            let rounds = match &latest {
                Some(s) => super::rounds::rounds_in(&self.conn, s.id)?,
                None => HashMap::new(),
            };
            let rounds_before = previous
                .as_ref()
                .map(|p| super::rounds::rounds_in(&self.conn, p.id))
                .transpose()?;
            let counts = Counts {
                as_of: latest.as_ref().map(|s| s.feed_timestamp.clone()),
                before_as_of: previous.as_ref().map(|s| s.feed_timestamp.clone()),
                now: &now,
                before: before.as_ref(),
                reporting: &reporting,
                profiles: &profiles,
                rounds: &rounds,
                rounds_before: rounds_before.as_ref(),
            };
            let mut choices_by_contest = choices_of(&self.conn, &election_id)?;
            let sql = format!(
                "SELECT {CONTEST_COLUMNS} FROM contest WHERE election_id = ?1 ORDER BY ord"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query([&election_id])?;
            while let Some(r) = rows.next()? {
                let (mut view, rowid) = contest_row(r)?;
                if matching.as_ref().is_some_and(|m| !m.contains_key(&rowid))
                    || q.ids.as_ref().is_some_and(|ids| !ids.contains(&view.id))
                    || q.kind.is_some_and(|k| k != view.kind)
                {
                    continue;
                }
                let choices = choices_by_contest.remove(&view.id).unwrap_or_default();
                fill(&mut view, choices, &counts);
                let by_title = matching.as_ref().and_then(|m| m.get(&rowid)).copied();
                out.push((by_title, view));
            }
        }
        if matching.is_some() {
            // Title and name matches first, then matches in a measure's text; most votes first.
            out.sort_by_key(|(by_title, c)| {
                (std::cmp::Reverse(*by_title), std::cmp::Reverse(c.total_votes))
            });
        }
        Ok(out.into_iter().map(|(_, c)| c).collect())
    }
}
