//! Ranked-choice reports against the raw files: RCTab's JSON and CSV give the same rounds, each
//! figure is the file's own text, and every round accounts for every ballot.

use rust_decimal::Decimal;
use serde_json::Value;
use tallyroom_core::feeds::{self, FeedFormat};
use tallyroom_core::rcv::{decimal, Round, Tabulation};

use crate::fixture;

const REPORTS: [&str; 4] = [
    "rcv/2018_maine_governor_primary_report",
    "rcv/2015_portland_mayor_report",
    "rcv/2013_minneapolis_park_report",
    "rcv/precinct_example_report",
];

fn rounds_of(path: &str) -> (FeedFormat, Tabulation) {
    let feed = feeds::parse(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let tab = feed.contests[0].rounds.clone().expect("rounds");
    (feed.format, tab)
}

type Figures = Vec<(String, Decimal)>;

/// A round as numbers, so that "9452" and "9452.0000" compare equal.
fn as_numbers(r: &Round) -> (Figures, Option<Decimal>, Vec<String>, Vec<String>, Figures) {
    let num = |v: &Vec<tallyroom_core::rcv::Votes>| {
        let mut out: Vec<_> =
            v.iter().map(|v| (v.name.clone(), decimal(&v.votes).expect("decimal"))).collect();
        out.sort();
        out
    };
    let mut elim = r.eliminated.clone();
    elim.sort();
    (
        num(&r.tally),
        r.threshold.as_deref().and_then(decimal),
        elim,
        r.elected.clone(),
        num(&r.inactive),
    )
}

#[test]
fn json_and_csv_reports_give_the_same_rounds() {
    for path in REPORTS.iter().take(3) {
        let (fj, json) = rounds_of(&format!("{path}.json"));
        let (fc, csv) = rounds_of(&format!("{path}.csv"));
        assert_eq!((fj, fc), (FeedFormat::RctabJson, FeedFormat::RctabCsv));
        assert_eq!(json.rounds.len(), csv.rounds.len(), "{path}");
        for (a, b) in json.rounds.iter().zip(&csv.rounds) {
            assert_eq!(as_numbers(a), as_numbers(b), "{path} round {}", a.round);
        }
        assert_eq!(json.candidates, csv.candidates, "{path}");
        assert_eq!((json.seats, &json.total_ballots), (csv.seats, &csv.total_ballots), "{path}");
    }
}

#[test]
fn every_tally_is_the_json_files_own_text() {
    for path in REPORTS {
        let raw: Value = serde_json::from_slice(&fixture(&format!("{path}.json"))).expect("json");
        let (_, tab) = rounds_of(&format!("{path}.json"));
        let raw_rounds = raw["results"].as_array().expect("results");
        assert_eq!(tab.rounds.len(), raw_rounds.len());
        for (r, raw) in tab.rounds.iter().zip(raw_rounds) {
            let tally = raw["tally"].as_object().expect("tally");
            assert_eq!(r.tally.len(), tally.len(), "{path} round {}", r.round);
            for v in &r.tally {
                assert_eq!(Some(v.votes.as_str()), tally[&v.name].as_str(), "{path} {}", v.name);
            }
            assert_eq!(r.threshold.as_deref(), raw["threshold"].as_str());
        }
    }
}

/// The CSV report's cells, row by row, read independently of the parser under test.
fn csv_rows(path: &str) -> Vec<Vec<String>> {
    let text = fixture(&format!("{path}.csv"));
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_slice());
    reader.records().map(|r| r.expect("row").iter().map(str::to_string).collect()).collect()
}

#[test]
fn every_tally_is_the_csv_files_own_text() {
    for path in REPORTS.iter().take(3) {
        let rows = csv_rows(path);
        let (_, tab) = rounds_of(&format!("{path}.csv"));
        for r in &tab.rounds {
            for v in &r.tally {
                let row = rows.iter().find(|row| row[0] == v.name).expect("candidate row");
                assert_eq!(row[1 + 3 * (r.round as usize - 1)], v.votes, "{path} {}", v.name);
            }
        }
    }
}

