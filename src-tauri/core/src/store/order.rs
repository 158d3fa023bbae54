//! The Results page's order: which contests a filter selects, in which order and under which
//! heading, worked out without building their views where the order allows. A ballot of
//! 10,000 contests then lays out in milliseconds, and its cards are read a page at a time
//! (`Reader::contests` with ids). Only the orders that need every contest's standing
//! (closest, most changed) read the whole list.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::error::Result;
use crate::model::{ContestChange, ContestKind, ContestView, Level, SnapshotInfo};
use crate::tally::Status;

use super::contests::ContestQuery;
use super::count_at::AS_OF;
use super::Reader;

/// Every contest of election `?1` in ballot order as (id, level, total votes in count `?2`), the
/// total NULL where the count has none: kept with each `count_at` row (migration 020), found by
/// one seek per contest as [`AS_OF`] finds a contest's figures.
const CONTEST_TOTALS: &str = "SELECT c.id, c.level,
        (SELECT a.votes FROM count_at a WHERE a.contest_id = c.id AND a.snapshot_id <= ?2
         ORDER BY a.snapshot_id DESC LIMIT 1)
    FROM contest c WHERE c.election_id = ?1 ORDER BY c.ord";

/// The orders the Results page offers. Ballot order with a search is the search's own order:
/// title and name matches first, then the most votes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ResultsSort {
    #[default]
    Ballot,
    Closest,
    Votes,
    Changed,
}

/// Headings of the ballot, top of the ticket first.
pub const LEVEL_ORDER: [Level; 7] = [
    Level::Federal,
    Level::State,
    Level::County,
    Level::City,
    Level::Measures,
    Level::Judicial,
    Level::District,
];

/// One heading of the list and its contests' ids, in order. `key` is a level, or `all` for a
/// search or a sorted list, which has one heading. Kept in Rust: the page is sent each
/// heading's size and reads the ids a page at a time ([`crate::app::ResultsLayout`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsGroup {
    pub key: String,
    pub ids: Vec<String>,
}

/// How close a contest is, in points of its votes: the lead, the last seat's edge, or a
/// measure's distance from the share its rule needs. `None` when nothing can be compared;
/// those sort last. A sort key read off `status`, never shown as a figure of its own.
pub fn closeness(c: &ContestView) -> Option<f64> {
    match &c.status {
        Status::Leading { points, .. } => Some(*points),
        Status::Tied { .. } => Some(0.0),
        Status::Seats { edge, .. } if c.total_votes > 0 => {
            Some(edge.votes as f64 * 100.0 / c.total_votes as f64)
        }
        Status::Measure(m) => m.needed_percent.map(|n| (m.yes_percent - n).abs()),
        _ => None,
    }
}

