//! NIST SP 1500-100 v2, XML and JSON, against sums read from the raw XML by quick-xml.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use tallyroom_core::feeds::{self, FeedFormat};
use tallyroom_core::store::ContestQuery;
use tallyroom_core::Store;

use crate::fixture;

/// Per contest name: (SubUnitsReported, TotalSubUnits, per selection: count of each type).
type RawContest = (Option<u32>, Option<u32>, Vec<BTreeMap<String, u64>>);

fn raw(rel: &str) -> BTreeMap<String, RawContest> {
    let text = String::from_utf8(fixture(rel)).expect("utf8");
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().trim_text(true);
    let mut out: BTreeMap<String, RawContest> = BTreeMap::new();
    let mut path: Vec<String> = Vec::new();
    let mut contest: RawContest = (None, None, vec![]);
    let mut count_type = String::new();
    let mut contest_name = String::new();
    loop {
        match reader.read_event().expect("xml") {
            Event::Eof => break,
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).expect("name");
                if name == "Contest" {
                    contest = (None, None, vec![]);
                }
                if name == "BallotSelection" {
                    contest.2.push(BTreeMap::new());
                }
                path.push(name);
            }
            Event::End(e) => {
                if e.name().as_ref() == b"Contest" {
                    out.insert(std::mem::take(&mut contest_name), std::mem::take(&mut contest));
                }
                path.pop();
            }
            Event::Text(t) => {
                let t = t.unescape().expect("text").to_string();
                let last = path.last().map(String::as_str).unwrap_or("");
                let parent = path.iter().rev().nth(1).map(String::as_str).unwrap_or("");
                match (parent, last) {
                    ("Contest", "Name") => contest_name = t,
                    ("Contest", "SubUnitsReported") => contest.0 = Some(t.parse().expect("n")),
                    ("Contest", "TotalSubUnits") => contest.1 = Some(t.parse().expect("n")),
                    ("VoteCounts", "Type") => count_type = t,
                    ("VoteCounts", "Count") => {
                        let sel = contest.2.last_mut().expect("selection");
                        sel.insert(count_type.clone(), t.parse().expect("n"));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn post_election_xml_totals_equal_the_raw_file() {
    let rel = "nist-cdf/post_election_sample_feed_summary.xml";
    let feed = feeds::parse(&fixture(rel)).expect("parse");
    assert_eq!(feed.format, FeedFormat::NistXml);
    assert_eq!(feed.contests.len(), 15);
    assert_eq!(feed.election.title, "2013 Virginia General Election");
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&feed, rel).expect("apply");
    let raw = raw(rel);
    assert_eq!(raw.len(), 15);
    let views = store.contests(&ContestQuery::default()).expect("contests");
    for view in &views {
        let (reported, total, selections) = raw.get(&view.raw_title).expect("contest in raw");
        assert_eq!(
            (view.reporting.precincts_reported, view.reporting.precincts_total),
            (*reported, *total)
        );
        let areas = store.area_results(&view.id).expect("areas");
        for (i, (choice, counts)) in view.choices.iter().zip(selections).enumerate() {
            assert_eq!(choice.votes, counts.get("total").copied(), "{}", view.raw_title);
            let parts: u64 = counts.iter().filter(|(k, _)| *k != "total").map(|(_, v)| v).sum();
            assert_eq!(Some(parts), choice.votes, "the file's vote types add up");
            let stored: u64 = areas.vote_types.iter().filter_map(|t| t.votes[i]).sum();
            assert_eq!(stored, parts);
        }
    }
    let president = views.iter().find(|c| c.raw_title == "President").expect("president");
    assert_eq!(president.reporting.precincts_reported, Some(21));
    assert_eq!(president.reporting.precincts_total, Some(31));
    assert_eq!(president.group, "Virginia");
}

#[test]
fn the_json_form_reads_the_same_as_the_xml() {
    for name in ["post_election_sample_feed_summary", "pre_election_sample_feed"] {
        let xml = feeds::parse(&fixture(&format!("nist-cdf/{name}.xml"))).expect("xml");
        let json = feeds::parse(&fixture(&format!("nist-cdf/{name}.json"))).expect("json");
        assert_eq!(json.format, FeedFormat::NistJson);
        assert_eq!(json.election, xml.election, "{name}");
        assert_eq!(json.feed_timestamp, xml.feed_timestamp, "{name}");
        assert_eq!(json.contests, xml.contests, "{name}");
    }
}

#[test]
fn a_pre_election_feed_loads_with_every_count_unknown() {
    let rel = "nist-cdf/pre_election_sample_feed.xml";
    let feed = feeds::parse(&fixture(rel)).expect("parse");
    assert_eq!(feed.contests.len(), 15);
    assert!(feed.contests.iter().flat_map(|c| &c.choices).all(|c| c.votes.is_none()));
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&feed, rel).expect("apply");
    for c in store.contests(&ContestQuery::default()).expect("contests") {
        assert_eq!(c.total_votes, 0);
        assert!(c
            .choices
            .iter()
            .all(|ch| ch.votes.is_none() && ch.percent.is_none() && !ch.leading));
    }
}

#[test]
fn bad_nist_input_gets_a_clear_error() {
    let cases: [(&str, &str); 4] = [
        ("<ElectionReport><GeneratedDate>2013-11-05T14:25:28</GeneratedDate></ElectionReport>", "there is no <Election>"),
        (
            "<ElectionReport xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><GeneratedDate>x</GeneratedDate>\n<Election><Name>E</Name><Contest xsi:type=\"CandidateContest\"><Name>L</Name></Contest></Election></ElectionReport>",
            "<Contest> on line 2: the contest has no object id",
        ),
        (
            "{\"@type\": \"ElectionResults.ElectionReport\", \"GeneratedDate\": \"2020-01-01T00:00:00Z\", \"Election\": [{\"Name\": \"E\", \"Contest\": [{\"@id\": \"c\", \"@type\": \"ElectionResults.CandidateContest\", \"Name\": \"C\", \"ContestSelection\": [{\"@id\": \"s\", \"Selection\": \"Yes\", \"VoteCounts\": [{\"GpUnitId\": \"g\", \"Type\": \"total\", \"Count\": -4}]}]}]}]}",
            "Count is -4",
        ),
        ("{\"@type\": \"ElectionResults.ElectionReport\", \"Election\": []}", "there is no Election"),
    ];
    for (input, needle) in cases {
        let err = feeds::parse(input.as_bytes()).expect_err("must fail");
        assert_eq!(err.code(), "malformed_feed");
        assert!(err.to_string().contains(needle), "«{err}» lacks «{needle}»");
    }
}

#[test]
fn nist_people_and_candidates_become_profiles() {
    let rel = "nist-cdf/post_election_sample_feed_summary.xml";
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&feeds::parse(&fixture(rel)).expect("parse"), rel).expect("apply");
    let profiles = store.profiles().expect("profiles");
    assert_eq!(profiles.len(), 24, "one per single-candidate selection");
    let mcauliffe = profiles.iter().find(|p| p.name == "Terry McAuliffe").expect("McAuliffe");
    let contact = mcauliffe.contact.clone().expect("contact");
    assert_eq!(contact.email.as_deref(), Some("info@terrymcauliffe.com"));
    assert_eq!(contact.address, vec!["1601 N. Kent St., Suite 900", "Arlington, VA 22209"]);
    assert!(mcauliffe.summary.text.starts_with("Candidate for Governor (Democratic)"));
    // The profile is linked to its choice in the results.
    let governor = store
        .contests(&ContestQuery { text: Some("Governor".into()), ..Default::default() })
        .expect("search")
        .into_iter()
        .find(|c| c.raw_title == "Governor")
        .expect("governor");
    let linked =
        governor.choices.iter().find(|c| c.profile_id.as_deref() == Some(mcauliffe.id.as_str()));
    assert_eq!(linked.map(|c| c.raw_name.as_str()), Some("Terry R. McAuliffe"));
}

#[test]
fn ballots_outstanding_is_read_for_the_elections_scope_and_stored() {
    let feed =
        feeds::parse(&fixture("nist-cdf/post_election_with_outstanding.xml")).expect("parse");
    assert_eq!(feed.ballots_outstanding, Some(12_000));
    // The sample without the element says nothing, and its snapshot hashes as it always did.
    let plain =
        feeds::parse(&fixture("nist-cdf/post_election_sample_feed_summary.xml")).expect("p");
    assert_eq!(plain.ballots_outstanding, None);
    assert!(!String::from_utf8(tallyroom_core::snapshot::SnapshotV1::from(&plain).to_bytes())
        .expect("utf8")
        .contains("ballots_outstanding"));
    let mut store = tallyroom_core::Store::open_in_memory().expect("open");
    store.apply(&feed, "outstanding").expect("apply");
    let (ballots, at) =
        store.ballots_outstanding(&feed.election.id).expect("read").expect("stored");
    assert_eq!((ballots, at.as_str()), (12_000, "2013-11-05T14:25:28"));
}

/// Turnout from a report's own figures: `BallotsCast` of the election's `BallotCounts` for its
/// scope and that unit's `VotersRegistered` (the sample file, with the two figures written in).
/// Without them, turnout is unknown, never worked out from the votes.
#[test]
fn nist_ballot_counts_and_registered_voters_give_turnout() {
    let raw = String::from_utf8(crate::fixture("nist-cdf/post_election_with_outstanding.xml"))
        .expect("utf8");
    assert_eq!(feeds::parse(raw.as_bytes()).expect("nist").turnout, None);
    let with = raw
        .replacen(
            "<BallotsOutstanding>12000</BallotsOutstanding>",
            "<BallotsOutstanding>12000</BallotsOutstanding><BallotsCast>91234</BallotsCast>",
            1,
        )
        .replacen(
            r#"<GpUnit objectId="ru0002" xsi:type="ReportingUnit">"#,
            r#"<GpUnit objectId="ru0002" xsi:type="ReportingUnit"><VotersRegistered>150000</VotersRegistered>"#,
            1,
        );
    let turnout = feeds::parse(with.as_bytes()).expect("nist").turnout.expect("turnout");
    assert_eq!((turnout.ballots_cast, turnout.registered), (Some(91_234), Some(150_000)));
    assert_eq!(turnout.percent().map(|p| (p * 100.0).round() / 100.0), Some(60.82));
}
