//! Several sources at once, served by nginx on loopback from the real files: LA County's JSON,
//! Georgia's Clarity state site with three of its county sites (one of them gone), and a NIST
//! file. One refresh brings all three; one failing leaves the others updated and its own data
//! as it was. And a look at an address before it is added, the list kept in settings, and an
//! older settings file's one feed carried over.

use std::time::Duration;

use serde_json::Value;
use tallyroom_core::app::{App, ContestFilter, NewSource};
use tallyroom_core::settings::Settings;
use tallyroom_core::sources::{FeedSource, SourceKind};
use tallyroom_core::sync::{SyncConfig, SyncOutcome};
use tallyroom_core::Paths;
use tallyroom_testkit::Nginx;

use crate::clarity_site::put;
use crate::{fixture, read, SNAPSHOTS};

fn config() -> SyncConfig {
    SyncConfig { retries: 0, request_timeout: Duration::from_secs(5), ..SyncConfig::default() }
}

const NIST: &str = "nist-cdf/post_election_with_outstanding.xml";

/// The state site lists three counties: Fulton (a detail zip), Cobb (a summary only) and
/// Appling, whose files are gone (as 12 of Georgia's 159 were in 2020).
fn serve(root: &std::path::Path) {
    put(root, "la/feed.json", &read(SNAPSHOTS[1]));
    put(root, "nist/results.xml", &fixture(NIST));
    let mut settings: Value =
        serde_json::from_slice(&fixture("clarity/site/GA_105369_271927_electionsettings.json"))
            .expect("json");
    let details = &mut settings["settings"]["electiondetails"];
    let all = details["participatingcounties"].as_array().expect("list").clone();
    let pick = |name: &str| {
        all.iter().find(|c| c.as_str().is_some_and(|c| c.starts_with(&format!("{name}|")))).cloned()
    };
    details["participatingcounties"] =
        Value::Array(["Appling", "Cobb", "Fulton"].iter().map(|n| pick(n).expect(n)).collect());
    let settings = serde_json::to_vec(&settings).expect("enc");
    let summary = fixture("clarity/site/GA_105369_271066_summary.json");
    put(root, "GA/105369/current_ver.txt", b"271066");
    put(root, "GA/105369/271066/json/en/summary.json", &summary);
    put(root, "GA/105369/271066/json/en/electionsettings.json", &settings);
    // The ids are the real ones from participatingcounties.
    put(root, "GA/Fulton/105430/current_ver.txt", b"271723");
    put(root, "GA/Fulton/105430/271723/reports/detailxml.zip", &fixture("clarity/detailxml.zip"));
    put(root, "GA/Cobb/105403/current_ver.txt", b"271286");
    put(root, "GA/Cobb/105403/271286/json/en/summary.json", &summary);
    put(root, "GA/Cobb/105403/271286/json/en/electionsettings.json", &settings);
}

fn source(id: &str, url: String, label: &str, counties: bool) -> FeedSource {
    FeedSource {
        id: id.into(),
        url,
        label: label.into(),
        public_key: None,
        kind: None,
        follow_counties: counties,
    }
}

/// Each stored contest's votes in one election, to compare before and after.
fn figures(app: &App, election: &str) -> Vec<(String, Vec<Option<u64>>)> {
    let filter = ContestFilter { election_id: Some(election.into()), ..Default::default() };
    let mut out: Vec<_> = app
        .contests(&filter)
        .expect("contests")
        .into_iter()
        .map(|c| (c.id, c.choices.into_iter().map(|x| x.votes).collect()))
        .collect();
    out.sort();
    out
}

fn mayor_votes(app: &App) -> Vec<(String, Option<u64>)> {
    let mut v: Vec<_> = app
        .contest(crate::MAYOR_ID)
        .expect("mayor")
        .choices
        .into_iter()
        .map(|c| (c.id, c.votes))
        .collect();
    v.sort();
    v
}

fn raw_mayor(file: &[u8]) -> Vec<(String, Option<u64>)> {
    let feed = tallyroom_core::feeds::parse(file).expect("la");
    let mayor = feed.contests.into_iter().find(|c| c.id == crate::MAYOR_ID).expect("mayor");
    let mut v: Vec<_> = mayor.choices.into_iter().map(|c| (c.id, c.votes)).collect();
    v.sort();
    v
}

