//! A cache file that is truncated, locked by another process, read-only or on a full disk: the
//! app still starts, says why, and the user's choices survive. Read-only and full-disk cases use
//! real mounts (a read-only bind mount, a 512 KiB tmpfs), so they need root, as CI has.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use tallyroom_core::app::App;

use crate::MAYOR_ID as HEADLINE_CONTEST;
use tallyroom_core::settings::Settings;
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::{OpenReport, Paths};

fn open(dir: &Path) -> App {
    App::open(Paths::in_dir(dir), SyncConfig::default(), true).expect("the app always starts")
}

fn mayor_votes(app: &App) -> Vec<Option<u64>> {
    app.contest(HEADLINE_CONTEST)
        .expect("the mayor's race")
        .choices
        .iter()
        .map(|c| c.votes)
        .collect()
}

/// A cache that has the bundled count and a followed race, closed cleanly.
fn prepared() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let app = open(dir.path());
    app.set_followed(HEADLINE_CONTEST, true).expect("follow");
    dir
}

#[test]
fn a_truncated_cache_is_rebuilt() {
    let dir = prepared();
    let db = dir.path().join("cache.db");
    let len = std::fs::metadata(&db).expect("meta").len();
    let f = std::fs::OpenOptions::new().write(true).open(&db).expect("open");
    f.set_len(len / 3).expect("truncate");
    drop(f);
    let app = open(dir.path());
    let notices = app.overview().expect("ov").notices;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].message.contains("rebuilt"), "{}", notices[0].message);
    assert_eq!(mayor_votes(&app), vec![Some(509_944), Some(420_030)]);
    assert_eq!(app.settings().followed, vec![HEADLINE_CONTEST.to_string()]);
}

#[test]
fn a_cache_locked_by_another_process_gives_an_in_memory_run() {
    let dir = prepared();
    let db = dir.path().join("cache.db");
    // Another program (Python's sqlite3) holds an exclusive lock for as long as it runs.
    let mut holder = Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
             c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n\
             c.execute('CREATE TABLE IF NOT EXISTS held(x)')\n\
             print('locked', flush=True); time.sleep(60)",
        )
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().expect("out")),
        &mut line,
    )
    .expect("read");
    assert_eq!(line.trim(), "locked");
    let (store, report) = tallyroom_core::open_cache(&db, true).expect("starts");
    drop(store);
    let OpenReport::InMemory { reason } = report else {
        panic!("expected an in-memory run, got {report:?}")
    };
    assert!(reason.contains("locked") || reason.contains("busy"), "{reason}");
    let app = open(dir.path());
    assert!(app.overview().expect("ov").notices[0].message.contains("cannot be written"));
    assert_eq!(mayor_votes(&app), vec![Some(509_944), Some(420_030)]);
    assert_eq!(app.settings().followed, vec![HEADLINE_CONTEST.to_string()], "settings live apart");
    holder.kill().expect("kill");
    let _ = holder.wait();
    std::thread::sleep(Duration::from_millis(100));
    // Once the other program lets go, the real cache is used again, intact.
    let app = open(dir.path());
    assert!(app.overview().expect("ov").notices.is_empty());
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false)
}

struct Mount(PathBuf);

impl Mount {
    fn run(args: &[&str]) {
        let ok = Command::new(args[0]).args(&args[1..]).status().expect("mount").success();
        assert!(ok, "{args:?} failed");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_cache_and_a_full_disk_give_an_in_memory_run() {
    assert!(is_root(), "this test mounts filesystems and needs root (CI runs as root)");
    // Read-only: the prepared folder, bind-mounted read-only over itself.
    let dir = prepared();
    let p = dir.path().to_str().expect("utf8").to_string();
    Mount::run(&["mount", "--bind", &p, &p]);
    let _ro = Mount(dir.path().to_path_buf());
    Mount::run(&["mount", "-o", "remount,ro,bind", &p]);
    let app = open(dir.path());
    let notices = app.overview().expect("ov").notices;
    assert!(notices.iter().any(|n| n.message.contains("cannot be written")), "{notices:?}");
    assert_eq!(mayor_votes(&app), vec![Some(509_944), Some(420_030)]);
    assert_eq!(app.settings().followed, vec![HEADLINE_CONTEST.to_string()]);
    let err = app.save_settings(Settings::default()).expect_err("read-only settings");
    assert!(err.to_string().contains("Read-only file system"), "{err}");

    // Full: a fresh 512 KiB tmpfs, too small for the bundled count.
    let full = tempfile::tempdir().expect("tmp");
    let p = full.path().to_str().expect("utf8").to_string();
    Mount::run(&["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", &p]);
    let _tmpfs = Mount(full.path().to_path_buf());
    let app = open(full.path());
    let notices = app.overview().expect("ov").notices;
    assert!(notices.iter().any(|n| n.message.contains("full")), "{notices:?}");
    assert_eq!(mayor_votes(&app), vec![Some(509_944), Some(420_030)]);
}
