//! History that grows with change (migration 015): a count stores only the contests whose
//! figures it changed, yet every read sees whole counts. On LA's four real counts, stored in time
//! order and out of it, each count read back from the cache equals its raw file, and what a
//! count stored is exactly what differs from the count stored before it.

use std::collections::BTreeSet;

use tallyroom_core::feeds::{self, ParsedContest, ParsedFeed};
use tallyroom_core::model::ContestChange;
use tallyroom_core::store::Store;

use crate::{read, MAYOR_ID, SNAPSHOTS};

/// Everything a count stores for one contest, compared by value: the reference for "changed".
fn figures(c: &ParsedContest) -> impl PartialEq + '_ {
    let choices: Vec<_> = c.choices.iter().map(|x| (&x.id, x.votes, &x.details)).collect();
    (c.reporting.clone(), &c.areas, &c.rounds, choices)
}

fn ids(feed: &ParsedFeed) -> BTreeSet<&str> {
    feed.contests.iter().map(|c| c.id.as_str()).collect()
}

/// Stores `feeds` in the order given, then checks every contest's history against the raw
/// figures of every count, the newest view against the newest count by time, and the contests
/// stored under each count against the ones that differ from the count stored before it.
fn check(feeds: &[ParsedFeed], order: &[usize]) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    let mut store = Store::open(&path).expect("open");
    let mut snapshot = vec![0; feeds.len()];
    for &i in order {
        let election = &feeds[i].election.id;
        let before = store.latest_snapshot_id(election).expect("latest");
        let out = store.apply(&feeds[i], "test").expect("apply");
        snapshot[i] = out.snapshot.id;
        // What apply reported (reading back only what it stored) equals comparing the two whole
        // counts in the cache.
        if out.is_latest {
            let by_id = |mut v: Vec<ContestChange>| {
                v.sort_by(|a, b| a.contest_id.cmp(&b.contest_id));
                v
            };
            let whole = store.changes_since(election, before).expect("changes");
            assert_eq!(by_id(out.changes), by_id(whole), "changes of count {i} ({order:?})");
        }
    }
    let every: BTreeSet<&str> = feeds.iter().flat_map(ids).collect();
    for id in &every {
        let h = store.history(id).expect("history");
        for (i, feed) in feeds.iter().enumerate() {
            let want: Option<Vec<Option<u64>>> =
                feed.contests.iter().find(|c| c.id == *id).map(|c| {
                    let votes =
                        |k: &str| c.choices.iter().find(|x| x.id == k).and_then(|x| x.votes);
                    h.choices.iter().map(|k| votes(&k.id)).collect()
                });
            // History leaves out a count in which the contest has no figure at all.
            let want = want.filter(|v| v.iter().any(Option::is_some));
            let got = h.points.iter().find(|p| p.snapshot_id == snapshot[i]).map(|p| &p.votes);
            assert_eq!(got, want.as_ref(), "{id} in count {i} (stored in order {order:?})");
        }
    }
    // The page reads the newest count by feed time, whichever was stored last.
    let newest =
        (0..feeds.len()).max_by_key(|&i| (&feeds[i].feed_timestamp, snapshot[i])).expect("a count");
    for c in &feeds[newest].contests {
        let view = store.contest(&c.id).expect("view");
        let want: Vec<Option<u64>> = c.choices.iter().map(|x| x.votes).collect();
        let got: Vec<Option<u64>> = view.choices.iter().map(|x| x.votes).collect();
        assert_eq!(got, want, "{} as newest", c.id);
        assert_eq!(view.reporting, c.reporting, "{} reporting", c.id);
    }
    // What each count stored: the contests whose figures differ from the count stored just
    // before it, and those it left out that the count before had.
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let mut stmt = conn
        .prepare("SELECT contest_id, votes FROM count_at WHERE snapshot_id = ?1")
        .expect("prepare");
    for (k, &i) in order.iter().enumerate() {
        let rows: Vec<(String, Option<i64>)> = stmt
            .query_map([snapshot[i]], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        // Each row keeps the contest's total in this count (migration 020): its choices' votes
        // in the raw file added up, none when no choice has a count or the count left it out.
        for (id, votes) in &rows {
            let c = feeds[i].contests.iter().find(|c| &c.id == id);
            let counted: Vec<u64> =
                c.into_iter().flat_map(|c| c.choices.iter().filter_map(|x| x.votes)).collect();
            let want = (!counted.is_empty()).then(|| counted.iter().sum::<u64>() as i64);
            assert_eq!(*votes, want, "{id}'s total under count {i} (order {order:?})");
        }
        let stored: BTreeSet<String> = rows.into_iter().map(|(id, _)| id).collect();
        let want: BTreeSet<String> = match k.checked_sub(1).map(|p| &feeds[order[p]]) {
            None => ids(&feeds[i]).into_iter().map(str::to_owned).collect(),
            Some(before) => {
                let now = &feeds[i];
                let changed = now.contests.iter().filter(|c| {
                    before
                        .contests
                        .iter()
                        .find(|b| b.id == c.id)
                        .is_none_or(|b| figures(b) != figures(c))
                });
                let gone = ids(before).into_iter().filter(|id| !ids(now).contains(id));
                changed.map(|c| c.id.as_str()).chain(gone).map(str::to_owned).collect()
            }
        };
        assert_eq!(stored, want, "contests stored under count {i} (order {order:?})");
    }
}

