//! Clarity ENR detail XML, checked against sums computed here by a second, independent reader
//! straight from the raw files: the adapter streams (quick-xml), this test walks a tree
//! (roxmltree).

use std::collections::BTreeMap;

use tallyroom_core::feeds::{self, FeedFormat};
use tallyroom_core::store::ContestQuery;
use tallyroom_core::Store;

use crate::fixture;

/// What the raw file says, per contest text: each choice's totalVotes, the sum of its VoteType
/// votes, and the sum of its per-area votes.
#[derive(Debug, Default)]
struct Raw {
    choices: Vec<(String, u64, u64, u64)>,
    precincts: (Option<u32>, Option<u32>),
    counties: (Option<u32>, Option<u32>),
}

fn raw_totals(rel: &str) -> BTreeMap<String, Raw> {
    let text = String::from_utf8(fixture(rel)).expect("utf8");
    let doc = roxmltree::Document::parse(&text).expect("xml");
    let num = |n: roxmltree::Node, k: &str| n.attribute(k).map(|v| v.parse().expect("num"));
    let votes = |n: roxmltree::Node, k: &str| -> u64 { n.attribute(k).expect(k).parse().expect(k) };
    let mut out: BTreeMap<String, Raw> = BTreeMap::new();
    for contest in doc.root_element().children().filter(|n| n.has_tag_name("Contest")) {
        let r = out.entry(contest.attribute("text").expect("text").to_string()).or_default();
        r.precincts = (num(contest, "precinctsReported"), num(contest, "precinctsParticipating"));
        r.counties = (num(contest, "countiesReported"), num(contest, "countiesParticipating"));
        for choice in contest.children().filter(|n| n.has_tag_name("Choice")) {
            let vote_types: Vec<_> =
                choice.children().filter(|n| n.has_tag_name("VoteType")).collect();
            let by_type: u64 = vote_types.iter().map(|v| votes(*v, "votes")).sum();
            let by_area: u64 = vote_types
                .iter()
                .flat_map(|v| v.children())
                .filter(|n| n.has_tag_name("County") || n.has_tag_name("Precinct"))
                .map(|a| votes(a, "votes"))
                .sum();
            let name = choice.attribute("text").expect("text").to_string();
            r.choices.push((name, votes(choice, "totalVotes"), by_type, by_area));
        }
    }
    out
}

/// `adds_up`: whether the file's vote types and areas sum to each choice's total. Real files
/// do not always: the Arkansas export leaves a vote type out of its breakdown.
fn check(rel: &str, contests: usize, area_kind: &str, adds_up: bool) {
    let feed = feeds::parse(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(feed.format, FeedFormat::Clarity);
    assert_eq!(feed.contests.len(), contests, "{rel}");
    let raw = raw_totals(rel);
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&feed, rel).expect("apply");
    let views = store.contests(&ContestQuery::default()).expect("contests");
    for view in &views {
        let want = &raw[&view.raw_title];
        let got: Vec<(String, u64)> =
            view.choices.iter().map(|c| (c.raw_name.clone(), c.votes.expect("votes"))).collect();
        let expect: Vec<(String, u64)> = want.choices.iter().map(|c| (c.0.clone(), c.1)).collect();
        assert_eq!(got, expect, "{rel}: {}", view.raw_title);
        assert_eq!(
            (view.reporting.precincts_reported, view.reporting.precincts_total),
            want.precincts
        );
        assert_eq!(
            (view.reporting.counties_reported, view.reporting.counties_total),
            want.counties
        );
        // Vote types and areas add up to the totals, in the file and in the store.
        let areas = store.area_results(&view.id).expect("areas");
        assert_eq!(areas.area_kind.as_deref(), Some(area_kind));
        for (i, (name, total, by_type, by_area)) in want.choices.iter().enumerate() {
            assert_eq!(
                by_type == total && by_area == total,
                adds_up,
                "the file's own sums for {name}"
            );
            let stored_areas: u64 = areas.areas.iter().filter_map(|a| a.votes[i]).sum();
            let stored_types: u64 = areas.vote_types.iter().filter_map(|t| t.votes[i]).sum();
            assert_eq!((stored_areas, stored_types), (*by_area, *by_type), "{name}");
        }
    }
}

#[test]
fn every_clarity_file_imports_with_totals_equal_to_the_raw_file() {
    check("clarity/clarify-county.xml", 1, "county", false);
    check("clarity/clarify-precinct.xml", 1, "precinct", true);
    check("clarity/wv_counties_2020-11-03.xml", 2, "county", true);
}

#[test]
fn the_zip_wrapper_reads_like_the_file_inside() {
    let zipped = feeds::parse(&fixture("clarity/detailxml.zip")).expect("zip");
    let plain = feeds::parse(&fixture("clarity/wv_counties_2020-11-03.xml")).expect("xml");
    assert_eq!(zipped, plain);
}

#[test]
fn west_virginia_2020_figures() {
    let feed = feeds::parse(&fixture("clarity/wv_counties_2020-11-03.xml")).expect("parse");
    assert_eq!(feed.election.id, "clarity-wv-2020-11-03");
    assert_eq!(feed.feed_timestamp, "2020-11-30T08:18:00");
    let president = &feed.contests[0];
    assert_eq!(president.title, "President");
    let top: Vec<(&str, Option<&str>, u64)> = president
        .choices
        .iter()
        .take(2)
        .map(|c| (c.name.as_str(), c.party.as_deref(), c.votes.expect("counted")))
        .collect();
    assert_eq!(
        top,
        vec![("Donald J. Trump", Some("REP"), 545_382), ("Joseph R. Biden", Some("DEM"), 235_984)]
    );
    assert_eq!(president.areas.len(), 55, "55 participating counties");
    assert_eq!(president.reporting.counties_reported, Some(55));
    assert_eq!(president.reporting.precincts_reported, Some(1706));
}

