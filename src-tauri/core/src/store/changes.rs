//! What a count changed. One rule decides whether a contest changed (`tally::count_changed` on
//! each of its choices) and one decides who leads (`tally::status`), whether the new count is
//! still in memory (`changes_to`, during apply) or both are in the cache (`changes_between`).

use std::collections::HashMap;

// foldhash: `present` holds every choice id of the new count (a million on a state night).
use foldhash::{HashSet, HashSetExt};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::feeds::{ParsedContest, ParsedFeed};
use crate::model::{ContestChange, ContestKind, RoundsChange, SeatChange};
use crate::rcv::Tabulation;
use crate::tally::{self, count_changed, Status};

use super::count_at::{stored_at, AS_OF};
use super::history::latest_snapshot_id;
use super::Reader;

/// Votes per choice id in one snapshot; a choice with no row has no count.
pub(super) fn votes_of(conn: &Connection, snapshot_id: i64) -> Result<HashMap<String, u64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{AS_OF} SELECT r.choice_id, r.votes FROM at
         CROSS JOIN choice ch ON ch.contest_id = at.contest_id
         CROSS JOIN result r ON r.snapshot_id = at.stored AND r.choice_id = ch.id"
    ))?;
    let rows = stmt.query_map([snapshot_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What a change list compares in one contest: the leader of a one-seat race and its lead, or
/// who is inside the seats of a vote-for-N race. Worked out by `tally::status`, as the pages are.
#[derive(Debug, Clone, Default)]
struct Standing {
    leader: Option<String>,
    points: Option<f64>,
    /// Vote-for-N: the seats, who is inside them (display names), and the last seat's lead.
    inside: Option<(u32, Vec<String>, u64)>,
    /// Ranked choice: who the last round puts first (display name), the elimination order (the
    /// report's names, round by round) and the number of rounds.
    rounds: Option<(Option<String>, Vec<Vec<String>>, u32)>,
}

/// One contest's choices as the change rule needs them.
struct Choices<'a> {
    kind: ContestKind,
    vote_for: u32,
    pass_rule: Option<&'a str>,
    raw: Vec<&'a str>,
    names: Vec<&'a str>,
    votes: Vec<Option<u64>>,
    rounds: Option<&'a Tabulation>,
}

impl Choices<'_> {
    fn standing(&self) -> Standing {
        let name = |i: u32| self.names[i as usize].to_string();
        if let Some(tab) = self.rounds {
            // The one the count elected, else the last round's single leader.
            let first = match tally::rounds(tab, &self.raw) {
                Status::Rounds(r) => match (r.elected.first(), r.ahead.as_slice()) {
                    (Some(e), _) => Some(name(e.choice)),
                    (None, [one]) => Some(name(*one)),
                    _ => None,
                },
                _ => None,
            };
            let order = tab
                .elimination_order()
                .into_iter()
                .map(|r| r.into_iter().map(str::to_string).collect())
                .collect();
            return Standing {
                rounds: Some((first, order, tab.rounds.len() as u32)),
                ..Standing::default()
            };
        }
        let status =
            tally::status(self.kind, self.vote_for, self.pass_rule, &self.raw, &self.votes);
        match status {
            Status::Leading { leader, points, .. } => {
                Standing { leader: Some(name(leader)), points: Some(points), ..Standing::default() }
            }
            Status::Seats { seats, inside, edge } => Standing {
                inside: Some((seats, inside.into_iter().map(name).collect(), edge.votes)),
                ..Standing::default()
            },
            _ => Standing::default(),
        }
    }
}

/// What a count's rows give the change rule, read in one pass: `(contest, kind, vote_for,
/// pass_rule, raw name, name, votes, choice)`, choices in ballot order within each contest.
const COUNT_COLUMNS: &str =
    "c.id, c.kind, c.vote_for, c.pass_rule, ch.raw_name, ch.name, r.votes, ch.id";