#[tokio::test]
async fn three_sources_refresh_together_and_one_failing_leaves_the_others_and_its_own_data() {
    let dir = tempfile::tempdir().expect("dir");
    let site = tempfile::tempdir().expect("site");
    serve(site.path());
    let nginx = Nginx::serve(site.path());
    let app = App::open(Paths::in_dir(dir.path()), config(), false).expect("open");
    let sources = vec![
        source("1", nginx.url("la/feed.json"), "LA County", false),
        source("2", nginx.url("GA/105369/web.264614/#/summary"), "Georgia", true),
        source("3", nginx.url("nist/results.xml"), "NIST sample", false),
    ];
    app.save_settings(Settings { sources, ..Settings::default() }).expect("settings");

    let done = app.refresh().await.expect("refresh");
    let lines: Vec<(&str, bool)> = done
        .sources
        .iter()
        .map(|s| (s.label.as_str(), matches!(s.outcome, Some(SyncOutcome::Updated { .. }))))
        .collect();
    assert_eq!(lines, [("LA County", true), ("Georgia", true), ("NIST sample", true)]);
    let georgia = &done.sources[1];
    assert_eq!((georgia.counties_checked, georgia.counties_updated), (3, 2));
    let failed: Vec<(&str, &str)> =
        georgia.failed_counties.iter().map(|c| (c.name.as_str(), c.error.code.as_str())).collect();
    assert_eq!(failed, [("Appling", "http_status")], "the missing county is named");
    assert!(georgia.failed_counties[0].error.message.contains("404"));

    // Every source's election is stored: LA, the state, Fulton's detail, Cobb's summary, NIST.
    let elections: Vec<String> =
        app.elections().expect("elections").into_iter().map(|e| e.election.id).collect();
    for id in ["lavote-4300", "clarity-ga-105369", "clarity-ga-cobb-105403"] {
        assert!(elections.contains(&id.to_string()), "{id} in {elections:?}");
    }
    assert_eq!(elections.len(), 5, "{elections:?}");
    let nist_id = tallyroom_core::feeds::parse(&fixture(NIST)).expect("nist").election.id;
    let nist_before = figures(&app, &nist_id);
    assert!(!nist_before.is_empty());
    // LA's mayor as Wednesday's file has it.
    assert_eq!(mayor_votes(&app), raw_mayor(&read(SNAPSHOTS[1])));

    // Friday's LA count, the same Georgia version, and the NIST file replaced by an error page.
    put(site.path(), "la/feed.json", &read(SNAPSHOTS[2]));
    put(site.path(), "nist/results.xml", b"<html><body>502 Bad Gateway</body></html>");
    let before = nginx.log().len();
    let done = app.refresh().await.expect("refresh");
    assert!(matches!(done.sources[0].outcome, Some(SyncOutcome::Updated { .. })));
    assert!(matches!(done.sources[1].outcome, Some(SyncOutcome::Unchanged { .. })));
    let nist = &done.sources[2];
    assert!(nist.outcome.is_none());
    assert_eq!(nist.error.as_ref().map(|e| e.code.as_str()), Some("bad_feed"));
    // LA moved on; NIST's data is as it was.
    assert_eq!(mayor_votes(&app), raw_mayor(&read(SNAPSHOTS[2])));
    assert_eq!(figures(&app, &nist_id), nist_before);
    // Georgia, unchanged: one conditional request per site (state and three counties), each a
    // 304 or the county's 404, and nothing else from Georgia.
    let georgia: Vec<(String, u16)> = nginx.log()[before..]
        .iter()
        .filter(|l| l.path.starts_with("/GA/"))
        .map(|l| (l.path.clone(), l.status))
        .collect();
    let mut georgia_sorted = georgia.clone();
    georgia_sorted.sort();
    assert_eq!(
        georgia_sorted,
        [
            ("/GA/105369/current_ver.txt".to_string(), 304),
            ("/GA/Appling/105371/current_ver.txt".into(), 404),
            ("/GA/Cobb/105403/current_ver.txt".into(), 304),
            ("/GA/Fulton/105430/current_ver.txt".into(), 304),
        ],
        "{georgia:?}"
    );

    // The status names each source's own outcome; the app as a whole is not "offline".
    let status = app.status().expect("status");
    let errors: Vec<Option<&str>> =
        status.sources.iter().map(|s| s.last_error.as_ref().map(|e| e.code.as_str())).collect();
    assert_eq!(errors, [None, None, Some("bad_feed")]);
    assert!(status.last_error.is_none(), "two of three sources are fine");
}