#[test]
fn tallies_and_inactive_ballots_account_for_every_ballot() {
    for path in REPORTS
        .iter()
        .map(|p| format!("{p}.json"))
        .chain(REPORTS.iter().take(3).map(|p| format!("{p}.csv")))
    {
        let (_, tab) = rounds_of(&path);
        let gaps = tab.unaccounted();
        assert!(!gaps.is_empty());
        for (r, gap) in tab.rounds.iter().zip(gaps) {
            assert_eq!(gap, Some(Decimal::ZERO), "{path} round {}", r.round);
        }
    }
}

#[test]
fn maine_primary_four_rounds_mills_elected() {
    let (_, tab) = rounds_of("rcv/2018_maine_governor_primary_report.json");
    assert_eq!(tab.rounds.len(), 4);
    let last = tab.last_round().expect("round 4");
    assert_eq!(last.votes_of("Mills, Janet T."), Some("63387"));
    assert_eq!(last.votes_of("Cote, Adam Roland"), Some("53866"));
    assert_eq!(tab.elected(), vec![("Mills, Janet T.", 4)]);
    assert_eq!(
        tab.rounds[0].eliminated,
        ["Dion, Donna J.", "Dion, Mark N.", "Russell, Diane Marie", "Write-in"]
    );
    let overvotes = last.inactive.iter().find(|v| v.name == "overvotes").expect("overvotes");
    assert_eq!(overvotes.votes, "580");
    assert_eq!(tab.undervotes.as_deref(), Some("5535"));
}

#[test]
fn minneapolis_keeps_fractional_transfers_as_written() {
    let (_, tab) = rounds_of("rcv/2013_minneapolis_park_report.json");
    assert_eq!(tab.seats, 3);
    let elected: Vec<_> = tab.elected().into_iter().map(|(n, r)| (n.to_string(), r)).collect();
    assert_eq!(
        elected,
        [("JOHN ERWIN".to_string(), 3), ("ANNIE YOUNG".into(), 10), ("MEG FORNEY".into(), 10)]
    );
    let surplus =
        tab.rounds[9].transfers.iter().find(|t| t.from == "ANNIE YOUNG").expect("surplus");
    assert_eq!(surplus.votes, "177.5192");
    assert_eq!(tab.rounds[10].final_round_surplus.as_deref(), Some("177.5192"));
}

/// The Maine report as a new version whose last rounds differ: `edit` changes the JSON.
fn maine_version(edit: impl FnOnce(&mut Value)) -> tallyroom_core::feeds::ParsedFeed {
    let mut doc: Value =
        serde_json::from_slice(&fixture("rcv/2018_maine_governor_primary_report.json"))
            .expect("json");
    edit(&mut doc);
    feeds::parse(&serde_json::to_vec(&doc).expect("encode")).expect("parse")
}

#[test]
fn a_report_is_stored_and_read_back_round_for_round() {
    use tallyroom_core::tally::Status;
    let mut store = tallyroom_core::Store::open_in_memory().expect("open");
    let feed =
        feeds::parse(&fixture("rcv/2018_maine_governor_primary_report.json")).expect("parse");
    let id = feed.contests[0].id.clone();
    store.apply(&feed, "maine.json").expect("apply");
    let view = store.contest(&id).expect("contest");
    assert_eq!(view.rounds.as_ref(), feed.contests[0].rounds.as_ref());
    let Status::Rounds(status) = &view.status else { panic!("{:?}", view.status) };
    assert_eq!(status.rounds, 4);
    let mills = view.choices.iter().position(|c| c.raw_name == "Mills, Janet T.").expect("Mills");
    assert_eq!((status.elected[0].choice as usize, status.elected[0].round), (mills, 4));
    assert_eq!(view.choices[mills].winner, Some(true));
    // First choices are the contest's votes: round 1, whole ballots.
    assert_eq!(view.choices[mills].votes, Some(41_735));
    assert_eq!(view.reporting.ballots_cast, Some(132_250));
    assert!(view.choices.iter().all(|c| !c.leading), "an elected count marks no one leading");
}