/// A counted contest's rows: its kind, seats and rule, and (raw name, name, votes) per choice.
type ContestRows = (ContestKind, u32, Option<String>, Vec<(String, String, u64)>);

/// Adds rows of [`COUNT_COLUMNS`] to the votes by choice id and the rows by contest.
fn add_rows(
    rows: &mut rusqlite::Rows<'_>,
    votes: &mut HashMap<String, u64>,
    by_contest: &mut HashMap<String, ContestRows>,
) -> Result<()> {
    while let Some(r) = rows.next()? {
        let entry = by_contest
            .entry(r.get(0)?)
            .or_insert_with(|| (ContestKind::Candidate, 1, None, Vec::new()));
        entry.0 = r.get(1)?;
        entry.1 = r.get(2)?;
        entry.2 = r.get(3)?;
        let v = r.get::<_, i64>(6)? as u64;
        entry.3.push((r.get(4)?, r.get(5)?, v));
        votes.insert(r.get(7)?, v);
    }
    Ok(())
}

/// Each contest's standing from its rows, given the count's rounds.
fn standings_from(
    by_contest: HashMap<String, ContestRows>,
    rounds: &HashMap<String, Tabulation>,
) -> HashMap<String, Standing> {
    by_contest
        .into_iter()
        .filter_map(|(id, (kind, vote_for, pass_rule, choices))| {
            let rows = choices.iter().map(|x| (x.0.as_str(), x.1.as_str(), Some(x.2)));
            let standing =
                standing_from(kind, vote_for, pass_rule.as_deref(), rows, rounds.get(&id))?;
            Some((id, standing))
        })
        .collect()
}

/// One whole stored count: votes by choice id and each counted contest's standing.
fn whole_count(
    conn: &Connection,
    snapshot_id: i64,
    rounds: &HashMap<String, Tabulation>,
) -> Result<(HashMap<String, u64>, HashMap<String, Standing>)> {
    let mut stmt = conn.prepare_cached(&format!(
        "{AS_OF} SELECT {COUNT_COLUMNS}
         FROM at CROSS JOIN contest c ON c.id = at.contest_id
         CROSS JOIN choice ch ON ch.contest_id = c.id
         CROSS JOIN result r ON r.snapshot_id = at.stored AND r.choice_id = ch.id
         ORDER BY c.id, ch.ord"
    ))?;
    let (mut votes, mut by_contest) = (HashMap::new(), HashMap::new());
    add_rows(&mut stmt.query([snapshot_id])?, &mut votes, &mut by_contest)?;
    Ok((votes, standings_from(by_contest, rounds)))
}

/// One stored contest's choices in ballot order, with their votes in up to two counts (`None`:
/// no row, no count there). Reading both counts' votes beside the choices, one contest at a
/// time, is one pass over its rows where reading each count's whole list of contests and then
/// the choices again was three: the change list between two counts of a million choices reads
/// tens of thousands of contests this way.
struct StoredContest {
    title: String,
    kind: ContestKind,
    vote_for: u32,
    pass_rule: Option<String>,
    choices: Vec<StoredChoice>,
}

struct StoredChoice {
    id: String,
    raw: String,
    name: String,
    votes: [Option<u64>; 2],
}

