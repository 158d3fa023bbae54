//! A value a feed has never sent before is carried, not a reason to refuse the count: each case
//! is a real file with one enum-like field changed to a value no adapter has seen (a contest
//! type, a vote type, an extra field). The count still loads with every figure as the original
//! has it, and an unseen contest type is kept as the feed wrote it.

use serde_json::Value;
use tallyroom_core::feeds::{self, ParsedFeed};
use tallyroom_core::model::ContestKind;

use crate::{fixture, read, SNAPSHOTS};

/// Every contest's figures, in order: what must not change when only a label does.
fn figures(feed: &ParsedFeed) -> Vec<(String, Vec<Option<u64>>)> {
    feed.contests
        .iter()
        .map(|c| (c.id.clone(), c.choices.iter().map(|x| x.votes).collect()))
        .collect()
}

/// `changed` parses, with the figures of `original`; `unseen` is the one contest (by raw
/// title) whose type the feed names anew: its raw type and the class it is read as.
fn check(original: &[u8], changed: &[u8], unseen: Option<(&str, &str, ContestKind)>) {
    let want = feeds::parse(original).expect("original");
    let got = feeds::parse(changed).unwrap_or_else(|e| panic!("refused: {e}"));
    assert_eq!(figures(&got), figures(&want), "every figure as the original has it");
    let carried: Vec<(&str, &str, ContestKind)> = got
        .contests
        .iter()
        .filter_map(|c| c.raw_kind.as_deref().map(|k| (c.raw_title.as_str(), k, c.kind)))
        .collect();
    assert_eq!(carried, unseen.into_iter().collect::<Vec<_>>());
}

fn la_with(change: impl Fn(&mut Value)) -> (Vec<u8>, Vec<u8>) {
    let original = read(SNAPSHOTS[1]);
    let mut doc: Value = serde_json::from_slice(&original).expect("json");
    change(&mut doc);
    (original, serde_json::to_vec(&doc).expect("enc"))
}

fn contest<'a>(doc: &'a mut Value, group: &str, title: &str) -> &'a mut Value {
    doc["Election"]["ContestGroups"]
        .as_array_mut()
        .expect("groups")
        .iter_mut()
        .find(|g| g["Name"] == group)
        .and_then(|g| {
            g["Contests"].as_array_mut().expect("contests").iter_mut().find(|c| c["Title"] == title)
        })
        .expect("contest")
}

const MAYOR: &str = "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor";
const ARCADIA: &str = "ARCADIA CITY GENERAL MUNICIPAL ELECTION - MEASURE CA";

#[test]
fn la_county_a_new_contest_type_is_carried_and_read_by_its_choices() {
    let (original, changed) = la_with(|d| contest(d, "Cities", MAYOR)["Type"] = "Lottery".into());
    check(&original, &changed, Some((MAYOR, "Lottery", ContestKind::Candidate)));
    let (original, changed) =
        la_with(|d| contest(d, "Cities", ARCADIA)["Type"] = "Advisory".into());
    check(&original, &changed, Some((ARCADIA, "Advisory", ContestKind::Measure)));
}

#[test]
fn la_county_extra_fields_are_ignored() {
    let (original, changed) = la_with(|d| {
        d["Election"]["Turnout"] = serde_json::json!({"Ballots": 1});
        contest(d, "Cities", MAYOR)["RankedChoice"] = false.into();
    });
    check(&original, &changed, None);
}

#[test]
fn nist_a_new_contest_type_is_carried_in_xml_and_json() {
    let xml = fixture("nist-cdf/post_election_sample_feed_summary.xml");
    let text = String::from_utf8(xml.clone()).expect("utf8");
    let changed =
        text.replacen(r#"xsi:type="CandidateContest""#, r#"xsi:type="LotteryContest""#, 1);
    let name = feeds::parse(&xml).expect("nist").contests[0].raw_title.clone();
    check(&xml, changed.as_bytes(), Some((&name, "LotteryContest", ContestKind::Candidate)));

    let json = fixture("nist-cdf/post_election_sample_feed_summary.json");
    let text = String::from_utf8(json.clone()).expect("utf8");
    let changed = text.replacen(
        r#""@type": "ElectionResults.CandidateContest""#,
        r#""@type": "ElectionResults.LotteryContest""#,
        1,
    );
    let name = feeds::parse(&json).expect("nist").contests[0].raw_title.clone();
    check(&json, changed.as_bytes(), Some((&name, "LotteryContest", ContestKind::Candidate)));
}

#[test]
fn nist_and_clarity_a_new_vote_type_is_carried_as_written() {
    let xml = fixture("nist-cdf/post_election_sample_feed_summary.xml");
    let text = String::from_utf8(xml.clone()).expect("utf8");
    let changed = text.replacen("<Type>other</Type>", "<Type>drop-box-drone</Type>", 1);
    check(&xml, changed.as_bytes(), None);

    let clarity = fixture("clarity/clarify-precinct.xml");
    let text = String::from_utf8(clarity.clone()).expect("utf8");
    let changed = text.replace(r#"VoteType name="Election""#, r#"VoteType name="Drone Delivery""#);
    assert_ne!(changed, text);
    check(&clarity, changed.as_bytes(), None);
    let feed = feeds::parse(changed.as_bytes()).expect("clarity");
    let named = feed
        .contests
        .iter()
        .flat_map(|c| &c.choices)
        .flat_map(|x| &x.details)
        .any(|d| d.vote_type.as_deref() == Some("Drone Delivery"));
    assert!(named, "the new vote type is carried by name");
}