#[tokio::test]
async fn an_address_is_looked_at_before_it_is_added_and_bad_ones_save_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let site = tempfile::tempdir().expect("site");
    serve(site.path());
    put(site.path(), "page.html", b"<!doctype html><html><body>Results</body></html>");
    put(site.path(), "GA/999999/current_ver.txt", b"<html>not yet</html>");
    let nginx = Nginx::serve(site.path());
    let app = App::open(Paths::in_dir(dir.path()), config(), false).expect("open");

    let found = app
        .probe_source(&nginx.url("GA/105369/web.264614/#/summary"), None)
        .await
        .expect("state site");
    assert_eq!(found.kind, SourceKind::ClaritySite);
    assert_eq!(
        (found.area.as_deref(), found.election.as_deref(), found.date.as_deref()),
        (Some("GA"), Some("General Election"), Some("2020-11-03"))
    );
    assert_eq!((found.contests, found.counties), (Some(298), Some(3)));
    let county = app.probe_source(&nginx.url("GA/Fulton/105430/"), None).await.expect("county");
    assert_eq!(
        (county.area.as_deref(), county.contests, county.counties),
        (Some("Fulton"), None, None)
    );
    let la = app.probe_source(&nginx.url("la/feed.json"), None).await.expect("la");
    assert_eq!(la.kind, SourceKind::LaCounty);
    assert_eq!(la.contests, Some(430));
    let nist = app.probe_source(&nginx.url("nist/results.xml"), None).await.expect("nist");
    assert_eq!(nist.kind, SourceKind::NistCdf);

    // Neither a feed nor a site: each says why, and the list is as it was.
    let before = app.settings();
    for (url, code) in [
        (nginx.url("page.html"), "bad_feed"),
        (nginx.url("missing.json"), "http_status"),
        (nginx.url("GA/999999/"), "bad_feed"),
        ("http://results.example/feed".to_string(), "invalid_setting"),
    ] {
        let err = app.probe_source(&url, None).await.expect_err(&url);
        assert_eq!(err.code.as_str(), code, "{url}: {}", err.message);
    }
    assert_eq!(app.settings(), before);

    // Added, relabelled, refused twice, removed.
    let new = NewSource {
        url: nginx.url("GA/105369/web.264614/#/summary"),
        label: found.suggested_label.clone(),
        public_key: None,
        kind: Some(found.kind),
        follow_counties: true,
    };
    let s = app.add_source(new.clone()).expect("add");
    assert_eq!(s.sources.len(), 2);
    let added = s.sources.last().expect("added").clone();
    assert_eq!((added.id.as_str(), added.label.as_str()), ("2", "GA"));
    let again = NewSource { url: nginx.url("GA/105369/"), ..new };
    let err = app.add_source(again).expect_err("the same site");
    assert_eq!(err.code().as_str(), "invalid_setting");
    app.relabel_source("2", "Georgia").expect("relabel");
    assert!(app.relabel_source("2", " ").is_err(), "an empty label is refused");
    assert_eq!(app.settings().sources[1].label, "Georgia");
    let s = app.remove_source("1").expect("remove LA");
    assert_eq!(s.sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["2"]);
    assert_eq!(app.remove_source("1").expect_err("gone").code().as_str(), "not_found");
}

#[test]
fn an_older_settings_files_one_feed_becomes_the_one_source() {
    let dir = tempfile::tempdir().expect("dir");
    let paths = Paths::in_dir(dir.path());
    std::fs::write(
        &paths.settings,
        r#"{"feed_url":"http://127.0.0.1:8123/manifest.json","feed_public_key":null,"auto_refresh":true,"auto_refresh_secs":90,"followed":["x"]}"#,
    )
    .expect("write");
    let (s, warning) = Settings::load(&paths.settings);
    assert_eq!(warning, None);
    assert_eq!(s.sources.len(), 1);
    assert_eq!(
        (s.sources[0].url.as_str(), s.sources[0].label.as_str()),
        ("http://127.0.0.1:8123/manifest.json", "127.0.0.1")
    );
    assert_eq!((s.auto_refresh_secs, s.followed.as_slice()), (90, &["x".to_string()][..]));
    // LA's own address stays the default source, as a new file has it.
    std::fs::write(
        &paths.settings,
        format!(r#"{{"feed_url":"{}"}}"#, tallyroom_core::settings::DEFAULT_FEED_URL),
    )
    .expect("write");
    assert_eq!(Settings::load(&paths.settings).0.sources, Settings::default().sources);
}