fn la() -> Vec<ParsedFeed> {
    SNAPSHOTS.iter().map(|rel| feeds::parse(&read(rel)).expect("parse")).collect()
}

#[test]
fn each_count_reads_back_whole_in_time_order_and_out_of_it() {
    let feeds = la();
    check(&feeds, &[0, 1, 2, 3]);
    // December first, then the night's counts as a backfill of history.
    check(&feeds, &[3, 1, 0, 2]);
}

#[test]
fn a_count_that_changed_little_stores_little() {
    let feeds = la();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    let mut store = Store::open(&path).expect("open");
    store.apply(&feeds[2], "test").expect("friday");
    // Friday again with only the mayor's race moved to December's figures, at December's time.
    let mut next = feeds[2].clone();
    let december = feeds[3].contests.iter().find(|c| c.id == MAYOR_ID).expect("mayor").clone();
    *next.contests.iter_mut().find(|c| c.id == MAYOR_ID).expect("mayor") = december;
    next.feed_timestamp = feeds[3].feed_timestamp.clone();
    let out = store.apply(&next, "test").expect("next");
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let count =
        |sql: &str| -> i64 { conn.query_row(sql, [out.snapshot.id], |r| r.get(0)).expect("count") };
    assert_eq!(count("SELECT count(*) FROM count_at WHERE snapshot_id = ?1"), 1);
    assert_eq!(count("SELECT count(*) FROM result WHERE snapshot_id = ?1"), 2, "Bass and Caruso");
    let changed: Vec<&str> = out.changes.iter().map(|c| c.contest_id.as_str()).collect();
    assert_eq!(changed, [MAYOR_ID]);
    let mayor = store.contest(MAYOR_ID).expect("mayor");
    assert_eq!(
        mayor.choices.iter().map(|c| c.votes).collect::<Vec<_>>(),
        [Some(509_944), Some(420_030)],
        "December's raw figures"
    );
}

#[test]
fn a_contest_left_out_of_a_count_has_no_figures_in_it_and_returns_after() {
    let feeds = la();
    let mut without = feeds[2].clone();
    without.contests.retain(|c| c.id != MAYOR_ID);
    // Wednesday, then Friday without the mayor's race, then December with it.
    let mut all = vec![feeds[1].clone(), without, feeds[3].clone()];
    all[1].feed_timestamp = feeds[2].feed_timestamp.clone();
    check(&all, &[0, 1, 2]);
    check(&all, &[2, 0, 1]);
}
