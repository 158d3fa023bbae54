//! The CLI as a user runs it: a real process, a temporary cache, the real files.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn lavote(rel: &str) -> String {
    tallyroom_testkit::data(rel).display().to_string()
}

fn fixture(rel: &str) -> String {
    tallyroom_testkit::fixture_path(rel).display().to_string()
}

use tallyroom_testkit::SNAPSHOTS as ALL;

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tallyroom-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run tallyroom-cli")
}

fn ok_json(db: &Path, args: &[&str]) -> Value {
    let out = cli(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn votes(contest: &Value) -> Vec<(String, u64)> {
    contest["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| (c["name"].as_str().expect("name").into(), c["votes"].as_u64().expect("votes")))
        .collect()
}

#[test]
fn import_then_results_shows_the_december_totals_as_latest() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let files: Vec<String> = ALL.iter().map(|f| lavote(f)).collect();
    let mut args = vec!["--no-bundled", "import"];
    args.extend(files.iter().map(String::as_str));
    let out = cli(&db, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(text.matches(": stored").count(), 4, "{text}");
    let results = ok_json(&db, &["results", "--contest", "Mayor", "--json"]);
    let first = &results[0];
    assert_eq!(first["title"], "Los Angeles City: Mayor");
    assert_eq!(first["as_of"], "2022-12-05T12:15:21.817");
    assert_eq!(
        votes(first),
        vec![("Karen Ruth Bass".into(), 509_944), ("Rick J. Caruso".into(), 420_030)]
    );
    // Seven mayoral contests by title, then six measures whose text speaks of a mayor.
    let titles: Vec<&str> =
        results.as_array().expect("arr").iter().filter_map(|c| c["title"].as_str()).collect();
    assert_eq!(titles.len(), 13, "{titles:?}");
    assert!(titles[..7].iter().all(|t| t.ends_with("Mayor")), "{titles:?}");
    assert!(titles[7..].iter().all(|t| t.contains("Measure")), "{titles:?}");
}

#[test]
fn history_shows_the_count_over_time() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    // A new cache already holds the bundled count, so history works with no import at all.
    let histories = ok_json(&db, &["history", "--contest", "Los Angeles City: Mayor", "--json"]);
    let points = histories[0]["points"].as_array().expect("points");
    let series: Vec<(String, Vec<u64>)> = points
        .iter()
        .map(|p| {
            let v =
                p["votes"].as_array().expect("v").iter().map(|x| x.as_u64().expect("n")).collect();
            (p["feed_timestamp"].as_str().expect("ts").to_string(), v)
        })
        .collect();
    assert_eq!(
        series,
        vec![
            ("2022-10-25T09:02:03.147".into(), vec![0, 0]),
            ("2022-11-09T03:35:19".into(), vec![240_194, 252_476]),
            ("2022-11-11T16:09:19.703".into(), vec![289_782, 285_398]),
            ("2022-12-05T12:15:21.817".into(), vec![509_944, 420_030]),
        ]
    );
    let text = cli(&db, &["history", "--contest", "Los Angeles City: Mayor"]);
    let text = String::from_utf8(text.stdout).expect("utf8");
    assert!(
        text.contains("2022-11-09T03:35:19  Karen Ruth Bass 240,194 | Rick J. Caruso 252,476"),
        "{text}"
    );
}

#[test]
fn clarity_results_have_the_same_shape_as_la_county() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let out = cli(&db, &["--no-bundled", "import", &fixture("clarity/wv_counties_2020-11-03.xml")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results = ok_json(&db, &["results", "--json", "--by-area"]);
    let president = &results[0];
    assert_eq!(president["title"], "President");
    assert_eq!(votes(president)[0], ("Donald J. Trump".into(), 545_382));
    let areas = president["by_area"]["areas"].as_array().expect("areas");
    assert_eq!(areas.len(), 55);
    let sum: u64 = areas.iter().map(|a| a["votes"][0].as_u64().expect("n")).sum();
    assert_eq!(sum, 545_382);
    let text = String::from_utf8(cli(&db, &["results", "--by-area"]).stdout).expect("utf8");
    assert!(text.contains("Barbour") && text.contains("13/13 precincts"), "{text}");
}

#[test]
fn nist_results_have_the_same_shape_too() {
    for file in [
        "nist-cdf/post_election_sample_feed_summary.xml",
        "nist-cdf/post_election_sample_feed_summary.json",
    ] {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("t.db");
        let out = cli(&db, &["--no-bundled", "import", &fixture(file)]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let results = ok_json(&db, &["results", "--contest", "Governor", "--json"]);
        let governor = results
            .as_array()
            .expect("arr")
            .iter()
            .find(|c| c["title"] == "Governor")
            .expect("gov");
        let names: Vec<String> = votes(governor).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names.len(), 3, "{file}");
        assert!(governor["choices"][0]["votes"].is_u64());
    }
}

#[test]
fn errors_are_messages_with_a_non_zero_exit_never_panics() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let junk = dir.path().join("page.html");
    std::fs::write(&junk, "<html><body>Service Unavailable</body></html>").expect("write");
    for (args, needle) in [
        (vec!["import".to_string(), junk.display().to_string()], "web page (HTML)"),
        (
            vec!["import".into(), dir.path().join("missing.json").display().to_string()],
            "could not read",
        ),
        (vec!["sync".into(), "http://results.example/feed".into()], "must start with https://"),
        (vec!["sync".into(), "not a url".into()], "not valid"),
        (
            vec!["history".into(), "--contest".into(), "no such race anywhere".into()],
            "was not found",
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = cli(&db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: ") && stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A cache that cannot be written must not be imported into memory and reported as stored: the
/// command fails, says why, and nothing claims success. (A path under a regular file cannot be
/// created even by root, which CI runs as.)
#[test]
fn an_unwritable_db_fails_loudly_and_claims_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").expect("write");
    let db = file.join("cache.db");
    for args in [vec!["import".to_string(), lavote(ALL[3])], vec!["results".to_string()]] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = cli(&db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot be written") && stderr.contains("nothing was stored"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed {}", String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn history_json_gives_what_each_count_added_and_hurdle_gives_the_share_needed() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let files: Vec<String> = ALL[..3].iter().map(|f| lavote(f)).collect();
    let mut args = vec!["--no-bundled", "import"];
    args.extend(files.iter().map(String::as_str));
    assert!(cli(&db, &args).status.success());
    let histories = ok_json(&db, &["history", "--contest", "Los Angeles City: Mayor", "--json"]);
    let friday = &histories[0]["updates"][1];
    assert_eq!(friday["added"], serde_json::json!([49_588, 32_922]));
    assert_eq!(friday["added_total"], 82_510);
    assert_eq!(friday["share_of_added"], serde_json::json!([60.1, 39.9]));
    let report = ok_json(
        &db,
        &["hurdle", "--contest", "Los Angeles City: Mayor", "--remaining", "300000", "--json"],
    );
    assert_eq!(report["hurdle"]["margin"], 4_384);
    assert_eq!(report["hurdle"]["needed_percent"], 50.73);
    assert_eq!(report["hurdle"]["out_of_reach"], false);
    let out = cli(&db, &["hurdle", "--contest", "Los Angeles City: Mayor", "--remaining", "4000"]);
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.contains("needs 104.80%") && text.contains("out of reach"), "{text}");
}

#[test]
fn export_csv_gives_every_contests_votes_as_the_raw_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let file = dir.path().join("all.csv");
    let december = lavote(ALL[3]);
    assert!(cli(&db, &["--no-bundled", "import", &december]).status.success());
    let out = cli(&db, &["export", "--format", "csv", "--out", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Read back with a CSV library: every choice of every contest, as the raw JSON has it.
    let mut rows = csv::Reader::from_path(&file).expect("csv");
    let header: Vec<String> = rows.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        ["election", "contest", "choice", "party", "votes", "percent", "snapshot_time", "source"]
    );
    let mut exported: Vec<(String, u64)> = Vec::new();
    let mut quoted = false;
    for r in rows.records() {
        let r = r.expect("row");
        quoted |= r[2].contains('"') && r[1].contains(',');
        exported.push((r[2].to_string(), r[4].parse().expect("votes")));
    }
    let raw: Value = serde_json::from_slice(&std::fs::read(&december).expect("raw")).expect("json");
    let mut want: Vec<(String, u64)> = Vec::new();
    for g in raw["Election"]["ContestGroups"].as_array().expect("groups") {
        for c in g["Contests"].as_array().expect("contests") {
            for x in c["Candidates"].as_array().expect("cands") {
                want.push((
                    x["Name"].as_str().expect("n").to_string(),
                    x["Votes"].as_u64().expect("v"),
                ));
            }
        }
    }
    // Contests and choices in the feed's order; names are shown cleaned (title case), so the
    // votes are compared row for row, and the names without case.
    assert_eq!(exported.len(), want.len());
    for (e, w) in exported.iter().zip(&want) {
        assert_eq!(e.1, w.1, "{} / {}", e.0, w.0);
    }
    assert!(quoted, "a quoted name in a title with a comma was exported");
    // A name with quotes in a title with commas survives the round trip.
    let text = std::fs::read_to_string(&file).expect("text");
    assert!(
        text.contains(
            r#""United States Representative, 30th District","G ""Maebe A. Girl"" Pudlo""#
        ),
        "quoted"
    );
}

#[test]
fn ranked_choice_reports_and_cast_vote_records_print_every_round() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let out = cli(
        &db,
        &[
            "--no-bundled",
            "import",
            &fixture("rcv/2018_maine_governor_primary_report.json"),
            &fixture("rcv/precinct_example_cvr_cdf.json"),
            "--rcv-config",
            &fixture("rcv/precinct_example_rctab_config.json"),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        text.contains("preliminary rounds computed by Tallyroom from 100 cast vote records"),
        "{text}"
    );
    let maine = ok_json(&db, &["results", "--contest", "Maine 2018", "--rounds", "--json"]);
    let rounds = maine[0]["rounds"]["rounds"].as_array().expect("rounds");
    assert_eq!(rounds.len(), 4);
    let last = &rounds[3]["tally"];
    assert_eq!(last[0], serde_json::json!({"name": "Mills, Janet T.", "votes": "63387"}));
    assert_eq!(last[1], serde_json::json!({"name": "Cote, Adam Roland", "votes": "53866"}));
    assert_eq!(maine[0]["status"]["state"], "rounds");
    assert_eq!(maine[0]["status"]["elected"][0]["round"], 4);
    let out = cli(&db, &["results", "--contest", "Precinct example", "--rounds"]);
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        text.contains("PRELIMINARY rounds computed by Tallyroom from 100 cast vote records"),
        "{text}"
    );
    assert!(text.contains("  Round 5  threshold 42\n    Betsy Hodges                                         42\n    Jacob Frey                                           41\n    over the threshold (preliminary): Betsy Hodges"), "{text}");
    assert!(!text.contains("elected"), "preliminary rounds elect no one: {text}");
    // Records without rules say what they need; a contest nothing else knows stays untouched.
    let out = cli(&db, &["import", &fixture("rcv/precinct_example_cvr_cdf.json")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rcv-config"));
}

#[test]
fn several_elections_are_listed_and_each_command_takes_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let out = cli(&db, &["import", &fixture("rcv/2018_maine_governor_primary_report.csv")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let elections = ok_json(&db, &["elections", "--json"]);
    let ids: Vec<&str> = elections
        .as_array()
        .expect("arr")
        .iter()
        .filter_map(|e| e["election"]["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        ["lavote-4300", "rctab-maine-2018-06-12-maine-2018-democratic-governor-primary-race"]
    );
    assert_eq!(
        (elections[0]["contest_count"].as_u64(), elections[1]["contest_count"].as_u64()),
        (Some(430), Some(1))
    );
    let maine = ids[1];
    let results = ok_json(&db, &["results", "--election", maine, "--json"]);
    assert_eq!(results.as_array().map(Vec::len), Some(1));
    assert_eq!(results[0]["election"], maine);
    let la =
        ok_json(&db, &["results", "--election", "lavote-4300", "--contest", "Mayor", "--json"]);
    assert!(la.as_array().expect("arr").iter().all(|c| c["election"] == "lavote-4300"));
    assert!(!cli(&db, &["history", "--contest", "Mayor", "--election", maine]).status.success());
    assert_eq!(ok_json(&db, &["profiles", "--election", maine, "--json"]), serde_json::json!([]));
    let la_profiles = ok_json(&db, &["profiles", "--election", "lavote-4300", "--json"]);
    assert_eq!(la_profiles.as_array().map(Vec::len), Some(2), "Bass and Caruso");
}

/// `sources add` looks first and says what it found; `sync` pulls every source with a line
/// each, the county site that is gone named; `sources remove` empties the list.
#[test]
fn sources_are_added_listed_synced_together_and_removed() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("t.db");
    let site = tempfile::tempdir().expect("site");
    let put = |rel: &str, bytes: &[u8]| {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    };
    // Georgia's state site listing two of its counties: Fulton (a detail zip) and Appling (gone).
    let mut settings: Value = serde_json::from_slice(&tallyroom_testkit::fixture(
        "clarity/site/GA_105369_271927_electionsettings.json",
    ))
    .expect("json");
    settings["settings"]["electiondetails"]["participatingcounties"] = serde_json::json!([
        "Appling|105371|271560|11/16/2020 3:48:35 PM EST|16",
        "Fulton|105430|271723|11/20/2020 10:04:22 AM EST|16"
    ]);
    put("GA/105369/current_ver.txt", b"271066");
    put(
        "GA/105369/271066/json/en/summary.json",
        &tallyroom_testkit::fixture("clarity/site/GA_105369_271066_summary.json"),
    );
    put(
        "GA/105369/271066/json/en/electionsettings.json",
        &serde_json::to_vec(&settings).expect("enc"),
    );
    put("GA/Fulton/105430/current_ver.txt", b"271723");
    put(
        "GA/Fulton/105430/271723/reports/detailxml.zip",
        &tallyroom_testkit::fixture("clarity/detailxml.zip"),
    );
    let nginx = tallyroom_testkit::Nginx::serve(site.path());

    let ok = |args: &[&str]| {
        let out = cli(&db, args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf8")
    };
    // The first-run list is LA County's feed; it is taken out so nothing leaves this computer.
    assert_eq!(ok(&["sources", "remove", "1"]), "Removed source 1\n");
    let pasted = nginx.url("GA/105369/web.264614/#/summary");
    assert_eq!(
        ok(&["sources", "add", &pasted, "--counties", "--label", "Georgia"]),
        "Added source 1 \"Georgia\": Clarity results site: GA, General Election 2020-11-03, 298 contests, 2 counties\n"
    );
    let not_site =
        cli(&db, &["sources", "add", &nginx.url("GA/105369/current_ver.txt"), "--counties"]);
    assert!(!not_site.status.success(), "a file that is not a feed is refused");
    let list = ok_json(&db, &["sources", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["source"]["kind"], "clarity_site");
    assert_eq!(list[0]["source"]["follow_counties"], true);

    let out = cli(&db, &["sync"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Georgia: Updated: 298 contests changed"), "{text}");
    assert_eq!(lines[1], "  county sites: 2 asked, 1 updated, 1 failed", "{text}");
    assert!(lines[2].starts_with("  Appling: ") && lines[2].contains("404"), "{text}");
    let again = ok(&["sync"]);
    assert!(again.starts_with("Georgia: No new results\n"), "{again}");
    let elections = ok_json(&db, &["elections", "--json"]);
    assert_eq!(elections.as_array().map(Vec::len), Some(3), "LA, Georgia and Fulton");

    assert_eq!(ok(&["sources", "remove", "1"]), "Removed source 1\n");
    assert!(ok(&["sync"]).starts_with("No sources to sync"));
    assert!(!cli(&db, &["sources", "remove", "1"]).status.success());
}