fn check_error(input: &str, needle: &str) {
    let err = feeds::parse(input.as_bytes()).expect_err("must fail");
    assert!(err.to_string().contains(needle), "«{err}» lacks «{needle}»");
}

#[test]
fn bad_clarity_xml_names_the_element_and_line() {
    check_error(
        "<?xml version=\"1.0\"?><!DOCTYPE ElectionResult [<!ENTITY x \"boom\">]><ElectionResult/>",
        "DTD",
    );
    check_error("<ElectionResult><Timestamp>1/1/2020", "not well-formed");
    let base = "<ElectionResult><Timestamp>11/30/2020 8:18:00 AM EST</Timestamp>\
        <ElectionName>T</ElectionName><ElectionDate>11/3/2020</ElectionDate><Region>WV</Region>\n";
    check_error(
        &format!("{base}<Contest key=\"1\" text=\"X\">\n<Choice key=\"1\" text=\"A\" totalVotes=\"-3\"/></Contest></ElectionResult>"),
        "<Choice> on line 3: totalVotes=\"-3\" is not a whole number",
    );
    check_error(&format!("{base}</ElectionResult>"), "no <Contest>");
    // The stream still holds the whole file to XML's rules, in parts it does not read too.
    check_error(&format!("{base}<Turnout note=\"&nope;\"/></ElectionResult>"), "not well-formed");
    check_error(
        &format!("{base}<Contest key=\"1\" text=\"X\"><Choice key=\"1\" text=\"A\" totalVotes=\"1\" totalVotes=\"2\"/></Contest></ElectionResult>"),
        "not well-formed",
    );
    check_error(&format!("{base}<Contest key=\"1\" text=\"X\">"), "not well-formed");
    check_error(&format!("{base}</ElectionResult><ElectionResult/>"), "not well-formed");
    let deep = format!("{base}{}{}</ElectionResult>", "<X>".repeat(70), "</X>".repeat(70));
    check_error(&deep, "<X> on line 2: nesting deeper than 64 levels");
    check_error("<Ballots/>", "root element is <Ballots>");
}

#[test]
fn turnout_is_the_files_own_counts_for_the_state_and_each_county() {
    let bytes = fixture("clarity/wv_counties_2020-11-03.xml");
    let feed = feeds::parse(&bytes).expect("parse");
    let mut store = tallyroom_core::Store::open_in_memory().expect("open");
    store.apply(&feed, "wv").expect("apply");
    let turnout = store.turnout(&feed.election.id).expect("read").expect("turnout");
    // <ElectionVoterTurnout totalVoters="1269219" ballotsCast="802726" voterTurnout="63.25">
    assert_eq!((turnout.ballots_cast, turnout.registered), (Some(802_726), Some(1_269_219)));
    let pct = turnout.percent().expect("percent");
    assert!((pct - 63.246).abs() < 0.001, "{pct}");
    // Every <County>, as written: 55 of them, Barbour first.
    let text = String::from_utf8(bytes).expect("utf8");
    let counties = text
        .split("<Counties>")
        .nth(1)
        .expect("counties")
        .split("</Counties>")
        .next()
        .expect("end");
    assert_eq!(turnout.areas.len(), counties.matches("<County ").count());
    assert_eq!(turnout.areas.len(), 55);
    let barbour = &turnout.areas[0];
    assert_eq!(
        (barbour.name.as_str(), barbour.ballots_cast, barbour.registered),
        ("Barbour", Some(6_763), Some(9_944))
    );
    // A feed that gives none has none: nothing is made up.
    let la = feeds::parse(&crate::read(crate::SNAPSHOTS[3])).expect("la");
    store.apply(&la, "la").expect("apply");
    assert_eq!(store.turnout(&la.election.id).expect("read"), None);
}

/// A count where one contest's precincts move on and no vote does: the contest's figures are
/// stored again (they differ), but it is not a change in who has how many votes, by the
/// in-memory comparison of `apply` or by the read back from the cache.
#[test]
fn a_contest_whose_precincts_move_without_votes_is_not_a_change() {
    let real = feeds::parse(&fixture("clarity/wv_counties_2020-11-03.xml")).expect("parse");
    // The count before: the same file an hour earlier with one precinct of the second contest
    // still out (the file says 1706 of 1706).
    let mut earlier = real.clone();
    earlier.feed_timestamp = "2020-11-30T07:18:00".into();
    let second = &mut earlier.contests[1];
    assert_eq!(second.reporting.precincts_reported, Some(1706));
    second.reporting.precincts_reported = Some(1705);
    let mut store = Store::open_in_memory().expect("open");
    let first = store.apply(&earlier, "wv").expect("apply");
    let outcome = store.apply(&real, "wv").expect("apply");
    assert!(outcome.is_new && outcome.is_latest);
    assert_eq!(outcome.changes, vec![], "no vote moved");
    let read_back =
        store.changes_since(&real.election.id, Some(first.snapshot.id)).expect("changes");
    assert_eq!(read_back, vec![]);
}
