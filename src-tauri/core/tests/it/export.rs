//! The NIST SP 1500-100 export, for LA, Clarity, NIST and RCTab sources, in each form: NIST's XML
//! against NIST's XSD (xmllint), Google's dialect through Google's own `civics_cdf_validator`
//! (0 fatal, 0 errors), the JSON against NIST's JSON Schema (the `jsonschema` package); and each
//! read back by Tallyroom's own NIST reader with the same figures as the source. The Python
//! tools live in the venv `scripts/install-deps.sh` makes (`target/cdf-venv`).

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

/// A program of the validators' venv.
fn venv(program: &str) -> std::path::PathBuf {
    tallyroom_testkit::root().join("target/cdf-venv/bin").join(program)
}

/// Runs a validator; its output. `exit_ok`: its exit status says whether it passed
/// (`civics_cdf_validator` exits non-zero on warnings too, so its report is read instead).
fn run(what: &str, exit_ok: bool, cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{what} (installed by scripts/install-deps.sh): {e}");
    });
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!exit_ok || out.status.success(), "{what}: {text}");
    text
}

/// Reads an export back into a new cache: the figures must be the source's.
fn same_figures(name: &str, form: &str, text: &str, source: &Store) {
    let mut back = Store::open_in_memory().expect("open");
    let again = feeds::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{name} {form}: {e}"));
    back.apply(&again, "export").expect("apply");
    assert_eq!(
        figures(&back),
        figures(source),
        "{name} {form}: the same figures after a round trip"
    );
}

fn check(name: &str, bytes: &[u8]) {
    use tallyroom_core::export::{cdf_json, cdf_xml, Dialect};
    let mut source = Store::open_in_memory().expect("open");
    let feed = feeds::parse(bytes).expect("parse");
    source.apply(&feed, name).expect("apply");
    let id = &feed.election.id;
    let dir = tempfile::tempdir().expect("tmp");
    let schemas = tallyroom_testkit::fixture_path("nist-cdf");

    let xml = cdf_xml(&source, id, Dialect::Nist).expect("export");
    let file = dir.path().join("export.xml");
    std::fs::write(&file, &xml).expect("write");
    run(
        "xmllint",
        true,
        Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(schemas.join("NIST_V2_election_results_reporting.xsd"))
            .arg(&file),
    );
    same_figures(name, "NIST XML", &xml, &source);

    let google = cdf_xml(&source, id, Dialect::Google).expect("export");
    let file = dir.path().join("google.xml");
    std::fs::write(&file, &google).expect("write");
    // The validator looks OCD ids up in a file instead of downloading them; ours name none.
    let ocd = dir.path().join("ocd.csv");
    std::fs::write(&ocd, "id,name\nocd-division/country:us,United States\n").expect("write");
    let report = run(
        "civics_cdf_validator",
        false,
        Command::new(venv("civics_cdf_validator"))
            .arg("validate")
            .arg(&file)
            .arg("--xsd")
            .arg(schemas.join("google/civics_cdf_spec.xsd"))
            .args(["--rule_set", "election_results", "--ocdid_file"])
            .arg(&ocd),
    );
    for clean in ["Results after validating file", "0 Fatal message found", "0 Error message found"]
    {
        assert!(report.contains(clean), "{name}, Google dialect:\n{report}");
    }
    same_figures(name, "Google XML", &google, &source);

    let json = cdf_json(&source, id).expect("export");
    let file = dir.path().join("export.json");
    std::fs::write(&file, &json).expect("write");
    run(
        "jsonschema",
        true,
        Command::new(venv("python"))
            .args([
                "-c",
                "import json, sys, jsonschema\n\
                 schema, doc = (json.load(open(p)) for p in sys.argv[1:])\n\
                 jsonschema.validators.validator_for(schema)(schema).validate(doc)",
            ])
            .arg(schemas.join("NIST_V2_election_results_reporting.json"))
            .arg(&file),
    );
    same_figures(name, "NIST JSON", &json, &source);
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

#[test]
fn a_ranked_choice_report_exports_its_first_choices() {
    check("RCTab, Maine 2018", &fixture("rcv/2018_maine_governor_primary_report.json"));
}