impl StoredContest {
    /// Contest `id` with its votes in the counts whose figures are stored under `at` (`None`:
    /// no figures, every vote unknown); `None` when no such contest is stored.
    fn read(conn: &Connection, id: &str, at: [Option<i64>; 2]) -> Result<Option<Self>> {
        let mut stmt = conn.prepare_cached(
            "SELECT c.title, c.kind, c.vote_for, c.pass_rule, ch.id, ch.raw_name, ch.name,
                    rb.votes, ra.votes
             FROM contest c CROSS JOIN choice ch ON ch.contest_id = c.id
             LEFT JOIN result rb ON rb.snapshot_id = ?2 AND rb.choice_id = ch.id
             LEFT JOIN result ra ON ra.snapshot_id = ?3 AND ra.choice_id = ch.id
             WHERE c.id = ?1 ORDER BY ch.ord",
        )?;
        let mut rows = stmt.query(params![id, at[0], at[1]])?;
        let mut out: Option<StoredContest> = None;
        while let Some(r) = rows.next()? {
            let votes = |i| r.get::<_, Option<i64>>(i).map(|v| v.map(|v| v as u64));
            let choice = StoredChoice {
                id: r.get(4)?,
                raw: r.get(5)?,
                name: r.get(6)?,
                votes: [votes(7)?, votes(8)?],
            };
            match &mut out {
                Some(c) => c.choices.push(choice),
                None => {
                    out = Some(StoredContest {
                        title: r.get(0)?,
                        kind: r.get(1)?,
                        vote_for: r.get(2)?,
                        pass_rule: r.get(3)?,
                        choices: vec![choice],
                    })
                }
            }
        }
        Ok(out)
    }

    /// The standing in count `k` (0 or 1) from the choices that count has votes for, as a
    /// whole count's rows give it; `None` when it has votes for none of them.
    fn standing(&self, k: usize, rounds: Option<&Tabulation>) -> Option<Standing> {
        let rows = self.choices.iter().map(|c| (c.raw.as_str(), c.name.as_str(), c.votes[k]));
        standing_from(self.kind, self.vote_for, self.pass_rule.as_deref(), rows, rounds)
    }
}

/// A contest's standing from its choices in ballot order, `(raw name, name, votes)`, of which
/// only those with votes count, as a whole count's rows give it; `None` when none has votes.
fn standing_from<'a>(
    kind: ContestKind,
    vote_for: u32,
    pass_rule: Option<&'a str>,
    rows: impl Iterator<Item = (&'a str, &'a str, Option<u64>)>,
    rounds: Option<&'a Tabulation>,
) -> Option<Standing> {
    let counted: Vec<(&str, &str, Option<u64>)> = rows.filter(|r| r.2.is_some()).collect();
    if counted.is_empty() {
        return None;
    }
    let c = Choices {
        kind,
        vote_for,
        pass_rule,
        raw: counted.iter().map(|c| c.0).collect(),
        names: counted.iter().map(|c| c.1).collect(),
        votes: counted.iter().map(|c| c.2).collect(),
        rounds,
    };
    Some(c.standing())
}

/// A contest's rounds in the count whose figures are stored under `at`, when the election has
/// any rounds at all (most have none, and then nothing is looked up).
fn rounds_at(
    conn: &Connection,
    any_rounds: bool,
    at: Option<i64>,
    id: &str,
) -> Result<Option<Tabulation>> {
    match at {
        Some(at) if any_rounds => super::rounds::rounds_of(conn, at, id),
        _ => Ok(None),
    }
}

/// A parsed contest's standing, by the same rule as a stored one's.
fn standing_of(c: &ParsedContest) -> Standing {
    Choices {
        kind: c.kind,
        vote_for: c.vote_for,
        pass_rule: c.pass_rule.as_deref(),
        raw: c.choices.iter().map(|ch| ch.raw_name.as_str()).collect(),
        names: c.choices.iter().map(|ch| ch.name.as_str()).collect(),
        votes: c.choices.iter().map(|ch| ch.votes).collect(),
        rounds: c.rounds.as_ref(),
    }
    .standing()
}

/// The votes, standings and ranked-choice rounds of the count before (empty when there was
/// none).
type Before = (HashMap<String, u64>, HashMap<String, Standing>, HashMap<String, Tabulation>);

fn count_before(conn: &Connection, before: Option<i64>) -> Result<Before> {
    Ok(match before {
        Some(id) => {
            let rounds = super::rounds::rounds_in(conn, id)?;
            let (votes, leads) = whole_count(conn, id, &rounds)?;
            (votes, leads, rounds)
        }
        None => (HashMap::new(), HashMap::new(), HashMap::new()),
    })
}

