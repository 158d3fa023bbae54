//! Figure 5: a state night. Georgia's Clarity state site on loopback nginx with all 159 of its
//! county sites (from the real `participatingcounties`; each county serves the real statewide
//! summary under its own site, so each is an election of its own), followed as one source.
//! One refresh when nothing changed (160 conditional requests), and one where 10 counties
//! published a new version. Baseline: one site's refresh when nothing changed, same run, times
//! the 160 sites (what asking them one after another would cost).

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tallyroom_core::sources::FeedSource;
use tallyroom_core::store::Store;
use tallyroom_core::sync::{SyncConfig, Syncer};
use tallyroom_testkit::Nginx;

use crate::util::{read, secs, Row};

fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// Each county's site at `version`: the summary route (no zip), with its settings.
fn county(root: &Path, entry: &str, version: u32, summary: &[u8], settings: &[u8]) {
    let mut f = entry.split('|');
    let (name, id) = (f.next().expect("name"), f.next().expect("id"));
    put(root, &format!("GA/{name}/{id}/current_ver.txt"), version.to_string().as_bytes());
    put(root, &format!("GA/{name}/{id}/{version}/json/en/summary.json"), summary);
    put(root, &format!("GA/{name}/{id}/{version}/json/en/electionsettings.json"), settings);
}

pub fn state_night(rows: &mut Vec<Row>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");
    let www = tempfile::tempdir().expect("www");
    let summary = read("tests/data/clarity/site/GA_105369_271066_summary.json");
    let settings = read("tests/data/clarity/site/GA_105369_271927_electionsettings.json");
    let doc: Value = serde_json::from_slice(&settings).expect("json");
    let counties: Vec<String> = doc["settings"]["electiondetails"]["participatingcounties"]
        .as_array()
        .expect("counties")
        .iter()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    assert_eq!(counties.len(), 159);
    put(www.path(), "GA/105369/current_ver.txt", b"271066");
    put(www.path(), "GA/105369/271066/json/en/summary.json", &summary);
    put(www.path(), "GA/105369/271066/json/en/electionsettings.json", &settings);
    for c in &counties {
        county(www.path(), c, 1, &summary, &settings);
    }
    let nginx = Nginx::serve(www.path());
    let syncer = Syncer::new(SyncConfig::default()).expect("client");
    let store = Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let source = FeedSource {
        id: "1".into(),
        url: nginx.url("GA/105369/web.264614/#/summary"),
        label: "Georgia".into(),
        public_key: None,
        kind: None,
        follow_counties: true,
    };
    let sources = [source];
    eprintln!("  first load of 160 sites…");
    let first = rt.block_on(syncer.sync_sources(&store, &sources));
    assert!(first[0].result.is_ok() && first[0].counties.iter().all(|c| c.result.is_ok()));

    // Baseline: one site, nothing changed, best of 20.
    let one = nginx.url("GA/Fulton/105430/");
    let mut single = Duration::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        rt.block_on(syncer.sync(&store, &one, None)).expect("one");
        single = single.min(t.elapsed());
    }

    // Nothing changed anywhere: best of 5, with the requests and bytes of one of them.
    let mut quiet = Duration::MAX;
    let (mut requests, mut bytes) = (0, 0);
    for _ in 0..5 {
        let before = nginx.log().len();
        let t = Instant::now();
        let out = rt.block_on(syncer.sync_sources(&store, &sources));
        quiet = quiet.min(t.elapsed());
        assert!(out[0].counties.iter().all(|c| c.result.is_ok()));
        let log = nginx.log();
        requests = log.len() - before;
        bytes = log[before..].iter().map(|l| l.wire_bytes).sum::<u64>();
    }
    let baseline = single * 160;
    rows.push(Row {
        figure: "5. state night, nothing changed: Georgia's state site and its 159 county sites, one refresh (conditional GETs, 6 counties at a time)".into(),
        ours: format!("{} , {requests} requests, {} KB on the wire", secs(quiet), bytes / 1024),
        baseline: format!("{} (one site's 304 refresh × 160)", secs(baseline)),
        ratio: baseline.as_secs_f64() / quiet.as_secs_f64(),
        target: "< 1 s and < 150 KB".into(),
        met: quiet < Duration::from_secs(1) && bytes < 150 * 1024,
    });

    // Ten counties publish a new version (the President's race moved by 100 votes, a later
    // time): their files are fetched, read and stored; the other 149 answer 304.
    let mut changed: Value = serde_json::from_slice(&summary).expect("json");
    changed[0]["V"][1] = Value::from(changed[0]["V"][1].as_u64().expect("votes") + 100);
    let changed = serde_json::to_vec(&changed).expect("enc");
    let mut changed_settings: Value = doc.clone();
    changed_settings["websiteupdatedat"] = "11/21/2020 9:12:03 AM EST".into();
    let changed_settings = serde_json::to_vec(&changed_settings).expect("enc");
    for c in counties.iter().take(10) {
        county(www.path(), c, 2, &changed, &changed_settings);
    }
    let t = Instant::now();
    let out = rt.block_on(syncer.sync_sources(&store, &sources));
    let busy = t.elapsed();
    let updated = out[0]
        .counties
        .iter()
        .filter(|c| matches!(c.result, Ok(tallyroom_core::sync::SyncOutcome::Updated { .. })))
        .count();
    assert_eq!(updated, 10, "ten counties brought a new count");
    rows.push(Row {
        figure: "5. state night, 10 of 159 counties changed (their summaries fetched, read and stored, 298 contests each)".into(),
        ours: secs(busy),
        baseline: format!("{} (nothing changed, same run)", secs(quiet)),
        ratio: busy.as_secs_f64() / quiet.as_secs_f64(),
        target: "< 3 s".into(),
        met: busy < Duration::from_secs(3),
    });
}
