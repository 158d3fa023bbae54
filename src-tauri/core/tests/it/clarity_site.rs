//! A Clarity results site on loopback (nginx), built from a real site's files (Georgia's 2020
//! `summary.json` and `electionsettings.json`) and the Clarity detail file the tests already have
//! (zipped as `detailxml.zip`, for a county site): addresses as people paste them, figures equal
//! to the raw files, a second refresh that asks only `current_ver.txt` (and gets a 304), a version
//! change, and a `current_ver.txt` that holds garbage.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tallyroom_core::feeds;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::sync::{SyncConfig, SyncOutcome, Syncer};
use tallyroom_core::Store;
use tallyroom_testkit::Nginx;

use crate::fixture;

pub fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// The state site at version 271066 (summary only, no detail zip), and Fulton's county site at
/// version 7 (a detail zip).
fn site(root: &Path) {
    put(root, "GA/105369/current_ver.txt", b"271066\n");
    put(
        root,
        "GA/105369/271066/json/en/summary.json",
        &fixture("clarity/site/GA_105369_271066_summary.json"),
    );
    put(
        root,
        "GA/105369/271066/json/en/electionsettings.json",
        &fixture("clarity/site/GA_105369_271927_electionsettings.json"),
    );
    put(root, "GA/Fulton/105430/current_ver.txt", b"7");
    put(root, "GA/Fulton/105430/7/reports/detailxml.zip", &fixture("clarity/detailxml.zip"));
}

/// Each contest's raw title and its choices' votes, straight from a `summary.json`.
fn raw_summary(bytes: &[u8]) -> Vec<(String, Vec<u64>)> {
    let doc: Value = serde_json::from_slice(bytes).expect("json");
    doc.as_array()
        .expect("list")
        .iter()
        .map(|c| {
            let votes =
                c["V"].as_array().expect("V").iter().map(|v| v.as_u64().expect("n")).collect();
            (c["C"].as_str().expect("C").trim().to_string(), votes)
        })
        .collect()
}

pub fn stored(store: &Mutex<Store>, election: &str) -> Vec<(String, Vec<u64>)> {
    let q = ContestQuery { election_id: Some(election.into()), ..Default::default() };
    let store = store.lock().expect("lock");
    let mut out: Vec<(String, Vec<u64>)> = store
        .contests(&q)
        .expect("contests")
        .into_iter()
        .map(|c| (c.raw_title, c.choices.into_iter().map(|x| x.votes.expect("votes")).collect()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_state_site_pasted_from_the_browser_loads_and_refreshes_by_version() {
    let dir = tempfile::tempdir().expect("dir");
    site(dir.path());
    let nginx = Nginx::serve(dir.path());
    let store = Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let syncer = Syncer::new(SyncConfig { retries: 0, ..SyncConfig::default() }).expect("client");
    let pasted = nginx.url("GA/105369/web.264614/#/summary");

    let out = syncer.sync(&store, &pasted, None).await.expect("first");
    assert!(matches!(out, SyncOutcome::Updated { .. }), "{out:?}");
    let election = "clarity-ga-105369";
    let mut want = raw_summary(&fixture("clarity/site/GA_105369_271066_summary.json"));
    want.sort();
    assert_eq!(want.len(), 298);
    assert_eq!(stored(&store, election), want);
    let president =
        stored(&store, election).into_iter().find(|c| c.0 == "President of the United States");
    assert_eq!(president.map(|c| c.1), Some(vec![2_457_910, 2_471_955, 62_058]));
    let requested: Vec<(String, u16)> =
        nginx.log().into_iter().map(|l| (l.path, l.status)).collect();
    assert_eq!(
        requested,
        [
            ("/GA/105369/current_ver.txt".to_string(), 200),
            ("/GA/105369/271066/reports/detailxml.zip".into(), 404),
            ("/GA/105369/271066/json/en/summary.json".into(), 200),
            ("/GA/105369/271066/json/en/electionsettings.json".into(), 200),
        ]
    );

    // Nothing new: one conditional request for current_ver.txt, answered 304, nothing else.
    let out = syncer.sync(&store, &pasted, None).await.expect("second");
    assert!(matches!(out, SyncOutcome::Unchanged { .. }), "{out:?}");
    let log = nginx.log();
    assert_eq!(log.len(), 5);
    assert_eq!((log[4].path.as_str(), log[4].status), ("/GA/105369/current_ver.txt", 304));

    // A new version: its files, and its figures (the President's race corrected by 100 votes).
    let mut doc: Value =
        serde_json::from_slice(&fixture("clarity/site/GA_105369_271066_summary.json"))
            .expect("json");
    doc[0]["V"][1] = Value::from(2_472_055u64);
    put(
        dir.path(),
        "GA/105369/271067/json/en/summary.json",
        &serde_json::to_vec(&doc).expect("enc"),
    );
    let mut settings: Value =
        serde_json::from_slice(&fixture("clarity/site/GA_105369_271927_electionsettings.json"))
            .expect("json");
    settings["websiteupdatedat"] = "11/21/2020 9:12:03 AM EST".into();
    let settings = serde_json::to_vec(&settings).expect("enc");
    put(dir.path(), "GA/105369/271067/json/en/electionsettings.json", &settings);
    put(dir.path(), "GA/105369/current_ver.txt", b"271067");
    let out = syncer.sync(&store, &pasted, None).await.expect("third");
    let SyncOutcome::Updated { changes, .. } = out else { panic!("{out:?}") };
    assert_eq!(changes.len(), 1, "only the corrected race changed");
    let president =
        stored(&store, election).into_iter().find(|c| c.0 == "President of the United States");
    assert_eq!(president.map(|c| c.1), Some(vec![2_457_910, 2_472_055, 62_058]));
    assert!(nginx.log().iter().any(|l| l.path == "/GA/105369/271067/json/en/summary.json"));

    // current_ver.txt holding an error page: a clear message, and the last good count kept.
    put(dir.path(), "GA/105369/current_ver.txt", b"<html><body>Service Unavailable</body></html>");
    let err = syncer.sync(&store, &pasted, None).await.expect_err("garbage");
    assert!(err.to_string().contains("current_ver.txt holds"), "{err}");
    let president =
        stored(&store, election).into_iter().find(|c| c.0 == "President of the United States");
    assert_eq!(president.map(|c| c.1), Some(vec![2_457_910, 2_472_055, 62_058]));
}

#[tokio::test]
async fn a_county_site_reads_its_detail_zip() {
    let dir = tempfile::tempdir().expect("dir");
    site(dir.path());
    let nginx = Nginx::serve(dir.path());
    let store = Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let syncer = Syncer::new(SyncConfig { retries: 0, ..SyncConfig::default() }).expect("client");
    let out = syncer
        .sync(&store, &nginx.url("GA/Fulton/105430/web.264614/#/summary"), None)
        .await
        .expect("county");
    assert!(matches!(out, SyncOutcome::Updated { .. }), "{out:?}");
    // The detail file's own figures, election and all.
    let source = feeds::parse(&fixture("clarity/detailxml.zip")).expect("zip");
    let mut want: Vec<(String, Vec<u64>)> = source
        .contests
        .iter()
        .map(|c| (c.raw_title.clone(), c.choices.iter().map(|x| x.votes.expect("v")).collect()))
        .collect();
    want.sort();
    assert_eq!(stored(&store, &source.election.id), want);
    let paths: Vec<String> = nginx.log().into_iter().map(|l| l.path).collect();
    assert_eq!(
        paths,
        ["/GA/Fulton/105430/current_ver.txt", "/GA/Fulton/105430/7/reports/detailxml.zip"]
    );
}
