use serde_json::Value;
use tallyroom_core::error::FeedError;
use tallyroom_core::feeds::{self, ParsedFeed};
use tallyroom_core::model::ContestKind;
use tallyroom_core::Error;

use crate::{read, MAYOR, SNAPSHOTS};

fn parse(rel: &str) -> ParsedFeed {
    feeds::parse(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Checks the mayor's race in one real snapshot.
fn check_mayor(rel: &str, bass: u64, caruso: u64) {
    let feed = parse(rel);
    let mayor = feed.contests.iter().find(|c| c.raw_title == MAYOR).expect("mayor's race");
    let votes: Vec<(&str, u64)> =
        mayor.choices.iter().map(|c| (c.raw_name.as_str(), c.votes.expect("counted"))).collect();
    assert_eq!(votes, vec![("KAREN RUTH BASS", bass), ("RICK J. CARUSO", caruso)], "{rel}");
}

#[test]
fn mayors_race_in_each_real_snapshot() {
    check_mayor(SNAPSHOTS[0], 0, 0);
    check_mayor(SNAPSHOTS[1], 240_194, 252_476);
    check_mayor(SNAPSHOTS[2], 289_782, 285_398);
    check_mayor(SNAPSHOTS[3], 509_944, 420_030);
}

#[test]
fn every_contest_and_choice_loads_from_every_snapshot() {
    for rel in SNAPSHOTS {
        let feed = parse(rel);
        assert_eq!(feed.contests.len(), 430, "{rel}");
        assert_eq!(feed.choice_count(), 1132, "{rel}");
        assert_eq!(feed.election.id, "lavote-4300");
        let kinds = |k| feed.contests.iter().filter(|c| c.kind == k).count();
        assert_eq!(
            (
                kinds(ContestKind::Candidate),
                kinds(ContestKind::Judicial),
                kinds(ContestKind::Measure)
            ),
            (323, 16, 91)
        );
    }
}

#[test]
fn ids_are_stable_across_snapshots() {
    let ids = |rel| {
        parse(rel)
            .contests
            .iter()
            .flat_map(|c| c.choices.iter().map(move |ch| format!("{}/{}", c.id, ch.id)))
            .collect::<Vec<_>>()
    };
    let first = ids(SNAPSHOTS[0]);
    for rel in &SNAPSHOTS[1..] {
        assert_eq!(ids(rel), first, "{rel}");
    }
}

#[test]
fn vote_for_and_pass_rules_come_from_the_feed() {
    let feed = parse(SNAPSHOTS[3]);
    let by_n = |n| feed.contests.iter().filter(|c| c.vote_for == n).count();
    assert_eq!((by_n(1), by_n(2), by_n(3), by_n(4)), (361, 21, 45, 3));
    let rules = feed.contests.iter().filter_map(|c| c.pass_rule.as_deref());
    assert_eq!(rules.clone().filter(|r| *r == "Majority of votes cast").count(), 75);
    assert_eq!(rules.clone().filter(|r| *r == "55% of votes cast").count(), 12);
    assert_eq!(rules.filter(|r| *r == "2/3 of votes cast").count(), 4);
}

/// The same file with another election id and one contest renamed still reads: the parser
/// knows the format, not election 4300.
#[test]
fn reads_any_election_of_this_feed() {
    let mut doc: Value = serde_json::from_slice(&read(SNAPSHOTS[1])).expect("json");
    doc["Election"]["ID"] = Value::from(4321);
    doc["Election"]["Title"] = Value::from("Special Election");
    let feed = feeds::parse(&serde_json::to_vec(&doc).expect("ser")).expect("parse");
    assert_eq!(feed.election.id, "lavote-4321");
    assert_eq!(feed.contests.len(), 430);
}

fn check_error(input: &[u8], code: &str, needle: &str) {
    let err = feeds::parse(input).expect_err("must fail");
    assert_eq!(err.code(), code, "{err}");
    assert!(err.to_string().contains(needle), "«{err}» lacks «{needle}»");
}

#[test]
fn bad_input_gets_a_clear_error() {
    check_error(b"", "empty_feed", "empty");
    check_error(b"   \n", "empty_feed", "empty");
    check_error(
        b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
        "unknown_format",
        "HTML",
    );
    check_error(b"hello", "unknown_format", "not a results feed");
    check_error(b"{\"Election\": {", "malformed_feed", "not valid JSON");
    check_error(b"{\"Foo\": 1}", "malformed_feed", "Election");
    let mut doc: Value = serde_json::from_slice(&read(SNAPSHOTS[1])).expect("json");
    doc["Election"]["ContestGroups"][0]["Contests"][0]["Candidates"][0]["Votes"] = Value::from(-5);
    check_error(&serde_json::to_vec(&doc).expect("ser"), "malformed_feed", "-5");
    // (A Type the county has never sent is carried, not refused: see `unseen`.)
    let mut doc: Value = serde_json::from_slice(&read(SNAPSHOTS[1])).expect("json");
    let first = doc["Election"]["ContestGroups"][0]["Contests"][0].clone();
    doc["Election"]["ContestGroups"][0]["Contests"].as_array_mut().expect("arr").push(first);
    check_error(&serde_json::to_vec(&doc).expect("ser"), "malformed_feed", "appears twice");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(read(SNAPSHOTS[1]));
    assert_eq!(feeds::parse(&bytes).expect("parse").contests.len(), 430);
}

#[test]
fn truncated_files_never_parse() {
    let bytes = read(SNAPSHOTS[1]);
    for cut in [1, 100, bytes.len() / 2, bytes.len() - 2] {
        let err = feeds::parse(&bytes[..cut]).expect_err("truncated");
        assert!(matches!(err, Error::Feed(FeedError::Malformed { .. })), "cut at {cut}: {err}");
    }
}
