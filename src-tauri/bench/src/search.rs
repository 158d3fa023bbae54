//! Figure 5: type-ahead search at scale.

use std::time::{Duration, Instant};

use tallyroom_core::feeds;
use tallyroom_core::store::Store;

use crate::util::{read, secs, Row};

pub fn search(rows: &mut Vec<Row>) {
    let la = feeds::parse(&read("data/lavote/4300_20221205T121521.817.json")).expect("la");
    let names: Vec<String> = la
        .contests
        .iter()
        .flat_map(|c| c.choices.iter().map(|x| x.name.clone()))
        .filter(|n| n.len() > 3)
        .collect();
    let first: Vec<&str> = names.iter().filter_map(|n| n.split_whitespace().next()).collect();
    let last: Vec<&str> = names.iter().filter_map(|n| n.split_whitespace().last()).collect();
    for (label, n) in [("LA 2022 (1,132 names)", 0usize), ("synthetic 200,000 names", 200_000)] {
        let mut store = Store::open_in_memory().expect("open");
        store.apply(&la, "bench").expect("apply");
        let conn = rusqlite::Connection::open_in_memory().expect("plain");
        conn.execute_batch("CREATE TABLE plain(contest_id TEXT, body TEXT)").expect("t");
        let mut bodies: Vec<String> = la
            .contests
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    c.title,
                    c.choices.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(" ")
                )
            })
            .collect();
        for i in 0..n {
            bodies.push(format!(
                "{} {} {}",
                first[fastrand::usize(..first.len())],
                last[fastrand::usize(..last.len())],
                i
            ));
        }
        store.bench_fill_search(&bodies[la.contests.len()..]).expect("fill");
        {
            let tx = conn.unchecked_transaction().expect("tx");
            let mut ins = tx.prepare("INSERT INTO plain VALUES (?1, ?2)").expect("i");
            for (i, b) in bodies.iter().enumerate() {
                ins.execute(rusqlite::params![format!("x{i}"), b]).expect("ins");
            }
            drop(ins);
            tx.commit().expect("c");
        }
        let queries: Vec<String> = (0..300)
            .map(|_| {
                let w = last[fastrand::usize(..last.len())].to_lowercase();
                w.chars().take(2 + fastrand::usize(..3)).collect()
            })
            .collect();
        let p95 = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() * 95 / 100]
        };
        let fts: Vec<Duration> = queries
            .iter()
            .map(|q| {
                let t = Instant::now();
                let _ = store.search(q).expect("s");
                t.elapsed()
            })
            .collect();
        let mut like_stmt =
            conn.prepare("SELECT rowid FROM plain WHERE body LIKE ?1").expect("like");
        let like: Vec<Duration> = queries
            .iter()
            .map(|q| {
                let t = Instant::now();
                let _ = like_stmt
                    .query_map([format!("%{q}%")], |r| r.get::<_, i64>(0))
                    .expect("q")
                    .count();
                t.elapsed()
            })
            .collect();
        let (f, l) = (p95(fts), p95(like));
        rows.push(Row {
            figure: format!("5. type-ahead search p95, {label}, FTS5 vs LIKE scan"),
            ours: secs(f),
            baseline: secs(l),
            ratio: l.as_secs_f64() / f.as_secs_f64(),
            target: "p95 < 10 ms".into(),
            met: f < Duration::from_millis(10),
        });
    }
}
