//! What each count added, and the hurdle: figures checked against the raw LA files.

use serde_json::Value;
use tallyroom_core::app::hurdle_report;
use tallyroom_core::feeds;
use tallyroom_core::settings::RemainingEstimate;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::tally::{Basis, Update};
use tallyroom_core::Store;

use crate::{read, MAYOR, SNAPSHOTS};

fn store_with(order: &[usize]) -> Store {
    let mut store = Store::open_in_memory().expect("open");
    for &i in order {
        let feed = feeds::parse(&read(SNAPSHOTS[i])).expect("parse");
        store.apply(&feed, SNAPSHOTS[i]).expect("apply");
    }
    store
}

fn mayor_updates(store: &Store) -> Vec<Update> {
    let all = store.contests(&ContestQuery::default()).expect("contests");
    let mayor = all.iter().find(|c| c.raw_title == MAYOR).expect("mayor");
    store.history(&mayor.id).expect("history").updates
}

/// Each choice's votes in one raw file, by the feed's own name, for one contest title.
fn raw_votes(rel: &str, title: &str) -> Vec<(String, i64)> {
    let raw: Value = serde_json::from_slice(&read(rel)).expect("json");
    let contest = raw["Election"]["ContestGroups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["Contests"].as_array().expect("contests"))
        .find(|c| c["Title"] == title)
        .expect("contest")
        .clone();
    contest["Candidates"]
        .as_array()
        .expect("cands")
        .iter()
        .map(|x| (x["Name"].as_str().expect("n").to_string(), x["Votes"].as_i64().expect("v")))
        .collect()
}

#[test]
fn what_each_count_added_to_the_mayors_race() {
    let updates = mayor_updates(&store_with(&[0, 1, 2, 3]));
    assert_eq!(updates.len(), 3);
    let check = |u: &Update, added: [i64; 2], total: i64, shares: [f64; 2]| {
        assert_eq!(u.added, added.map(Some), "{u:?}");
        assert_eq!(u.added_total, total);
        assert_eq!(u.share_of_added, shares.map(Some));
        assert!(!u.lowered && u.late);
    };
    // Bass first on the ballot, then Caruso.
    check(&updates[1], [49_588, 32_922], 82_510, [60.10, 39.90]);
    check(&updates[2], [220_162, 134_632], 354_794, [62.05, 37.95]);
    assert!(!updates[0].late, "election night is the first count, not a late one");
    // The same, from the raw files.
    for (u, pair) in updates.iter().zip(SNAPSHOTS.windows(2)) {
        let (was, now) = (raw_votes(pair[0], MAYOR), raw_votes(pair[1], MAYOR));
        let want: Vec<Option<i64>> = was.iter().zip(&now).map(|(a, b)| Some(b.1 - a.1)).collect();
        assert_eq!(u.added, want, "{} to {}", pair[0], pair[1]);
    }
    // Any import order gives the same updates.
    assert_eq!(mayor_updates(&store_with(&[3, 1, 0, 2])), updates);
}

#[test]
fn the_hurdle_on_fridays_count() {
    let store = store_with(&[0, 1, 2]);
    let all = store.contests(&ContestQuery::default()).expect("contests");
    let mayor = all.iter().find(|c| c.raw_title == MAYOR).expect("mayor");
    let history = store.history(&mayor.id).expect("history");
    let estimate = |ballots| {
        Some(RemainingEstimate {
            scope: mayor.election_id.clone(),
            ballots,
            said_by: "LA County".into(),
            said_on: "14 Nov".into(),
            from_feed: false,
        })
    };
    let report = hurdle_report(mayor, &history, estimate(300_000), Some(55.0));
    let h = report.hurdle.expect("hurdle");
    assert_eq!((h.margin, h.needed_percent, h.out_of_reach), (4_384, 50.73, false));
    assert_eq!(mayor.choices[h.behind as usize].name, "Rick J. Caruso");
    // The last update (Wednesday to Friday) added 49,588 and 32,922: the rest split so.
    let last = report.what_ifs.iter().find(|w| w.basis == Basis::LastUpdate).expect("last");
    let part = |won: f64| (300_000.0 * won / 82_510.0).round() as u64;
    assert_eq!(last.finals, [289_782 + part(49_588.0), 285_398 + part(32_922.0)]);
    let chosen = report.what_ifs.iter().find(|w| w.basis == Basis::Chosen).expect("chosen");
    assert_eq!(chosen.finals, [289_782 + 135_000, 285_398 + 165_000]);
    let h = hurdle_report(mayor, &history, estimate(4_000), None).hurdle.expect("h");
    assert!(h.out_of_reach && h.needed_percent > 100.0);
    assert_eq!(hurdle_report(mayor, &history, None, None).hurdle, None, "no estimate, no hurdle");
}

#[test]
fn shares_sum_to_100_and_the_seat_edge_is_nth_against_next() {
    let store = store_with(&[0, 1, 2, 3]);
    let all = store.contests(&ContestQuery::default()).expect("contests");
    let mut multi = 0;
    for c in all.iter().filter(|c| c.choices.len() > 2) {
        multi += 1;
        for u in store.history(&c.id).expect("history").updates {
            if u.added_total > 0 {
                let sum: f64 = u.share_of_added.iter().flatten().sum();
                assert!((sum - 100.0).abs() < 0.01 * c.choices.len() as f64, "{}: {sum}", c.title);
            }
        }
        if c.vote_for > 1 {
            let votes: Vec<Option<u64>> = c.choices.iter().map(|x| x.votes).collect();
            let Some(h) = tallyroom_core::tally::hurdle(&votes, c.vote_for, 1_000) else {
                continue;
            };
            // From the raw order: the Nth and N+1th by votes.
            let mut sorted: Vec<u64> = votes.iter().map(|v| v.unwrap_or(0)).collect();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let n = c.vote_for as usize;
            assert_eq!(h.margin, sorted[n - 1] - sorted[n], "{}", c.title);
            assert!(h.seat_edge);
        }
    }
    assert!(multi > 50, "{multi} multi-choice contests checked");
}

#[test]
fn a_count_that_lowers_a_total_says_so() {
    // Friday's real count, then the same count with Caruso's total corrected down by 100.
    let mut store = store_with(&[2]);
    let mut raw: Value = serde_json::from_slice(&read(SNAPSHOTS[2])).expect("json");
    for g in raw["Election"]["ContestGroups"].as_array_mut().expect("groups") {
        for c in g["Contests"].as_array_mut().expect("contests") {
            if c["Title"] == MAYOR {
                let caruso = &mut c["Candidates"][1]["Votes"];
                *caruso = Value::from(caruso.as_i64().expect("v") - 100);
            }
        }
    }
    raw["Election"]["Timestamp"] = Value::from("2022-11-12T10:00:00");
    let corrected = serde_json::to_vec(&raw).expect("json");
    let feed = feeds::parse(&corrected).expect("parse");
    store.apply(&feed, "corrected").expect("apply");
    let updates = mayor_updates(&store);
    let u = updates.last().expect("update");
    assert_eq!(u.added, [Some(0), Some(-100)]);
    assert_eq!((u.added_total, u.lowered), (-100, true));
    assert_eq!(u.share_of_added, [None, None], "no share of a negative total");
}
