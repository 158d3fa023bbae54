//! Clarity ENR detail XML, checked against sums computed here by a second, independent reader
//! (quick-xml's event stream) straight from the raw files.

use std::collections::BTreeMap;

use quick_xml::events::Event;
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
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut out: BTreeMap<String, Raw> = BTreeMap::new();
    let mut contest = String::new();
    let mut in_choice = false;
    let attr = |e: &quick_xml::events::BytesStart, name: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .map(|a| String::from_utf8(a.value.to_vec()).expect("utf8"))
    };
    loop {
        match reader.read_event().expect("xml") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"Contest" => {
                    contest = attr(&e, b"text").expect("text");
                    let n = |k: &[u8]| attr(&e, k).map(|v| v.parse().expect("num"));
                    let r = out.entry(contest.clone()).or_default();
                    r.precincts = (n(b"precinctsReported"), n(b"precinctsParticipating"));
                    r.counties = (n(b"countiesReported"), n(b"countiesParticipating"));
                }
                b"Choice" => {
                    in_choice = true;
                    let total = attr(&e, b"totalVotes").expect("total").parse().expect("n");
                    let name = attr(&e, b"text").expect("text");
                    out.get_mut(&contest).expect("c").choices.push((name, total, 0, 0));
                }
                b"VoteType" if in_choice => {
                    let v: u64 = attr(&e, b"votes").expect("votes").parse().expect("n");
                    out.get_mut(&contest).expect("c").choices.last_mut().expect("ch").2 += v;
                }
                b"County" | b"Precinct" if in_choice => {
                    let v: u64 = attr(&e, b"votes").expect("votes").parse().expect("n");
                    out.get_mut(&contest).expect("c").choices.last_mut().expect("ch").3 += v;
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"Choice" => in_choice = false,
            _ => {}
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
    check_error("<Ballots/>", "root element is <Ballots>");
}