fn change(
    contest_id: String,
    title: String,
    before: Option<&Standing>,
    after: Option<Standing>,
) -> ContestChange {
    let before = before.cloned().unwrap_or_default();
    let after = after.unwrap_or_default();
    // Only a crossing of the last-seat line, and only against a count that had seats.
    let seats = match (&before.inside, &after.inside) {
        (Some((_, was, _)), Some((seats, now, edge_votes))) => {
            let entered: Vec<String> = now.iter().filter(|n| !was.contains(n)).cloned().collect();
            let left: Vec<String> = was.iter().filter(|n| !now.contains(n)).cloned().collect();
            let crossed = !entered.is_empty() || !left.is_empty();
            crossed.then_some(SeatChange { seats: *seats, entered, left, edge_votes: *edge_votes })
        }
        _ => None,
    };
    // Ranked choice: only against a count that had rounds, and only when the first place or
    // the order of elimination moved.
    let rounds = match (&before.rounds, &after.rounds) {
        (Some((was, was_order, _)), Some((now, order, rounds)))
            if was != now || was_order != order =>
        {
            Some(RoundsChange {
                first_before: was.clone(),
                first_after: now.clone(),
                order_changed: was_order != order,
                rounds: *rounds,
            })
        }
        _ => None,
    };
    ContestChange {
        rounds,
        leader_before: before.leader,
        margin_before: before.points,
        leader_after: after.leader,
        margin_after: after.points,
        seats,
        contest_id,
        title,
    }
}

/// What `apply` knows of the count it stores, against the count stored last before it.
pub(super) struct Stored<'a> {
    /// Every contest whose figures it stores (changed, new, or left out).
    pub figures: &'a HashSet<&'a str>,
    /// Those whose descriptive fields or choices it rewrites; every other contest's choices
    /// are as stored, in the feed's order.
    pub reshaped: &'a HashSet<&'a str>,
}

