//! Figures 1 and 2: importing a large count, against SQLite's own limit and against sqlite-utils.

use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};
use tallyroom_core::feeds;
use tallyroom_core::store::Store;

use crate::util::{best, read, secs, Row};

/// A synthetic election of at least `choices` choice rows, built on the real LA feed's
/// structure: the December snapshot's groups repeated with numbered contest titles, real votes.
pub fn synthetic_la(choices: usize) -> Value {
    let base: Value =
        serde_json::from_slice(&read("data/lavote/4300_20221205T121521.817.json")).expect("la");
    let groups = base["Election"]["ContestGroups"].as_array().expect("groups").clone();
    let per_copy: usize = groups
        .iter()
        .flat_map(|g| g["Contests"].as_array().expect("c"))
        .map(|c| c["Candidates"].as_array().expect("x").len())
        .sum();
    let copies = choices.div_ceil(per_copy);
    let mut out_groups = Vec::new();
    for g in &groups {
        let mut contests = Vec::new();
        for k in 0..copies {
            for c in g["Contests"].as_array().expect("c") {
                let mut c = c.clone();
                c["Title"] = json!(format!("{} #{k}", c["Title"].as_str().expect("t")));
                contests.push(c);
            }
        }
        out_groups.push(json!({"Name": g["Name"], "Contests": contests}));
    }
    let mut doc = base.clone();
    doc["Election"]["ContestGroups"] = json!(out_groups);
    doc
}

pub fn ingest(rows: &mut Vec<Row>, n: usize) {
    let doc = synthetic_la(n);
    let bytes = serde_json::to_vec(&doc).expect("json");
    let dir = tempfile::tempdir().expect("tmp");
    // Ours: the real import path — parse, normalise, store (with history and search index).
    let mut i = 0;
    let (t_ours, count) = best(3, || {
        i += 1;
        let mut store = Store::open(&dir.path().join(format!("ours-{i}.db"))).expect("open");
        let t = Instant::now();
        let feed = feeds::parse(&bytes).expect("parse");
        let parsed = t.elapsed();
        store.apply(&feed, "bench").expect("apply");
        eprintln!("  ours: parse {} + store {}", secs(parsed), secs(t.elapsed() - parsed));
        feed.choice_count()
    });
    let feed = feeds::parse(&bytes).expect("parse");
    // The limit: SQLite's own speed for this many rows, not the product's schema. One
    // transaction, one prepared INSERT of (snapshot, choice, votes) integers into a table keyed
    // by (snapshot, choice), WITHOUT ROWID: what storing one count costs at the least.
    let votes: Vec<i64> = feed
        .contests
        .iter()
        .flat_map(|c| c.choices.iter().map(|x| x.votes.unwrap_or(0) as i64))
        .collect();
    let mut j = 0;
    let (t_limit, _) = best(3, || {
        j += 1;
        let path = dir.path().join(format!("limit-{j}.db"));
        let mut conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
        conn.pragma_update(None, "synchronous", "NORMAL").expect("sync");
        conn.execute_batch(
            "CREATE TABLE result (snapshot INTEGER NOT NULL, choice INTEGER NOT NULL,
                                  votes INTEGER NOT NULL, PRIMARY KEY (snapshot, choice))
             WITHOUT ROWID",
        )
        .expect("schema");
        let tx = conn.transaction().expect("tx");
        {
            let mut ins = tx
                .prepare("INSERT INTO result(snapshot, choice, votes) VALUES (1, ?1, ?2)")
                .expect("prepare");
            for (k, v) in votes.iter().enumerate() {
                ins.execute(rusqlite::params![k as i64, v]).expect("insert");
            }
        }
        tx.commit().expect("commit");
    });
    let ours_rate = count as f64 / t_ours.as_secs_f64();
    let limit_rate = count as f64 / t_limit.as_secs_f64();
    rows.push(Row {
        figure: format!(
            "1. ingest {count} choice rows (parse+normalise+store) vs SQLite's limit (integer rows)"
        ),
        ours: format!("{:.0} rows/s ({})", ours_rate, secs(t_ours)),
        baseline: format!("{:.0} rows/s ({})", limit_rate, secs(t_limit)),
        ratio: ours_rate / limit_rate,
        target: "≥ 0.5".into(),
        met: ours_rate / limit_rate >= 0.5,
    });

    // 2. sqlite-utils, the common tool, on the same rows as JSON.
    let records: Vec<Value> = feed
        .contests
        .iter()
        .flat_map(|c| {
            c.choices.iter().map(move |x| {
                json!({"choice_id": x.id, "contest_id": c.id, "contest": c.raw_title, "group": c.group, "name": x.raw_name, "party": x.party, "votes": x.votes})
            })
        })
        .collect();
    let json_path = dir.path().join("rows.json");
    std::fs::write(&json_path, serde_json::to_vec(&records).expect("json")).expect("write");
    let tool = std::env::var("SQLITE_UTILS").unwrap_or_else(|_| "sqlite-utils".into());
    let mut k = 0;
    let (t_tool, ok) = best(1, || {
        k += 1;
        Command::new(&tool)
            .arg("insert")
            .arg(dir.path().join(format!("su-{k}.db")))
            .arg("results")
            .arg(&json_path)
            .arg("--pk")
            .arg("choice_id")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    });
    if ok {
        let ratio = t_tool.as_secs_f64() / t_ours.as_secs_f64();
        rows.push(Row {
            figure: format!("2. ingest the same {count} rows vs `sqlite-utils insert` (JSON)"),
            ours: secs(t_ours),
            baseline: secs(t_tool),
            ratio,
            target: "≥ 10× faster".into(),
            met: ratio >= 10.0,
        });
    } else {
        rows.push(Row {
            figure: "2. vs sqlite-utils".into(),
            ours: secs(t_ours),
            baseline: format!("{tool} did not run"),
            ratio: 0.0,
            target: "≥ 10× faster".into(),
            met: false,
        });
    }
}
