//! Figure 4: a refresh over real HTTP (nginx on loopback): a full download, a 304, and the
//! bytes each kind of refresh costs on the wire.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tallyroom_core::feeds;
use tallyroom_core::store::{now_ms, Store};
use tallyroom_core::sync::{SyncConfig, SyncOutcome, Syncer};
use tallyroom_testkit::Nginx;

use crate::util::{best, read, root, secs, Row};

/// Requests logged so far, and the bytes on the wire (request and response) of those from `from`.
fn bytes_since(nginx: &Nginx, from: usize) -> (usize, u64) {
    let log = nginx.log();
    let total = log[from.min(log.len())..].iter().map(|l| l.wire_bytes).sum();
    (log.len(), total)
}

pub fn refresh(rows: &mut Vec<Row>, wire: &mut Vec<(String, u64)>) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
    let www = tempfile::tempdir().expect("www");
    std::fs::copy(
        root().join("data/lavote/4300_20221205T121521.817.json"),
        www.path().join("feed.json"),
    )
    .expect("copy");
    let nginx = Nginx::serve(www.path());
    let url = nginx.url("feed.json");
    let syncer = Syncer::new(SyncConfig::default()).expect("client");
    // Full downloads: each into a fresh cache, so nothing is conditional.
    let (n0, _) = bytes_since(&nginx, 0);
    let (t_full, _) = best(5, || {
        let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
        rt.block_on(syncer.sync(&store, &url, None)).expect("full")
    });
    let (n1, full_bytes) = bytes_since(&nginx, n0);
    let full_bytes = full_bytes / (n1 - n0) as u64;
    // Nothing new: one cache, primed, then conditional GETs answered 304.
    let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    rt.block_on(syncer.sync(&store, &url, None)).expect("prime");
    let (n2, _) = bytes_since(&nginx, 0);
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let out = rt.block_on(syncer.sync(&store, &url, None)).expect("304");
        times.push(t.elapsed());
        assert!(matches!(out, SyncOutcome::Unchanged { .. }));
    }
    let (n3, bytes_304) = bytes_since(&nginx, n2);
    let bytes_304 = bytes_304 / (n3 - n2) as u64;
    times.sort();
    let median = times[times.len() / 2];
    rows.push(Row {
        figure:
            "4. refresh, nothing new: conditional GET → 304 (nginx), whole sync path, median of 50"
                .into(),
        ours: format!("{} , {bytes_304} B on the wire", secs(median)),
        baseline: format!("{} , {full_bytes} B (full download)", secs(t_full)),
        ratio: t_full.as_secs_f64() / median.as_secs_f64(),
        target: "< 20 ms and < 1 KB".into(),
        met: median < Duration::from_millis(20) && bytes_304 < 1024,
    });
    wire.push(("LA County JSON, nothing changed (304)".into(), bytes_304));
    wire.push(("LA County JSON, full download".into(), full_bytes));
    drop(nginx);

    // The signed Tallyroom feed: 304, one contest changed (delta), everything new (full).
    let feed_dir = tempfile::tempdir().expect("feed");
    let (pk, sk) = tallyroom_core::signed::keygen().expect("keys");
    let friday = feeds::parse(&read("data/lavote/4300_20221111T160919.703.json")).expect("fri");
    let december = feeds::parse(&read("data/lavote/4300_20221205T121521.817.json")).expect("dec");
    let mut next = friday.clone();
    let mayor = "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor";
    let dec_mayor = december.contests.iter().find(|c| c.raw_title == mayor).expect("m").clone();
    *next.contests.iter_mut().find(|c| c.raw_title == mayor).expect("m") = dec_mayor;
    next.feed_timestamp = december.feed_timestamp.clone();
    tallyroom_core::signed::publish(
        feed_dir.path(),
        std::slice::from_ref(&friday),
        &sk,
        3_600_000,
        now_ms(),
    )
    .expect("pub");
    let nginx = Nginx::serve(feed_dir.path());
    let url = nginx.url("manifest.json");
    let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let mut step = |label: &str| {
        let (from, _) = bytes_since(&nginx, 0);
        rt.block_on(syncer.sync(&store, &url, Some(&pk))).expect(label);
        let (_, bytes) = bytes_since(&nginx, from);
        wire.push((label.to_string(), bytes));
    };
    step("signed feed, everything new (manifest + full snapshot, gzip)");
    step("signed feed, nothing changed (304)");
    tallyroom_core::signed::publish(feed_dir.path(), &[friday, next], &sk, 3_600_000, now_ms())
        .expect("pub");
    step("signed feed, one contest changed (manifest + signature + delta)");
}
