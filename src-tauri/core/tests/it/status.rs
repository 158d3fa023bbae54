//! What the app says about a contest (leading, tied, unopposed, the seats, a measure against its
//! rule, a seat line crossed), checked against counts made here from the raw files.

use serde_json::Value;
use tallyroom_core::feeds;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::Store;

use crate::{read, SNAPSHOTS};

fn import(store: &mut Store, rel: &str) -> tallyroom_core::store::ApplyOutcome {
    let feed = feeds::parse(&read(rel)).expect("parse");
    store.apply(&feed, rel).expect("apply")
}

/// Every LA measure against its rule, worked out here from the raw JSON with integer
/// arithmetic (at least 2/3, at least 55%, more than half), never from the parser's types.
#[test]
fn every_la_measure_stands_against_its_own_rule() {
    use tallyroom_core::tally::Status;
    let rel = SNAPSHOTS[3];
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, rel);
    let contests = store.contests(&ContestQuery::default()).expect("contests");
    let raw: Value = serde_json::from_slice(&read(rel)).expect("json");
    let mut by_rule = std::collections::BTreeMap::<String, usize>::new();
    for group in raw["Election"]["ContestGroups"].as_array().expect("groups") {
        for c in group["Contests"].as_array().expect("contests") {
            let rule = c["MeasurePassRate"].as_str().unwrap_or("");
            if rule.is_empty() {
                continue;
            }
            let votes = |name: &str| {
                c["Candidates"]
                    .as_array()
                    .expect("c")
                    .iter()
                    .find(|x| x["Name"] == name)
                    .expect(name)["Votes"]
                    .as_u64()
                    .expect("votes")
            };
            let (yes, no) = (votes("YES"), votes("NO"));
            let total = yes + no;
            let meets = match rule {
                "2/3 of votes cast" => 3 * yes >= 2 * total,
                "55% of votes cast" => 100 * yes >= 55 * total,
                "Majority of votes cast" => 2 * yes > total,
                other => panic!("a rule the test does not know: {other}"),
            };
            let stored = contests
                .iter()
                .find(|s| s.group == group["Name"] && s.raw_title == c["Title"])
                .expect("stored");
            let Status::Measure(m) = &stored.status else {
                panic!("{}: {:?}", stored.raw_title, stored.status)
            };
            assert_eq!(m.meets_rule, Some(meets), "{}", stored.raw_title);
            assert!(stored.choices.iter().all(|ch| !ch.leading), "a measure has no leader");
            *by_rule.entry(rule.to_string()).or_default() += 1;
        }
    }
    assert_eq!(by_rule["2/3 of votes cast"], 4);
    assert_eq!(by_rule["55% of votes cast"], 12);
    // Pomona Measure PS: Yes 11,514, No 9,038; two-thirds of 20,552 is 13,701.33.
    let ps = contests.iter().find(|c| c.raw_title.ends_with("MEASURE PS")).expect("PS");
    let Status::Measure(m) = &ps.status else { panic!() };
    assert_eq!((m.meets_rule, m.votes_short), (Some(false), Some(13_702 - 11_514)));
}

/// The NIST sample's presidential race is tied: no one leads. Its seven one-candidate races are
/// unopposed, with no margin, and no "leading" mark.
#[test]
fn ties_have_no_leader_and_unopposed_races_no_margin() {
    use tallyroom_core::tally::Status;
    let mut store = Store::open_in_memory().expect("open");
    let feed = feeds::parse(&crate::fixture("nist-cdf/post_election_sample_feed_summary.xml"))
        .expect("parse");
    store.apply(&feed, "nist").expect("apply");
    let contests = store.contests(&ContestQuery::default()).expect("contests");
    let president = contests.iter().find(|c| c.title == "President").expect("president");
    let votes: Vec<Option<u64>> = president.choices.iter().map(|c| c.votes).collect();
    assert_eq!(votes, vec![Some(12_223), Some(12_223)]);
    assert_eq!(president.status, Status::Tied { choices: vec![0, 1], votes: 12_223 });
    assert!(president.choices.iter().all(|c| !c.leading));
    let unopposed: Vec<_> = contests.iter().filter(|c| c.choices.len() == 1).collect();
    assert_eq!(unopposed.len(), 7);
    for c in unopposed {
        assert_eq!(c.status, Status::Unopposed { choices: vec![0] }, "{}", c.title);
        assert!(!c.choices[0].leading);
    }
}

/// For every vote-for-N contest of the bundled counts, the contests whose seat line each count
/// crossed are the ones a count made here from the raw JSON finds; a reordering inside the
/// seats is no change of leader.
#[test]
fn seat_changes_equal_a_count_from_the_raw_files() {
    use std::collections::{BTreeSet, HashMap};
    let seats_word = |s: &str| match s {
        "Vote for no more than two" => 2,
        "Vote for no more than three" => 3,
        "Vote for no more than four" => 4,
        _ => 1,
    };
    // (group, title) -> the set of names strictly ahead of the first choice outside the seats.
    let inside = |rel: &str| -> HashMap<(String, String), BTreeSet<String>> {
        let raw: Value = serde_json::from_slice(&read(rel)).expect("json");
        let mut out = HashMap::new();
        for g in raw["Election"]["ContestGroups"].as_array().expect("groups") {
            for c in g["Contests"].as_array().expect("contests") {
                let n = seats_word(c["VoteFor"].as_str().unwrap_or(""));
                let mut v: Vec<(u64, String)> = c["Candidates"]
                    .as_array()
                    .expect("c")
                    .iter()
                    .map(|x| {
                        (
                            x["Votes"].as_u64().expect("v"),
                            x["Name"].as_str().expect("n").to_string(),
                        )
                    })
                    .collect();
                if n < 2 || v.len() <= n || v.iter().all(|x| x.0 == 0) {
                    continue;
                }
                v.sort_by_key(|x| std::cmp::Reverse(x.0));
                let line = v[n].0;
                let set = v[..n].iter().filter(|x| x.0 > line).map(|x| x.1.clone()).collect();
                out.insert(
                    (
                        g["Name"].as_str().expect("g").to_string(),
                        c["Title"].as_str().expect("t").to_string(),
                    ),
                    set,
                );
            }
        }
        out
    };
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[0]);
    let all = store.contests(&ContestQuery::default()).expect("contests");
    let raw_names: HashMap<String, (String, String)> =
        all.iter().map(|c| (c.id.clone(), (c.group.clone(), c.raw_title.clone()))).collect();
    let mut total = 0;
    for pair in SNAPSHOTS.windows(2) {
        let (before, after) = (inside(pair[0]), inside(pair[1]));
        let mut expected: Vec<(String, String)> = after
            .iter()
            .filter(|(k, now)| before.get(*k).is_some_and(|was| was != *now))
            .map(|(k, _)| k.clone())
            .collect();
        expected.sort();
        let outcome = import(&mut store, pair[1]);
        let mut found: Vec<(String, String)> = outcome
            .changes
            .iter()
            .filter(|c| c.seats.is_some())
            .map(|c| raw_names[&c.contest_id].clone())
            .collect();
        found.sort();
        assert_eq!(found, expected, "{}", pair[1]);
        // A vote-for-N race never reports a leader, so a reorder inside the seats is no news.
        for c in &outcome.changes {
            let contest = all.iter().find(|x| x.id == c.contest_id).expect("known");
            if contest.vote_for > 1 {
                assert_eq!(
                    (&c.leader_before, &c.leader_after),
                    (&None, &None),
                    "{}",
                    contest.title
                );
            }
        }
        total += found.len();
    }
    assert!(total > 0, "the bundled counts do cross some seat lines");
}
