//! Figure 3: reads while a large count is written. The app's own reads (`App::contest`, and
//! `App::contests` with a search) go through its pool of read connections; the writer applies
//! a 1M-row count with 5% of its contests changed on another thread. Baseline: the same reads
//! with nothing being written, same run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tallyroom_core::app::{App, ContestFilter};
use tallyroom_core::feeds;
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::Paths;

use crate::ingest::synthetic_la;
use crate::util::{secs, Row};

fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

/// One `contest(id)` and one searched `contests`, timed apart.
fn sample(
    app: &App,
    id: &str,
    filter: &ContestFilter,
    one: &mut Vec<Duration>,
    list: &mut Vec<Duration>,
) {
    let t = Instant::now();
    app.contest(id).expect("contest");
    one.push(t.elapsed());
    let t = Instant::now();
    app.contests(filter).expect("contests");
    list.push(t.elapsed());
}

pub fn reads(rows: &mut Vec<Row>, n: usize) {
    let mut doc = synthetic_la(n);
    let first = feeds::parse(&serde_json::to_vec(&doc).expect("json")).expect("parse");
    // The next count: every 20th contest gains 1 vote per choice, and a later time.
    let mut k = 0;
    for g in doc["Election"]["ContestGroups"].as_array_mut().expect("groups") {
        for c in g["Contests"].as_array_mut().expect("contests") {
            k += 1;
            if k % 20 == 0 {
                for x in c["Candidates"].as_array_mut().expect("cands") {
                    x["Votes"] = Value::from(x["Votes"].as_u64().unwrap_or(0) + 1);
                }
            }
        }
    }
    doc["Timestamp"] = Value::from("2022-12-06T12:00:00");
    let second = feeds::parse(&serde_json::to_vec(&doc).expect("json")).expect("parse");
    let dir = tempfile::tempdir().expect("tmp");
    let app = App::open(Paths::in_dir(dir.path()), SyncConfig::default(), false).expect("open");
    app.with_writer(|s| s.apply(&first, "bench")).expect("first");
    let id =
        first.contests.iter().find(|c| c.raw_title.contains("Mayor")).expect("mayor").id.clone();
    // A search a person would type for one race: the synthetic copies are numbered ("… Mayor
    // #123"), so this finds the mayoral contests of one copy, as "Mayor" finds LA's own.
    let filter = ContestFilter {
        text: Some("Mayor 123".into()),
        kind: None,
        election_id: Some(first.election.id.clone()),
    };

    let (mut idle_one, mut idle_list) = (Vec::new(), Vec::new());
    for _ in 0..100 {
        sample(&app, &id, &filter, &mut idle_one, &mut idle_list);
    }
    let done = AtomicBool::new(false);
    let (mut busy_one, mut busy_list) = (Vec::new(), Vec::new());
    let write_time = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let t = Instant::now();
            app.with_writer(|st| st.apply(&second, "bench")).expect("second");
            done.store(true, Ordering::SeqCst);
            t.elapsed()
        });
        while !done.load(Ordering::SeqCst) {
            sample(&app, &id, &filter, &mut busy_one, &mut busy_list);
        }
        writer.join().expect("writer")
    });
    for (what, idle, busy) in [
        ("contest(id)", idle_one, busy_one),
        ("contests(search \"Mayor 123\")", idle_list, busy_list),
    ] {
        let (i, b) = (p95(idle.clone()), p95(busy.clone()));
        let ratio = b.as_secs_f64() / i.as_secs_f64().max(1e-9);
        rows.push(Row {
            figure: format!(
                "3. p95 of {what} while a {}-row count applies ({} samples over {})",
                first.choice_count(),
                busy.len(),
                secs(write_time)
            ),
            ours: secs(b),
            baseline: format!("{} (idle, {} samples)", secs(i), idle.len()),
            ratio,
            target: "≤ 3× and < 50 ms".into(),
            met: ratio <= 3.0 && b < Duration::from_millis(50),
        });
    }
}
