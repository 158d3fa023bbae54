//! Figures 1, 2 and 6 (ingest): a large count's first import and refresh against SQLite's own
//! limit, the cache's growth over 20 refreshes, and the import against sqlite-utils.

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

/// The same election with one contest in 20 moved on: round `r` adds `r + 1` votes to each
/// choice of the contests whose index is `r` modulo 20, so 20 rounds touch every contest once.
pub fn five_percent_changed(doc: &mut Value, r: usize) {
    let mut k = 0;
    for g in doc["Election"]["ContestGroups"].as_array_mut().expect("groups") {
        for c in g["Contests"].as_array_mut().expect("contests") {
            if k % 20 == r % 20 {
                for x in c["Candidates"].as_array_mut().expect("candidates") {
                    let v = x["Votes"].as_u64().unwrap_or(0);
                    x["Votes"] = json!(v + r as u64 + 1);
                }
            }
            k += 1;
        }
    }
}

/// The cache file's size once its write-ahead log is folded in.
fn cache_bytes(path: &std::path::Path) -> u64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).expect("checkpoint");
    let pages: u64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    let size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).expect("size");
    pages * size
}

/// One import of `bytes` into `store`, parse to commit, with the parse's share printed, and the
/// parsed count, which the caller frees after stopping its clock: the app frees it after the
/// outcome is sent (`sync::apply_blocking`), and the figure is parse to commit.
fn import(store: &mut Store, bytes: &[u8], label: &str) -> feeds::ParsedFeed {
    let t = Instant::now();
    let feed = feeds::parse(bytes).expect("parse");
    let parsed = t.elapsed();
    store.apply(&feed, "bench").expect("apply");
    eprintln!("  {label}: parse {} + store {}", secs(parsed), secs(t.elapsed() - parsed));
    feed
}

/// What a launch on this cache reads before its first screen: the overview (nothing followed,
/// so its headline is the race with the most votes, and what the newest count changed), first
/// read and then the best of five, on a copy of the cache opened as the app opens its own.
fn overview_after_launch(cache: &std::path::Path) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(cache, dir.path().join("cache.db")).expect("copy");
    let t = Instant::now();
    let app = tallyroom_core::app::App::open(
        tallyroom_core::Paths::in_dir(dir.path()),
        tallyroom_core::sync::SyncConfig::default(),
        false,
    )
    .expect("open");
    eprintln!("  launch on the cache after 21 counts: open {}", secs(t.elapsed()));
    crate::ui::overview_times(&app, "the cache after 21 counts");
}

pub fn ingest(rows: &mut Vec<Row>, n: usize) {
    let mut doc = synthetic_la(n);
    let bytes = serde_json::to_vec(&doc).expect("json");
    let dir = tempfile::tempdir().expect("tmp");
    // Ours: the real import path — parse, normalise, store (with history and search index).
    let mut i = 0;
    let mut count = 0;
    let mut firsts = Vec::new();
    for _ in 0..3 {
        i += 1;
        // As before the parsed count was kept: opening and closing the cache are timed.
        let t = Instant::now();
        let mut store = Store::open(&dir.path().join(format!("ours-{i}.db"))).expect("open");
        let feed = import(&mut store, &bytes, "first import");
        drop(store);
        firsts.push(t.elapsed());
        count = feed.choice_count();
    }
    let t_ours = firsts.into_iter().min().expect("runs");
    // A refresh: the cache holds the count, and the next one has 5% of its contests changed.
    five_percent_changed(&mut doc, 0);
    let next = serde_json::to_vec(&doc).expect("json");
    let mut i = 0;
    let mut refreshed = Vec::new();
    for _ in 0..3 {
        i += 1;
        let path = dir.path().join(format!("refresh-{i}.db"));
        std::fs::copy(dir.path().join("ours-1.db"), &path).expect("copy");
        let mut store = Store::open(&path).expect("open");
        let t = Instant::now();
        let feed = import(&mut store, &next, "refresh, 5% changed");
        refreshed.push(t.elapsed());
        drop(feed);
    }
    let t_refresh = refreshed.into_iter().min().expect("runs");
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
    let limit_rate = count as f64 / t_limit.as_secs_f64();
    let rate = |t: std::time::Duration| count as f64 / t.as_secs_f64();
    let limit = format!("{:.0} rows/s ({})", limit_rate, secs(t_limit));
    rows.push(Row {
        figure: format!(
            "1. refresh of a {count}-row count, 5% of contests changed (parse to commit) vs \
             SQLite's limit (one INSERT of integer rows)"
        ),
        ours: format!("{:.0} rows/s ({})", rate(t_refresh), secs(t_refresh)),
        baseline: limit.clone(),
        ratio: rate(t_refresh) / limit_rate,
        target: "≥ 0.5".into(),
        met: rate(t_refresh) / limit_rate >= 0.5,
    });
    rows.push(Row {
        figure: format!("1. first import of the same {count} rows vs SQLite's limit"),
        ours: format!("{:.0} rows/s ({})", rate(t_ours), secs(t_ours)),
        baseline: limit,
        ratio: rate(t_ours) / limit_rate,
        target: "≥ 0.2".into(),
        met: rate(t_ours) / limit_rate >= 0.2,
    });

    // 2. History: 20 refreshes, each with another 5% of the contests changed.
    let path = dir.path().join("history.db");
    std::fs::copy(dir.path().join("ours-1.db"), &path).expect("copy");
    let first = cache_bytes(&path);
    {
        let mut store = Store::open(&path).expect("open");
        let mut doc = synthetic_la(n);
        for r in 1..=20 {
            five_percent_changed(&mut doc, r);
            import(&mut store, &serde_json::to_vec(&doc).expect("json"), &format!("refresh {r}"));
        }
    }
    let after = cache_bytes(&path);
    overview_after_launch(&path);
    let mib = |b: u64| format!("{:.1} MiB", b as f64 / 1048576.0);
    rows.push(Row {
        figure: format!(
            "2. cache after 20 refreshes of the {count}-row count (5% of contests changed each)"
        ),
        ours: mib(after),
        baseline: format!("{} (after the first import)", mib(first)),
        ratio: after as f64 / first as f64,
        target: "≤ 2".into(),
        met: after as f64 / first as f64 <= 2.0,
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
            figure: format!("6. ingest the same {count} rows vs `sqlite-utils insert` (JSON)"),
            ours: secs(t_ours),
            baseline: secs(t_tool),
            ratio,
            target: "≥ 10× faster".into(),
            met: ratio >= 10.0,
        });
    } else {
        rows.push(Row {
            figure: "6. vs sqlite-utils".into(),
            ours: secs(t_ours),
            baseline: format!("{tool} did not run"),
            ratio: 0.0,
            target: "≥ 10× faster".into(),
            met: false,
        });
    }
}