#[test]
fn a_new_report_version_that_moves_first_place_or_the_order_raises_an_alert() {
    use tallyroom_core::app::{alerts_for, AlertKind, AlertWords};
    let mut store = tallyroom_core::Store::open_in_memory().expect("open");
    let first =
        feeds::parse(&fixture("rcv/2018_maine_governor_primary_report.json")).expect("parse");
    let id = first.contests[0].id.clone();
    store.apply(&first, "v1").expect("v1");
    // The same report again: nothing new, nothing to say.
    assert!(store.apply(&first, "v1").expect("again").changes.is_empty());
    // Version 2: round 4 counts Cote ahead and elected (figures edited for the test).
    let v2 = maine_version(|d| {
        let r4 = &mut d["results"][3];
        r4["tally"]["Cote, Adam Roland"] = "63387".into();
        r4["tally"]["Mills, Janet T."] = "53866".into();
        r4["tallyResults"][0]["elected"] = "Cote, Adam Roland".into();
    });
    let out = store.apply(&v2, "v2").expect("v2");
    let alerts = alerts_for(&out.changes, std::slice::from_ref(&id), None, 0);
    assert_eq!(alerts.len(), 1, "{:?}", out.changes);
    assert_eq!(alerts[0].kind, AlertKind::RoundsChanged);
    let AlertWords::RoundsChanged { first_before, first_after, order_changed, rounds, .. } =
        &alerts[0].words
    else {
        panic!("{:?}", alerts[0].words)
    };
    assert_eq!(
        (first_before.as_deref(), first_after.as_deref(), *order_changed, *rounds),
        (Some("Mills, Janet T."), Some("Cote, Adam Roland"), false, 4)
    );
    assert!(store.contest(&id).expect("contest").changed_in_latest);
    // Version 3: same winner as v2, Eves and Sweet swap places in the order of elimination.
    let v3 = maine_version(|d| {
        let r4 = &mut d["results"][3];
        r4["tally"]["Cote, Adam Roland"] = "63387".into();
        r4["tally"]["Mills, Janet T."] = "53866".into();
        r4["tallyResults"][0]["elected"] = "Cote, Adam Roland".into();
        d["results"][1]["tallyResults"][0]["eliminated"] = "Sweet, Elizabeth A.".into();
        d["results"][2]["tallyResults"][0]["eliminated"] = "Eves, Mark W.".into();
    });
    let out = store.apply(&v3, "v3").expect("v3");
    let alerts = alerts_for(&out.changes, std::slice::from_ref(&id), None, 0);
    assert_eq!(alerts.len(), 1);
    assert!(matches!(&alerts[0].words, AlertWords::RoundsChanged { order_changed: true, .. }));
    assert!(alerts[0].message.contains("another order"), "{}", alerts[0].message);
}

fn precinct_rules() -> tallyroom_core::rcv::rules::Rules {
    let doc: Value =
        serde_json::from_slice(&fixture("rcv/precinct_example_rctab_config.json")).expect("json");
    tallyroom_core::rcv::rules::Rules::parse(&doc).expect("rules")
}

fn precinct_cvr() -> Value {
    serde_json::from_slice(&fixture("rcv/precinct_example_cvr_cdf.json")).expect("json")
}

/// A round with its lists sorted and its figures as text, for comparing two tabulations.
fn canonical(r: &Round) -> String {
    let mut tally: Vec<_> = r.tally.iter().map(|v| format!("{}={}", v.name, v.votes)).collect();
    tally.sort();
    let mut inactive: Vec<_> =
        r.inactive.iter().map(|v| format!("{}={}", v.name, v.votes)).collect();
    inactive.sort();
    let mut transfers: Vec<_> =
        r.transfers.iter().map(|t| format!("{}>{:?}={}", t.from, t.to, t.votes)).collect();
    transfers.sort();
    let mut eliminated = r.eliminated.clone();
    eliminated.sort();
    format!(
        "round {} threshold {:?}\n tally {tally:?}\n eliminated {eliminated:?} elected {:?}\n inactive {inactive:?}\n transfers {transfers:?}",
        r.round, r.threshold, r.elected
    )
}

#[test]
fn cast_vote_records_tabulate_to_rctabs_own_rounds() {
    use tallyroom_core::rcv::{preliminary_feed, Origin};
    let feed = preliminary_feed(&[("cvr.json".into(), precinct_cvr())], &precinct_rules())
        .expect("tabulate");
    let ours = feed.contests[0].rounds.clone().expect("rounds");
    let (_, official) = rounds_of("rcv/precinct_example_report.json");
    assert_eq!(ours.rounds.len(), official.rounds.len());
    for (a, b) in ours.rounds.iter().zip(&official.rounds) {
        assert_eq!(canonical(a), canonical(b));
    }
    assert_eq!((ours.origin, ours.cast_vote_records), (Origin::Preliminary, Some(100)));
    assert_eq!(
        (&ours.total_ballots, &ours.undervotes),
        (&official.total_ballots, &Some("1".into()))
    );
    assert_eq!(ours.candidates, official.candidates);
    // The same contest as the official report: the report, when it comes, is its next version.
    let report = feeds::parse(&fixture("rcv/precinct_example_report.json")).expect("report");
    assert_eq!(
        (&feed.election.id, &feed.contests[0].id),
        (&report.election.id, &report.contests[0].id)
    );
}