/// Ascending by key, `None` last; a stable sort, so ties keep the order they came in.
fn sort_by_key_nones_last<T>(list: &mut [T], key: impl Fn(&T) -> Option<f64>) {
    list.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

/// Headings for a list already in order: by level when it is the ballot unsearched, else one.
pub fn group(list: Vec<(String, Level)>, by_level: bool) -> Vec<ResultsGroup> {
    if !by_level {
        let ids: Vec<String> = list.into_iter().map(|(id, _)| id).collect();
        return if ids.is_empty() { vec![] } else { vec![ResultsGroup { key: "all".into(), ids }] };
    }
    let mut by: HashMap<Level, Vec<String>> = HashMap::new();
    for (id, level) in list {
        by.entry(level).or_default().push(id);
    }
    LEVEL_ORDER
        .iter()
        .filter_map(|l| by.remove(l).map(|ids| ResultsGroup { key: l.as_str().into(), ids }))
        .collect()
}

/// What the Results page's layouts and the overview work out that only a new count (or a
/// removed election) can change, kept between reads.
///
/// Each contest's votes in the newest counts: a count never changes once stored, so the newest
/// counts' ids are the whole key, and a refresh that stores a new count makes the next search
/// sum again. At 10,000 contests the sum takes about 40 ms, most of a keystroke's budget; the
/// lookup of the key well under 1 ms.
///
/// The last closest or most-changed order: those build every contest's view (176–349 ms at
/// 10,320 contests), so going back to a sort, or laying out the page again after a visit, would
/// pay that each time. Its key is the query, the sort and each election's last stored count:
/// every write that can move a standing, a title or a level stores a count, and removing an
/// election removes its row of the key.
///
/// The overview's headline race with nothing followed ([`Reader::most_voted`]), under the same
/// rule: the newest count and the ballot's order are the whole key.
///
/// What the newest count of an election changed against the one before: the overview reads it
/// at launch and after every refresh, a changed one or not (most refreshes on a night find
/// nothing new). Working it out reads both whole counts. Its key is the election and both
/// counts' ids and content hashes: nothing removes a count today, but the schema would give a
/// removed newest count's id to the next one, and the hash names the content.
#[derive(Default)]
pub struct Kept {
    sums: Mutex<Option<Sums>>,
    order: Mutex<Option<(OrderKey, Order)>>,
    changes: Mutex<Option<(ChangesKey, Arc<Vec<ContestChange>>)>>,
    headline: Mutex<Option<(HeadlineKey, Option<String>)>>,
    listed: Mutex<Option<(OrderKey, Arc<Vec<ResultsGroup>>)>>,
}

/// An election, its newest count by feed time and its last stored one: a backfilled count can
/// add contests and move the ballot's order without changing the newest.
type HeadlineKey = (String, Option<i64>, Option<i64>);

/// An election, and its newest and previous counts' (id, content hash).
type ChangesKey = (String, Option<(i64, String)>, Option<(i64, String)>);

/// Contests in order, each with its heading's level.
type Order = Vec<(String, Level)>;

/// The newest counts' ids, and each contest's votes in them.
type Sums = (Vec<i64>, Arc<HashMap<String, u64>>);

/// A standing order's query and sort, and each election's last stored count.
type OrderKey = (ContestQuery, ResultsSort, Vec<(String, i64)>);

impl Kept {
    pub fn totals(&self, r: &Reader, q: &ContestQuery) -> Result<Arc<HashMap<String, u64>>> {
        let key = r.newest_counts(q.election_id.as_deref())?;
        let mut held = self.sums.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, sums)) = held.as_ref() {
            if *k == key {
                return Ok(Arc::clone(sums));
            }
        }
        let sums = Arc::new(r.totals_of(&key)?);
        *held = Some((key, Arc::clone(&sums)));
        Ok(sums)
    }

    /// What the newest count of `election_id` changed against the one before it.
    pub fn latest_changes(&self, r: &Reader, election_id: &str) -> Result<Arc<Vec<ContestChange>>> {
        let (latest, previous) = r.latest_two(election_id)?;
        let id = |s: Option<SnapshotInfo>| s.map(|s| (s.id, s.content_hash));
        let key = (election_id.to_owned(), id(latest), id(previous));
        kept(&self.changes, key, || Ok(Arc::new(r.changes_in_latest(election_id)?)))
    }

    /// The Results page's last list, grouped: its layout and the pages read after it as the
    /// list scrolls ask for the same list, which is worked out once (8 ms for "c" at 10,320
    /// contests, a keystroke's answer) and not again for every page. Same key as `order`.
    pub fn listed(
        &self,
        r: &Reader,
        q: &ContestQuery,
        sort: ResultsSort,
        build: impl FnOnce() -> Result<Vec<ResultsGroup>>,
    ) -> Result<Arc<Vec<ResultsGroup>>> {
        kept(&self.listed, (q.clone(), sort, r.last_stored()?), || Ok(Arc::new(build()?)))
    }

    /// The order `build` makes for this query and sort, unless it is kept.
    fn order(
        &self,
        r: &Reader,
        q: &ContestQuery,
        sort: ResultsSort,
        build: impl FnOnce() -> Result<Order>,
    ) -> Result<Order> {
        kept(&self.order, (q.clone(), sort, r.last_stored()?), build)
    }
}

/// The value kept in `slot` for `key`, else what `build` makes, kept in its place. Built
/// without the lock held: another read may build too; the last one kept wins, and both are
/// right for their key.
fn kept<K: PartialEq, T: Clone>(
    slot: &Mutex<Option<(K, T)>>,
    key: K,
    build: impl FnOnce() -> Result<T>,
) -> Result<T> {
    if let Some((k, value)) = slot.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
        if *k == key {
            return Ok(value.clone());
        }
    }
    let value = build()?;
    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, value.clone()));
    Ok(value)
}