/// What a new count changes against the count that was newest before it (`None`: nothing
/// before). The new side is read from the feed in memory: reading a large count back out of the
/// cache costs as much as writing it.
///
/// `only`, when given, names every contest whose figures can differ from `before`'s (apply
/// knows them: the ones it stored, when `before` is also the count stored last). Only those are
/// read back, which on a refresh that changed 5% of a large count is 5% of the reading; of a
/// contest whose choices it did not rewrite, only the votes.
pub(super) fn changes_to(
    conn: &Connection,
    before: Option<i64>,
    feed: &ParsedFeed,
    only: Option<Stored>,
) -> Result<Vec<ContestChange>> {
    if let (Some(before), Some(only)) = (before, only) {
        return changes_to_some(conn, before, feed, only);
    }
    let (old, old_leads, old_rounds) = count_before(conn, before)?;
    let mut out = Vec::new();
    let mut listed = HashSet::new();
    for c in &feed.contests {
        if tally::rounds_changed(old_rounds.get(&c.id), c.rounds.as_ref())
            || c.choices.iter().any(|ch| count_changed(old.get(&ch.id).copied(), ch.votes))
        {
            listed.insert(c.id.as_str());
            out.push(change(
                c.id.clone(),
                c.title.clone(),
                old_leads.get(&c.id),
                Some(standing_of(c)),
            ));
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
        let after = feed.contests.iter().find(|c| c.id == contest_id).map(standing_of);
        let before = old_leads.get(&contest_id);
        out.push(change(contest_id, title, before, after));
    }
    Ok(out)
}

/// [`changes_to`] when `only` holds every contest whose figures can differ from `before`'s: each
/// of those is read back from `before` alone, one contest at a time, and compared with the
/// feed. Contests in ballot order, then those the feed leaves out, by id.
fn changes_to_some(
    conn: &Connection,
    before: i64,
    feed: &ParsedFeed,
    only: Stored,
) -> Result<Vec<ContestChange>> {
    let any_rounds = super::rounds::any_up_to(conn, before)?;
    let mut out = Vec::new();
    let mut in_feed: HashSet<&str> = HashSet::new();
    let mut votes =
        conn.prepare_cached("SELECT votes FROM result WHERE snapshot_id = ?1 AND choice_id = ?2")?;
    for c in feed.contests.iter().filter(|c| only.figures.contains(c.id.as_str())) {
        in_feed.insert(c.id.as_str());
        let at = stored_at(conn, &c.id, before)?;
        let old_rounds = rounds_at(conn, any_rounds, at, &c.id)?;
        let rounds_moved = tally::rounds_changed(old_rounds.as_ref(), c.rounds.as_ref());
        // The standing in `before` when the contest moved, `None` when it did not.
        let was: Option<Option<Standing>> = if !only.reshaped.contains(c.id.as_str()) {
            // The contest's choices are the feed's, in its order, with the same names and rule
            // (they hash as stored): only their votes in `before` are read, a seek each.
            let was: Vec<Option<u64>> = match at {
                Some(at) => c
                    .choices
                    .iter()
                    .map(|ch| {
                        votes
                            .query_row(params![at, ch.id], |r| r.get::<_, i64>(0))
                            .optional()
                            .map(|v| v.map(|v| v as u64))
                    })
                    .collect::<rusqlite::Result<_>>()?,
                None => vec![None; c.choices.len()],
            };
            let moved = rounds_moved
                || c.choices.iter().zip(&was).any(|(ch, &v)| count_changed(v, ch.votes));
            moved.then(|| {
                let rows = c.choices.iter().zip(&was).map(|(ch, &v)| (&*ch.raw_name, &*ch.name, v));
                standing_from(c.kind, c.vote_for, c.pass_rule.as_deref(), rows, old_rounds.as_ref())
            })
        } else {
            let old = match at {
                Some(at) => StoredContest::read(conn, &c.id, [Some(at), None])?,
                None => None,
            };
            let old_choices = old.as_ref().map_or(&[][..], |o| &o.choices[..]);
            let votes_before: HashMap<&str, u64> =
                old_choices.iter().filter_map(|ch| Some((ch.id.as_str(), ch.votes[0]?))).collect();
            let new_ids: HashSet<&str> = c.choices.iter().map(|ch| ch.id.as_str()).collect();
            // A choice that had a count and is gone from the new count is a change too.
            let moved = rounds_moved
                || c.choices
                    .iter()
                    .any(|ch| count_changed(votes_before.get(ch.id.as_str()).copied(), ch.votes))
                || votes_before
                    .iter()
                    .any(|(id, &v)| !new_ids.contains(id) && count_changed(Some(v), None));
            moved.then(|| old.as_ref().and_then(|o| o.standing(0, old_rounds.as_ref())))
        };
        if let Some(was) = was {
            out.push(change(c.id.clone(), c.title.clone(), was.as_ref(), Some(standing_of(c))));
        }
    }
    // A whole contest that had a count and is gone from the new count.
    let mut left_out: Vec<&str> =
        only.figures.iter().copied().filter(|id| !in_feed.contains(id)).collect();
    left_out.sort_unstable();
    for id in left_out {
        let at = stored_at(conn, id, before)?;
        let Some(old) =
            at.map(|at| StoredContest::read(conn, id, [Some(at), None])).transpose()?.flatten()
        else {
            continue;
        };
        if old.choices.iter().any(|ch| ch.votes[0].is_some_and(|v| count_changed(Some(v), None))) {
            let old_rounds = rounds_at(conn, any_rounds, at, id)?;
            let was = old.standing(0, old_rounds.as_ref());
            out.push(change(id.to_string(), old.title.clone(), was.as_ref(), None));
        }
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
    if let Some(before) = before {
        if stored_just_before(conn, after)? == Some(before) {
            return changes_stored_after(conn, before, after, election_id);
        }
    }
    let (old, old_leads, old_rounds) = count_before(conn, before)?;
    let new_rounds = super::rounds::rounds_in(conn, after)?;
    let (new, mut new_leads) = whole_count(conn, after, &new_rounds)?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.title, ch.id FROM contest c JOIN choice ch ON ch.contest_id = c.id
         WHERE c.election_id = ?1 ORDER BY c.ord, c.id, ch.ord",
    )?;
    let mut changed: Vec<(String, String)> = Vec::new();
    let mut rows = stmt.query([election_id])?;
    while let Some(r) = rows.next()? {
        let contest: String = r.get(0)?;
        let choice: String = r.get(2)?;
        // Two contests can share a place on the ballot (one left out of the newest count keeps
        // the place it had); ordering by id as well keeps each contest's choices together.
        if changed.last().is_some_and(|(id, _)| *id == contest) {
            continue;
        }
        let rounds_moved =
            tally::rounds_changed(old_rounds.get(&contest), new_rounds.get(&contest));
        if rounds_moved || count_changed(old.get(&choice).copied(), new.get(&choice).copied()) {
            changed.push((contest, r.get(1)?));
        }
    }
    Ok(changed
        .into_iter()
        .map(|(id, title)| {
            let after = new_leads.remove(&id);
            change(id.clone(), title, old_leads.get(&id), after)
        })
        .collect())
}

/// The count of `after`'s election stored last before it, by snapshot id (the order of storing).
fn stored_just_before(conn: &Connection, after: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(id) FROM snapshot
             WHERE election_id = (SELECT election_id FROM snapshot WHERE id = ?1) AND id < ?1",
        )?
        .query_row([after], |r| r.get(0))?)
}

