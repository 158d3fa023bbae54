//! Kill the importer with SIGKILL at random moments, 100 times, on the real LA files: after each
//! kill the cache passes `PRAGMA integrity_check` and holds exactly the old count or exactly the
//! new one, never a mix.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use tallyroom_testkit::{data as lavote, SNAPSHOTS};

const WEDNESDAY: &str = SNAPSHOTS[1];
const FRIDAY: &str = SNAPSHOTS[2];
const MAYOR: &str = "c-4f718ecaf942b4c9";

fn import(db: &Path, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_tallyroom-cli"))
        .arg("--db")
        .arg(db)
        .arg("--no-bundled")
        .arg("import")
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

/// (integrity verdict, snapshots, result rows of the newest snapshot, the mayor's votes in it)
fn inspect(db: &Path) -> (String, i64, i64, Vec<i64>) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let verdict: String =
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    let snapshots: i64 =
        conn.query_row("SELECT count(*) FROM snapshot", [], |r| r.get(0)).expect("n");
    let latest: i64 = conn
        .query_row("SELECT id FROM snapshot ORDER BY feed_timestamp DESC LIMIT 1", [], |r| r.get(0))
        .expect("latest");
    // The count as of `latest`: each contest's rows under its newest `count_at` row at or before
    // it (the rule of migration 015, written out here rather than borrowed from the store).
    let as_of = "WITH at(contest_id, stored) AS (
        SELECT c.id, (SELECT a.snapshot_id FROM count_at a
                      WHERE a.contest_id = c.id AND a.snapshot_id <= ?1
                      ORDER BY a.snapshot_id DESC LIMIT 1) FROM contest c)";
    let rows: i64 = conn
        .query_row(
            &format!(
                "{as_of} SELECT count(*) FROM at JOIN choice c ON c.contest_id = at.contest_id
                 JOIN result r ON r.snapshot_id = at.stored AND r.choice_id = c.id"
            ),
            [latest],
            |r| r.get(0),
        )
        .expect("rows");
    let mut stmt = conn
        .prepare(&format!(
            "{as_of} SELECT r.votes FROM at JOIN choice c ON c.contest_id = at.contest_id
             JOIN result r ON r.snapshot_id = at.stored AND r.choice_id = c.id
             WHERE c.contest_id = ?2 ORDER BY c.ord"
        ))
        .expect("prep");
    let mayor = stmt.query_map(rusqlite::params![latest, MAYOR], |r| r.get(0)).expect("q");
    (verdict, snapshots, rows, mayor.collect::<Result<_, _>>().expect("votes"))
}

#[test]
fn a_killed_import_leaves_the_old_count_or_the_new_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let pristine = dir.path().join("pristine.db");
    assert!(import(&pristine, &lavote(WEDNESDAY)).wait().expect("wait").success());
    // How long an uninterrupted import of Friday takes, so kills land before, during and after.
    let timing = dir.path().join("timing.db");
    std::fs::copy(&pristine, &timing).expect("copy");
    let started = Instant::now();
    assert!(import(&timing, &lavote(FRIDAY)).wait().expect("wait").success());
    let full = started.elapsed();
    let (mut old, mut new) = (0, 0);
    for i in 0..100 {
        let db = dir.path().join(format!("run-{i}.db"));
        std::fs::copy(&pristine, &db).expect("copy");
        let mut child = import(&db, &lavote(FRIDAY));
        std::thread::sleep(full.mul_f64(fastrand::f64() * 1.3));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let (verdict, snapshots, rows, mayor) = inspect(&db);
        assert_eq!(verdict, "ok", "run {i}");
        match snapshots {
            1 => {
                assert_eq!(mayor, vec![240_194, 252_476], "run {i}: the old count, whole");
                old += 1;
            }
            2 => {
                assert_eq!(
                    (rows, mayor),
                    (1132, vec![289_782, 285_398]),
                    "run {i}: the new count, whole"
                );
                new += 1;
            }
            n => panic!("run {i}: {n} snapshots"),
        }
        std::fs::remove_file(&db).expect("rm");
        let _ = std::fs::remove_file(db.with_extension("db-wal"));
        let _ = std::fs::remove_file(db.with_extension("db-shm"));
    }
    println!("100 kills over {full:?}: {old} left the old count, {new} the new one");
    assert!(
        old > 0 && new > 0,
        "the kills must land both before and after the commit: {old}/{new}"
    );
}