#[test]
fn records_spread_over_several_files_tabulate_as_one() {
    use tallyroom_core::rcv::preliminary_feed;
    let whole =
        preliminary_feed(&[("all.json".into(), precinct_cvr())], &precinct_rules()).expect("whole");
    let mut first = precinct_cvr();
    let mut second = precinct_cvr();
    let records = first["CVR"].as_array().expect("CVR").clone();
    first["CVR"] = Value::Array(records[..40].to_vec());
    second["CVR"] = Value::Array(records[40..].to_vec());
    let split = preliminary_feed(
        &[("part1.json".into(), first), ("part2.json".into(), second)],
        &precinct_rules(),
    )
    .expect("split");
    assert_eq!(split.contests[0].rounds, whole.contests[0].rounds);
}

#[test]
fn bad_records_and_unsupported_rules_are_refused_by_name() {
    use tallyroom_core::rcv::preliminary_feed;
    use tallyroom_core::rcv::rules::Rules;
    let config: Value =
        serde_json::from_slice(&fixture("rcv/precinct_example_rctab_config.json")).expect("json");
    let refused = |edit: &dyn Fn(&mut Value), phrase: &str| {
        let mut doc = config.clone();
        edit(&mut doc);
        let err = Rules::parse(&doc).expect_err(phrase);
        assert!(err.to_string().contains(phrase), "«{err}» lacks «{phrase}»");
    };
    refused(
        &|d| d["rules"]["winnerElectionMode"] = "multiWinnerAllowMultipleWinnersPerRound".into(),
        "only single-winner",
    );
    refused(&|d| d["rules"]["numberOfWinners"] = "3".into(), "numberOfWinners is 3");
    refused(
        &|d| d["rules"]["continueUntilTwoCandidatesRemain"] = true.into(),
        "continueUntilTwoCandidatesRemain",
    );
    refused(&|d| d["rules"]["overvoteRule"] = "flipACoin".into(), "overvoteRule \"flipACoin\"");

    // A ranking of someone the rules do not list: the file, the record and the rank are named.
    let mut cvr = precinct_cvr();
    let text = serde_json::to_string(&cvr["Election"])
        .expect("text")
        .replace("\"Tom Hoch\"", "\"Tom Hoch Jr.\"");
    cvr["Election"] = serde_json::from_str(&text).expect("json");
    let err =
        preliminary_feed(&[("night1.json".into(), cvr)], &precinct_rules()).expect_err("unknown");
    assert!(
        err.to_string().contains("night1.json, cast vote record precinct_example_cvr.xlsx-"),
        "{err}"
    );
    assert!(err.to_string().contains("names \"Tom Hoch Jr.\", who is not a candidate"), "{err}");
    // More rankings than the rules allow.
    let mut rules = precinct_rules();
    rules.max_rankings = Some(2);
    let err =
        preliminary_feed(&[("night1.json".into(), precinct_cvr())], &rules).expect_err("rank 3");
    assert!(
        err.to_string().contains("it has a ranking 3, but the rules allow 2 rankings"),
        "{err}"
    );
}

#[test]
fn each_rounds_net_change_is_the_csvs_transfer_column() {
    for path in REPORTS.iter().take(3) {
        let rows = csv_rows(path);
        for source in ["json", "csv"] {
            let (_, tab) = rounds_of(&format!("{path}.{source}"));
            for r in &tab.rounds[..tab.rounds.len() - 1] {
                for v in &r.net {
                    let row = rows.iter().find(|row| row[0] == v.name).expect("row");
                    let column = &row[3 + 3 * (r.round as usize - 1)];
                    assert_eq!(
                        decimal(&v.votes),
                        decimal(column),
                        "{path}.{source} round {} {}",
                        r.round,
                        v.name
                    );
                }
            }
        }
    }
}
