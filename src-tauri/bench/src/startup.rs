//! Figure 6: launch time and memory of the app against a hello-world Tauri app.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{root, secs, Row};

fn descendants(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for e in dir.flatten() {
                let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
                let stat =
                    std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
                // The field after the ")" that closes the command name: state, then ppid.
                let ppid = stat
                    .rsplit(')')
                    .next()
                    .and_then(|r| r.split_whitespace().nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(parent) && !all.contains(&child) {
                    all.push(child);
                }
            }
        }
        i += 1;
    }
    all
}

/// Proportional set size of a process and all its descendants (the WebKit processes), in KiB.
fn pss_kib(pid: u32) -> u64 {
    descendants(pid)
        .iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
        })
        .sum()
}

/// Launch → "READY" on stdout (first content on screen), then memory after it settles.
fn launch_once(cmd: &Path, args: &[String], env: &[(&str, String)]) -> Option<(Duration, u64)> {
    use std::io::BufRead;
    let started = Instant::now();
    let mut child = Command::new(cmd)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.trim() == "READY" {
                let _ = tx.send(());
            }
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(60)).ok().map(|()| started.elapsed());
    std::thread::sleep(Duration::from_secs(2));
    let pss = pss_kib(child.id());
    for p in descendants(child.id()).into_iter().rev() {
        let _ = Command::new("kill").arg("-9").arg(p.to_string()).status();
    }
    let _ = child.wait();
    ready.map(|t| (t, pss))
}

pub fn startup(rows: &mut Vec<Row>) {
    let app = root().join("target/release/tallyroom");
    let hello = root().join("target/release/tallyroom-hello");
    if std::env::var_os("DISPLAY").is_none() || !app.exists() || !hello.exists() {
        rows.push(Row {
            figure: "6. startup and memory vs hello-world Tauri".into(),
            ours:
                "not run (needs DISPLAY and both release binaries; scripts/bench.sh provides them)"
                    .into(),
            baseline: "-".into(),
            ratio: 0.0,
            target: "≤ 1.2× time, ≤ 1.15× memory".into(),
            met: false,
        });
        return;
    }
    // Each round: a first launch on a fresh data folder (it builds the cache from the bundled
    // data), a second launch on the same folder (the everyday case), and the hello-world app.
    let mut first = Vec::new();
    let mut ours = Vec::new();
    let mut base = Vec::new();
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("settings.json"), r#"{"feed_url":"http://127.0.0.1:9/feed","auto_refresh":false,"auto_refresh_secs":60,"followed":[]}"#).expect("settings");
        let args = vec!["--data-dir".to_string(), dir.path().display().to_string()];
        let env = [("TALLYROOM_REPORT_READY", "1".to_string())];
        if let Some(r) = launch_once(&app, &args, &env) {
            first.push(r);
        }
        if let Some(r) = launch_once(&app, &args, &env) {
            ours.push(r);
        }
        if let Some(r) = launch_once(&hello, &[], &[]) {
            base.push(r);
        }
    }
    if ours.is_empty() || base.is_empty() || first.is_empty() {
        rows.push(Row {
            figure: "6. startup".into(),
            ours: format!("{} runs", ours.len()),
            baseline: format!("{} runs", base.len()),
            ratio: 0.0,
            target: "-".into(),
            met: false,
        });
        return;
    }
    let median = |v: &mut Vec<(Duration, u64)>, f: fn(&(Duration, u64)) -> f64| {
        let mut xs: Vec<f64> = v.iter().map(f).collect();
        xs.sort_by(|a, b| a.total_cmp(b));
        xs[xs.len() / 2]
    };
    let (t_ours, t_base) =
        (median(&mut ours, |r| r.0.as_secs_f64()), median(&mut base, |r| r.0.as_secs_f64()));
    let (m_ours, m_base) = (median(&mut ours, |r| r.1 as f64), median(&mut base, |r| r.1 as f64));
    let t_first = median(&mut first, |r| r.0.as_secs_f64());
    for (label, t) in
        [("cache already built", t_ours), ("first launch, fresh data folder", t_first)]
    {
        rows.push(Row {
            figure: format!("6a. launch → first results on screen ({label})"),
            ours: secs(Duration::from_secs_f64(t)),
            baseline: format!("{} (hello-world Tauri)", secs(Duration::from_secs_f64(t_base))),
            ratio: t / t_base,
            target: "≤ 1.2".into(),
            met: t / t_base <= 1.2,
        });
    }
    rows.push(Row {
        figure: "6b. memory after load: PSS of the app and its WebKit processes".into(),
        ours: format!("{:.1} MiB", m_ours / 1024.0),
        baseline: format!("{:.1} MiB (hello-world Tauri)", m_base / 1024.0),
        ratio: m_ours / m_base,
        target: "≤ 1.15".into(),
        met: m_ours / m_base <= 1.15,
    });
}
