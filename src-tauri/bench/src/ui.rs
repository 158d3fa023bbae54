//! Figure 4: the Results page at 10,320 contests (LA's ballot ×24) against LA's own 430, in the
//! real window. `scripts/bench-ui.mjs` drives the release app through tauri-driver and measures
//! inside the webview (`performance.now()`, DOM elements) and the app's process tree (PSS).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use tallyroom_core::app::{App, ContestFilter, ResultsQuery};
use tallyroom_core::feeds;
use tallyroom_core::store::ResultsSort;
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::Paths;

use crate::ingest::{five_percent_changed, synthetic_la};
use crate::util::{best, root, secs, Row};

/// LA's December count with its ballot repeated `copies` times, stored in a fresh data folder
/// whose one source is a loopback port nothing listens on (no refresh reaches the county).
fn data_dir(dir: &Path, copies: usize) {
    let doc = synthetic_la(1132 * copies);
    let feed = feeds::parse(&serde_json::to_vec(&doc).expect("json")).expect("parse");
    let app = App::open(Paths::in_dir(dir), SyncConfig::default(), false).expect("open");
    app.with_writer(|s| s.apply(&feed, "bench")).expect("apply");
    // Where a keystroke's time goes on the Rust side: the layout of a few lists, best of 5
    // (the first search after a new count also sums each contest's votes once).
    for (text, sort) in [
        (None, ResultsSort::Ballot),
        (Some("c"), ResultsSort::Ballot),
        (Some("council"), ResultsSort::Ballot),
        (None, ResultsSort::Closest),
    ] {
        let q = ResultsQuery {
            filter: ContestFilter { text: text.map(str::to_owned), ..Default::default() },
            sort,
        };
        // The first call works out the list (a keystroke's answer; the first of all also sums
        // each contest's votes); the best of the next five finds the list kept, as the pages
        // read after a layout do.
        let t0 = std::time::Instant::now();
        app.results_layout(&q).expect("layout");
        let first = t0.elapsed();
        let (t, layout) = best(5, || app.results_layout(&q).expect("layout"));
        let n: u32 = layout.groups.iter().map(|g| g.count).sum();
        eprintln!(
            "  results_layout {text:?} {sort:?}: {n} contests, first {}, then {}",
            secs(first),
            secs(t)
        );
    }
    overview_times(&app, "one count");
    // The overview tells what the newest count changed against the one before: timed again in
    // a copy of the folder with a second count, 5% of its contests changed.
    let two = tempfile::tempdir().expect("tmp");
    let copy = App::open(Paths::in_dir(two.path()), SyncConfig::default(), false).expect("open");
    copy.with_writer(|s| s.apply(&feed, "bench")).expect("apply");
    let mut doc = doc;
    five_percent_changed(&mut doc, 0);
    doc["Timestamp"] = "2022-12-06T12:00:00".into();
    let next = feeds::parse(&serde_json::to_vec(&doc).expect("json")).expect("parse");
    copy.with_writer(|s| s.apply(&next, "bench")).expect("apply");
    overview_times(&copy, "two counts");
    let settings = r#"{"sources":[{"id":"1","url":"http://127.0.0.1:9/feed","label":"LA County","public_key":null,"kind":null,"follow_counties":false}],"auto_refresh":false,"auto_refresh_secs":60,"followed":[]}"#;
    std::fs::write(dir.join("settings.json"), settings).expect("settings");
}

/// The overview as every launch and every refresh reads it (nothing followed: its headline is
/// the race with the most votes), the first read and the best of the next five.
pub fn overview_times(app: &App, what: &str) {
    let t0 = std::time::Instant::now();
    app.overview().expect("overview");
    let first = t0.elapsed();
    let (t, _) = best(5, || app.overview().expect("overview"));
    eprintln!("  overview ({what}): first {}, then {}", secs(first), secs(t));
}