impl Reader {
    /// The contests `q` selects as (id, level), in `sort`'s order.
    pub fn contest_order(
        &self,
        q: &ContestQuery,
        sort: ResultsSort,
        cache: &Kept,
    ) -> Result<Vec<(String, Level)>> {
        let searched = q.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        match sort {
            ResultsSort::Closest | ResultsSort::Changed => cache.order(self, q, sort, || {
                let mut views = self.contests(q)?;
                if sort == ResultsSort::Closest {
                    sort_by_key_nones_last(&mut views, closeness);
                } else {
                    // Changed in the latest count first, the biggest change first (a
                    // correction counts by its size); the rest keep their order after them.
                    sort_by_key_nones_last(&mut views, |c| {
                        c.changed_in_latest.then(|| -(c.votes_added.unwrap_or(0).abs() as f64))
                    });
                }
                Ok(views.into_iter().map(|c| (c.id, c.level)).collect())
            }),
            ResultsSort::Ballot if !searched => Ok(self
                .ballot_rows(q, None)?
                .into_iter()
                .map(|(id, level, _)| (id, level))
                .collect()),
            ResultsSort::Ballot | ResultsSort::Votes => {
                let matching: Option<HashMap<i64, bool>> = match q.text.as_deref() {
                    Some(t) if searched => Some(self.search(t)?.into_iter().collect()),
                    _ => None,
                };
                let mut rows = self.ballot_rows(q, matching.as_ref())?;
                let totals = cache.totals(self, q)?;
                let votes = |id: &String| totals.get(id).copied().unwrap_or(0);
                // Cached keys: each id is looked up in the sums once, not at every comparison
                // (8,184 matches for "c" at 10,320 contests made about 200,000 lookups).
                if sort == ResultsSort::Votes {
                    rows.sort_by_cached_key(|(id, _, _)| std::cmp::Reverse(votes(id)));
                } else {
                    rows.sort_by_cached_key(|(id, _, by_title)| {
                        (std::cmp::Reverse(*by_title), std::cmp::Reverse(votes(id)))
                    });
                }
                Ok(rows.into_iter().map(|(id, level, _)| (id, level)).collect())
            }
        }
    }

    /// The contest of this election with the most votes in its newest count; among equals the
    /// highest heading of the ballot (federal first), then the first in the feed's order. So an
    /// election whose feed has no votes yet (LA's before the polls close) is led by a federal
    /// race, not by whichever race the feed happens to list first or last.
    ///
    /// The overview asks this at every launch and every refresh. One pass over the election's
    /// contests in ballot order, each contest's total read from `count_at`, and only the best so
    /// far copied out; the answer is kept until a count is stored. Through the kept sums (a map
    /// of every contest's id) the first answer took about 1.4 s at 380,000 contests and every
    /// later one 0.4 s; building every view, before that, 178–208 ms at 10,320.
    pub fn most_voted(&self, election_id: &str, cache: &Kept) -> Result<Option<String>> {
        let newest = self.latest_two(election_id)?.0.map(|s| s.id);
        let last =
            self.last_stored()?.into_iter().find(|(e, _)| e == election_id).map(|(_, id)| id);
        let key = (election_id.to_owned(), newest, last);
        kept(&cache.headline, key, || self.most_voted_now(election_id, newest))
    }

    /// [`Reader::most_voted`] worked out, not kept.
    fn most_voted_now(&self, election_id: &str, newest: Option<i64>) -> Result<Option<String>> {
        let rank = |l: Level| LEVEL_ORDER.iter().position(|x| *x == l).unwrap_or(LEVEL_ORDER.len());
        let mut stmt = self.conn.prepare_cached(CONTEST_TOTALS)?;
        let mut rows = stmt.query(rusqlite::params![election_id, newest])?;
        let mut best: Option<(std::cmp::Reverse<u64>, usize, String)> = None;
        while let Some(r) = rows.next()? {
            let votes = r.get::<_, Option<i64>>(2)?.unwrap_or(0).max(0) as u64;
            let at = (std::cmp::Reverse(votes), rank(r.get(1)?));
            // Strictly better only: among equals the first in ballot order stays.
            if best.as_ref().is_none_or(|(v, l, _)| at < (*v, *l)) {
                best = Some((at.0, at.1, r.get(0)?));
            }
        }
        Ok(best.map(|(_, _, id)| id))
    }

