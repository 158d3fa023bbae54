//! The publisher's commands: `keygen`, `publish`, `replay`. They need no cache.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tallyroom_core::store::now_ms;
use tallyroom_core::{signed, Error};

use crate::files::{parse_file, read_text};

pub fn keygen(dir: &Path, out: &mut String) -> Result<(), Error> {
    let (pk, sk) = signed::keygen()?;
    let io = |path: PathBuf| move |source| Error::Io { path, source };
    std::fs::create_dir_all(dir).map_err(io(dir.to_path_buf()))?;
    let (pk_path, sk_path) = (dir.join("tallyroom.pub"), dir.join("tallyroom.key"));
    std::fs::write(&pk_path, &pk).map_err(io(pk_path.clone()))?;
    write_private(&sk_path, sk.as_bytes()).map_err(io(sk_path.clone()))?;
    writeln!(out, "public key (give to readers): {}", pk_path.display()).ok();
    writeln!(out, "secret key (keep private):    {}", sk_path.display()).ok();
    Ok(())
}

pub fn publish(
    key: &Path,
    dir: &Path,
    ttl_hours: i64,
    files: &[PathBuf],
    out: &mut String,
) -> Result<(), Error> {
    let secret = read_text(key)?;
    let feeds = files.iter().map(|f| parse_file(f)).collect::<Result<Vec<_>, _>>()?;
    let m = signed::publish(dir, &feeds, &secret, ttl_hours * 3_600_000, now_ms())?;
    writeln!(
        out,
        "published {} snapshots as manifest {} in {}",
        m.snapshots.len(),
        m.sequence,
        dir.display()
    )
    .ok();
    Ok(())
}

/// Prints as it goes, so its output is not buffered like the other commands'.
pub fn replay(
    key: &Path,
    dir: &Path,
    interval: Option<u64>,
    ttl_hours: i64,
    files: &[PathBuf],
) -> Result<(), Error> {
    let secret = read_text(key)?;
    let feeds = files.iter().map(|f| parse_file(f)).collect::<Result<Vec<_>, _>>()?;
    for n in 1..=feeds.len() {
        let m = signed::publish(dir, &feeds[..n], &secret, ttl_hours * 3_600_000, now_ms())?;
        let f = &feeds[n - 1];
        println!(
            "step {n}/{}: results as of {} published (manifest {})",
            feeds.len(),
            f.feed_timestamp,
            m.sequence
        );
        if n < feeds.len() {
            match interval {
                Some(secs) => std::thread::sleep(std::time::Duration::from_secs(secs)),
                None => {
                    println!("press Enter for the next step");
                    let mut line = String::new();
                    if std::io::stdin().read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