fn not_run(rows: &mut Vec<Row>, why: &str) {
    rows.push(Row {
        figure: "4. the Results page at 10,320 contests".into(),
        ours: format!("not run ({why})"),
        baseline: "-".into(),
        ratio: 0.0,
        target: "ready < 150 ms, keystroke p95 < 50 ms, < 3,000 elements, PSS ≤ 1.2×".into(),
        met: false,
    });
}

/// One launch of the app on `dir`, measured by the page script; its JSON line.
fn measure(dir: &Path, port: u16, app: &Path) -> Option<Value> {
    let out = Command::new("node")
        .arg(root().join("scripts/bench-ui.mjs"))
        .arg(dir)
        .arg(port.to_string())
        .env("TALLYROOM_APP", app)
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().rev().find_map(|l| serde_json::from_str(l).ok())
}

pub fn ui(rows: &mut Vec<Row>) {
    let app = std::env::var_os("TALLYROOM_APP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("target/release/tallyroom"));
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) || !app.exists() {
        return not_run(rows, "needs DISPLAY and the release app; scripts/bench.sh provides them");
    }
    let port = 4455;
    let Ok(mut driver) = Command::new("tauri-driver")
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return not_run(rows, "tauri-driver not found; scripts/install-deps.sh installs it");
    };
    std::thread::sleep(Duration::from_secs(1));
    let mut got = Vec::new();
    for copies in [1, 24] {
        let dir = tempfile::tempdir().expect("tmp");
        data_dir(dir.path(), copies);
        got.push(measure(dir.path(), port, &app));
    }
    let _ = driver.kill();
    let _ = driver.wait();
    let (Some(small), Some(big)) = (&got[0], &got[1]) else {
        return not_run(rows, "the page script gave no figures; see its output above");
    };
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let n = |v: &Value| f(v, "contests") as u64;
    let base = |v: &Value, what: String| format!("{what} at {} contests (same run)", n(v));
    let ms = |x: f64| format!("{x:.1} ms");
    // A time at 10,320 contests against an absolute limit, beside the same time at 430.
    let timed = |figure: String, key: &str, limit: f64, target: &str| Row {
        figure,
        ours: ms(f(big, key)),
        baseline: base(small, ms(f(small, key))),
        ratio: f(big, key) / f(small, key),
        target: target.into(),
        met: f(big, key) < limit,
    };
    rows.push(timed(
        format!(
            "4a. Results page ready at {} contests (overview → first screen of cards painted, median of 5; first visit {})",
            n(big),
            ms(f(big, "ready_first_ms"))
        ),
        "ready_ms",
        150.0,
        "< 150 ms",
    ));
    rows.push(timed(
        format!(
            "4b. type-ahead at {} contests: keystroke → list painted (the task after the frame that drew it), p95 of {}; two frames on, the measure before 2026-12-03: {} ({} at {})",
            n(big),
            f(big, "keystrokes"),
            ms(f(big, "keystroke_two_frames_p95_ms")),
            ms(f(small, "keystroke_two_frames_p95_ms")),
            n(small)
        ),
        "keystroke_p95_ms",
        50.0,
        "p95 < 50 ms",
    ));
    rows.push(Row {
        figure: format!(
            "4c. DOM elements at {} contests (at ready; most while scrolling the whole list)",
            n(big)
        ),
        ours: format!("{} ; {}", f(big, "nodes_ready"), f(big, "nodes_most")),
        baseline: base(small, format!("{} ; {}", f(small, "nodes_ready"), f(small, "nodes_most"))),
        ratio: f(big, "nodes_most") / f(small, "nodes_most"),
        target: "< 3,000".into(),
        met: f(big, "nodes_most") < 3000.0,
    });
    let (pb, ps) = (f(big, "pss_kib"), f(small, "pss_kib"));
    rows.push(Row {
        figure: format!("4d. PSS of the app and its WebKit processes at {} contests", n(big)),
        ours: format!("{:.1} MiB", pb / 1024.0),
        baseline: base(small, format!("{:.1} MiB", ps / 1024.0)),
        ratio: pb / ps,
        target: "≤ 1.2".into(),
        met: pb / ps <= 1.2,
    });
}
