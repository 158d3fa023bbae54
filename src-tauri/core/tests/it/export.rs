//! The NIST SP 1500-100 export: valid against the NIST schema (xmllint), and read back by
//! Tallyroom's own NIST reader with the same figures as the source, for LA, Clarity and NIST.

use std::process::Command;

use tallyroom_core::feeds;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::Store;

use crate::{fixture, read, SNAPSHOTS};

/// A contest's raw title, and its choices' raw names and votes.
type Figures = (String, Vec<(String, Option<u64>)>);

/// Every contest's figures, sorted: what must survive the round trip.
fn figures(store: &Store) -> Vec<Figures> {
    let mut out: Vec<_> = store
        .contests(&ContestQuery::default())
        .expect("contests")
        .into_iter()
        .map(|c| {
            let mut choices: Vec<_> =
                c.choices.into_iter().map(|x| (x.raw_name, x.votes)).collect();
            choices.sort();
            (c.raw_title, choices)
        })
        .collect();
    out.sort();
    out
}

fn check(name: &str, bytes: &[u8]) {
    let mut source = Store::open_in_memory().expect("open");
    let feed = feeds::parse(bytes).expect("parse");
    source.apply(&feed, name).expect("apply");
    let xml = tallyroom_core::export::cdf_xml(&source, &feed.election.id).expect("export");

    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("export.xml");
    std::fs::write(&file, &xml).expect("write");
    let xsd = tallyroom_testkit::fixture_path("nist-cdf/NIST_V2_election_results_reporting.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils, installed by scripts/install-deps.sh)");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));

    let mut back = Store::open_in_memory().expect("open");
    let again = feeds::parse(xml.as_bytes()).expect("re-import");
    back.apply(&again, "export").expect("apply");
    assert_eq!(figures(&back), figures(&source), "{name}: the same figures after a round trip");
}

#[test]
fn la_county_exports_to_valid_nist_xml_with_the_same_figures() {
    check("LA County, 5 Dec 2022", &read(SNAPSHOTS[3]));
}

#[test]
fn a_clarity_file_exports_with_the_same_figures() {
    check("Clarity, West Virginia 2020", &fixture("clarity/wv_counties_2020-11-03.xml"));
}

#[test]
fn a_nist_file_exports_with_the_same_figures() {
    check("NIST sample", &fixture("nist-cdf/post_election_sample_feed_summary.xml"));
}