/// [`changes_between`] for two counts stored one after the other. Then only a contest that
/// `after` stored figures for (a `count_at` row under it: changed, new, or left out) can differ
/// from `before`, since every other one reads the rows it read in `before`: those few are read,
/// from both counts, instead of both whole counts. At a million choices with 5 % changed this is
/// the overview's first read after a launch (two whole counts took most of 21 s).
fn changes_stored_after(
    conn: &Connection,
    before: i64,
    after: i64,
    election_id: &str,
) -> Result<Vec<ContestChange>> {
    // From `count_at`'s rows to the contests, not the other way: reading every row of
    // `count_at` for those of `after` took 38 ms at a million choices and 20 counts, one seek
    // into it per contest of the election 1.3 s.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.title FROM count_at a
         CROSS JOIN contest c ON c.id = a.contest_id
         WHERE a.snapshot_id = ?2 AND c.election_id = ?1 ORDER BY c.ord, c.id",
    )?;
    let stored: Vec<(String, String)> = stmt
        .query_map(params![election_id, after], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let any_rounds = super::rounds::any_up_to(conn, after)?;
    let mut out = Vec::new();
    for (id, title) in stored {
        // `after` stored this contest's figures, so they are under `after` itself.
        let at = [stored_at(conn, &id, before)?, Some(after)];
        // `None` only for a contest with no choices: its rounds are still compared.
        let c = StoredContest::read(conn, &id, at)?;
        let choices = c.as_ref().map_or(&[][..], |c| &c.choices[..]);
        let was_rounds = rounds_at(conn, any_rounds, at[0], &id)?;
        let now_rounds = rounds_at(conn, any_rounds, at[1], &id)?;
        let moved = tally::rounds_changed(was_rounds.as_ref(), now_rounds.as_ref())
            || choices.iter().any(|ch| count_changed(ch.votes[0], ch.votes[1]));
        if moved {
            let was = c.as_ref().and_then(|c| c.standing(0, was_rounds.as_ref()));
            let now = c.as_ref().and_then(|c| c.standing(1, now_rounds.as_ref()));
            out.push(change(id, title, was.as_ref(), now));
        }
    }
    Ok(out)
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
                changes_between(&self.conn, Some(previous.id), latest.id, election_id)
            }
            _ => Ok(vec![]),
        }
    }
}