    /// (id, level, matched by title or name) in ballot order: elections oldest first, then the
    /// feed's order. Reads the contest table only.
    fn ballot_rows(
        &self,
        q: &ContestQuery,
        matching: Option<&HashMap<i64, bool>>,
    ) -> Result<Vec<(String, Level, Option<bool>)>> {
        let elections = self.elections_of(q.election_id.as_deref())?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid, id, level, kind FROM contest WHERE election_id = ?1 ORDER BY ord",
        )?;
        let mut out = Vec::new();
        for election in &elections {
            let mut rows = stmt.query([election])?;
            while let Some(r) = rows.next()? {
                let rowid: i64 = r.get(0)?;
                let id: String = r.get(1)?;
                let by_title = match matching {
                    Some(m) => match m.get(&rowid) {
                        Some(b) => Some(*b),
                        None => continue,
                    },
                    None => None,
                };
                let kind: ContestKind = r.get(3)?;
                if q.ids.as_ref().is_some_and(|ids| !ids.contains(&id))
                    || q.kind.is_some_and(|k| k != kind)
                {
                    continue;
                }
                out.push((id, r.get(2)?, by_title));
            }
        }
        Ok(out)
    }

    /// Each election's last stored count (by id, the order of storing), every election.
    fn last_stored(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT election_id, max(id) FROM snapshot GROUP BY election_id ORDER BY election_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest count of each election named (or of every one): what [`Kept`] sums are keyed
    /// by.
    fn newest_counts(&self, election_id: Option<&str>) -> Result<Vec<i64>> {
        let elections = self.elections_of(election_id)?;
        let mut out = Vec::new();
        for election in &elections {
            out.extend(self.latest_two(election)?.0.map(|s| s.id));
        }
        Ok(out)
    }

    /// Each contest's votes in these counts ([`CONTEST_TOTALS`]), instead of every choice's row
    /// of the count. A contest with no count (absent, or no votes yet) is left out.
    fn totals_of(&self, counts: &[i64]) -> Result<HashMap<String, u64>> {
        let mut election =
            self.conn.prepare_cached("SELECT election_id FROM snapshot WHERE id = ?1")?;
        let mut stmt = self.conn.prepare_cached(CONTEST_TOTALS)?;
        let mut out = HashMap::new();
        for count in counts {
            let Some(of) = election.query_row([count], |r| r.get::<_, String>(0)).optional()?
            else {
                continue;
            };
            let mut rows = stmt.query(rusqlite::params![of, count])?;
            while let Some(r) = rows.next()? {
                if let Some(v) = r.get::<_, Option<i64>>(2)? {
                    out.insert(r.get(0)?, v.max(0) as u64);
                }
            }
        }
        Ok(out)
    }

    /// Whether any contest of these elections' newest counts gives precinct figures. When none
    /// does, the page says so once instead of on every card.
    pub fn precincts_given(&self, election_id: Option<&str>) -> Result<bool> {
        // A count's figures are rows stored under it or under an earlier count of its election,
        // so when none of those rows has precinct figures the answer is no without a lookup per
        // contest (LA's feed never gives them: 10,320 lookups saved at 24 times its ballot).
        let mut any = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM snapshot sn CROSS JOIN contest_status s
                            ON s.snapshot_id = sn.id
                            WHERE sn.election_id = (SELECT election_id FROM snapshot WHERE id = ?1)
                              AND sn.id <= ?1
                              AND s.precincts_reported IS NOT NULL
                              AND s.precincts_total IS NOT NULL)",
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{AS_OF} SELECT EXISTS (SELECT 1 FROM at CROSS JOIN contest_status s
                              ON s.snapshot_id = at.stored AND s.contest_id = at.contest_id
                              WHERE s.precincts_reported IS NOT NULL
                                AND s.precincts_total IS NOT NULL)"
        ))?;
        for count in self.newest_counts(election_id)? {
            if any.query_row([count], |r| r.get::<_, bool>(0))?
                && stmt.query_row([count], |r| r.get::<_, bool>(0))?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
