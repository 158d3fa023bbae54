//! `tallyroom-cli`: the headless face of tallyroom-core.

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Parser, Subcommand};
use tallyroom_core::model::{AreaResults, ContestView};
use tallyroom_core::store::now_ms;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::sync::{SyncConfig, SyncOutcome, Syncer};
use tallyroom_core::{feeds, signed, Error, Paths, Store};

#[derive(Parser)]
#[command(name = "tallyroom-cli", version, about = "Election results and profiles, offline-first")]
struct Cli {
    /// The cache file (default: the app's own, or $TALLYROOM_DATA_DIR/cache.db).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Do not put the bundled LA 2022 results into a new cache.
    #[arg(long, global = true)]
    no_bundled: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import feed files; the format is found from each file's content.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Fetch a feed over HTTP(S) and store what is new.
    Sync {
        url: String,
        /// The public key of a signed Tallyroom feed: a file, or the key itself.
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
    },
    /// Make a key pair for signing a Tallyroom feed.
    Keygen {
        /// Folder for `tallyroom.pub` and `tallyroom.key`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Publish snapshots (any format Tallyroom reads, oldest first) as a signed static feed.
    Publish {
        #[arg(long, value_name = "SECRET_KEY_FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// How long the manifest stays valid.
        #[arg(long, default_value_t = 24)]
        ttl_hours: i64,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Replay a count: publish the snapshots one after another into a feed folder.
    Replay {
        #[arg(long, value_name = "SECRET_KEY_FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Seconds between steps; without it, each step waits for Enter.
        #[arg(long)]
        interval: Option<u64>,
        #[arg(long, default_value_t = 24)]
        ttl_hours: i64,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Latest results, optionally only contests matching TEXT.
    Results {
        #[arg(long, value_name = "TEXT")]
        contest: Option<String>,
        #[arg(long)]
        json: bool,
        /// Also show results by area (county, precinct) and by vote type, where the feed has them.
        #[arg(long)]
        by_area: bool,
    },
    /// Replace the stored candidate profiles with a profile file (format: data/profiles/profiles.schema.json).
    ImportProfiles { file: PathBuf },
    /// Candidate profiles.
    Profiles {
        #[arg(long)]
        json: bool,
    },
    /// The count over time of each contest matching TEXT.
    History {
        #[arg(long, value_name = "TEXT")]
        contest: String,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = String::new();
    let result = run(cli, &mut out);
    // Output is written in one piece so that a closed pipe (`| head`) is not a panic.
    let written = std::io::stdout().lock().write_all(out.as_bytes());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: could not write the output: {e}");
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The publisher's commands need no cache.
fn run_publisher(command: Command, out: &mut String) -> Result<(), Error> {
    match command {
        Command::Keygen { out: dir } => {
            let (pk, sk) = signed::keygen()?;
            let io = |path: PathBuf| move |source| Error::Io { path, source };
            std::fs::create_dir_all(&dir).map_err(io(dir.clone()))?;
            let (pk_path, sk_path) = (dir.join("tallyroom.pub"), dir.join("tallyroom.key"));
            std::fs::write(&pk_path, &pk).map_err(io(pk_path.clone()))?;
            write_private(&sk_path, sk.as_bytes()).map_err(io(sk_path.clone()))?;
            writeln!(out, "public key (give to readers): {}", pk_path.display()).ok();
            writeln!(out, "secret key (keep private):    {}", sk_path.display()).ok();
            Ok(())
        }
        Command::Publish { key, out: dir, ttl_hours, files } => {
            let secret = read_text(&key)?;
            let feeds = files.iter().map(|f| parse_file(f)).collect::<Result<Vec<_>, _>>()?;
            let m = signed::publish(&dir, &feeds, &secret, ttl_hours * 3_600_000, now_ms())?;
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
        Command::Replay { key, out: dir, interval, ttl_hours, files } => {
            let secret = read_text(&key)?;
            let feeds = files.iter().map(|f| parse_file(f)).collect::<Result<Vec<_>, _>>()?;
            // Replay prints as it goes, so its output is not buffered like the other commands'.
            for n in 1..=feeds.len() {
                let m =
                    signed::publish(&dir, &feeds[..n], &secret, ttl_hours * 3_600_000, now_ms())?;
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
        _ => Ok(()),
    }
}

fn run(cli: Cli, out: &mut String) -> Result<(), Error> {
    if matches!(
        cli.command,
        Command::Keygen { .. } | Command::Publish { .. } | Command::Replay { .. }
    ) {
        return run_publisher(cli.command, out);
    }
    let db = cli.db.clone().unwrap_or_else(|| Paths::from_env().cache_db);
    let (mut store, report) = tallyroom_core::open_cache(&db, !cli.no_bundled)?;
    if let tallyroom_core::OpenReport::Rebuilt { reason, moved_to } = report {
        eprintln!(
            "warning: the cache was unusable ({reason}); it was moved to {} and rebuilt",
            moved_to.display()
        );
    }
    match cli.command {
        Command::Import { files } => import(&mut store, &files, out),
        Command::Sync { url, key } => sync(store, &url, key.map(key_text).transpose()?, out),
        Command::Results { contest, json, by_area } => {
            let contests = store.contests(&ContestQuery { text: contest, ..Default::default() })?;
            let areas = if by_area {
                contests
                    .iter()
                    .map(|c| store.area_results(&c.id).map(Some))
                    .collect::<Result<_, _>>()?
            } else {
                vec![None; contests.len()]
            };
            if json {
                let mut values = Vec::new();
                for (c, a) in contests.iter().zip(&areas) {
                    let mut v =
                        serde_json::to_value(c).map_err(|e| Error::Settings(e.to_string()))?;
                    if let (Some(a), Some(obj)) = (a, v.as_object_mut()) {
                        obj.insert(
                            "by_area".into(),
                            serde_json::to_value(a).map_err(|e| Error::Settings(e.to_string()))?,
                        );
                    }
                    values.push(v);
                }
                print_json(&values, out)
            } else {
                for (c, a) in contests.iter().zip(&areas) {
                    print_contest(c, out);
                    if let Some(a) = a {
                        print_areas(a, out);
                    }
                }
                Ok(())
            }
        }
        Command::Keygen { .. } | Command::Publish { .. } | Command::Replay { .. } => Ok(()),
        Command::ImportProfiles { file } => {
            let set = tallyroom_core::profiles::ProfileSet::from_json(&read_bounded(&file)?)?;
            store.put_profiles(&set, tallyroom_core::store::ProfileOrigin::File)?;
            writeln!(out, "{}: {} profiles stored", file.display(), set.profiles.len()).ok();
            Ok(())
        }
        Command::Profiles { json } => {
            let profiles = store.profiles()?;
            if json {
                return print_json(&profiles, out);
            }
            for p in profiles {
                writeln!(out, "{} ({})\n  {}\n", p.name, p.id, p.summary.text).ok();
            }
            Ok(())
        }
        Command::History { contest, json } => {
            let q = ContestQuery { text: Some(contest.clone()), ..Default::default() };
            let matches = store.contests(&q)?;
            if matches.is_empty() {
                return Err(Error::NotFound(format!("a contest matching \"{contest}\"")));
            }
            let histories =
                matches.iter().map(|c| store.history(&c.id)).collect::<Result<Vec<_>, _>>()?;
            if json {
                return print_json(&histories, out);
            }
            for h in histories {
                writeln!(out, "{}", h.title).ok();
                for p in &h.points {
                    let figures: Vec<String> = h
                        .choices
                        .iter()
                        .zip(&p.votes)
                        .map(|(c, v)| format!("{} {}", c.name, fmt_votes(*v)))
                        .collect();
                    writeln!(out, "  {}  {}", p.feed_timestamp, figures.join(" | ")).ok();
                }
                writeln!(out).ok();
            }
            Ok(())
        }
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(feeds::MAX_FEED_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > feeds::MAX_FEED_BYTES {
        return Err(Error::Malformed {
            format: "results",
            detail: format!(
                "{} is over the limit of {} bytes",
                path.display(),
                feeds::MAX_FEED_BYTES
            ),
        });
    }
    Ok(bytes)
}

/// A key given on the command line: a file holding it, or the key text itself.
fn key_text(arg: String) -> Result<String, Error> {
    let path = Path::new(&arg);
    if path.is_file() {
        read_text(path)
    } else {
        Ok(arg)
    }
}

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = read_bounded(path)?;
    String::from_utf8(bytes).map_err(|_| Error::Settings(format!("{} is not text", path.display())))
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

fn parse_file(path: &Path) -> Result<feeds::ParsedFeed, Error> {
    let bytes = read_bounded(path)?;
    feeds::parse(&bytes).map_err(|e| match e {
        Error::UnknownFormat(m) => Error::UnknownFormat(format!("{}: {m}", path.display())),
        Error::Malformed { format, detail } => {
            Error::Malformed { format, detail: format!("{} ({detail})", path.display()) }
        }
        other => other,
    })
}

fn import(store: &mut Store, files: &[PathBuf], out: &mut String) -> Result<(), Error> {
    for path in files {
        let feed = parse_file(path)?;
        let outcome = store.apply(&feed, &path.display().to_string())?;
        writeln!(
            out,
            "{}: {} as of {}, {} contests, {} choices: {}{}",
            path.display(),
            feed.format.name(),
            feed.feed_timestamp,
            feed.contests.len(),
            feed.choice_count(),
            if outcome.is_new { "stored" } else { "already stored" },
            match (outcome.is_new, outcome.is_latest) {
                (true, true) =>
                    format!(", now the latest ({} contests changed)", outcome.changes.len()),
                (true, false) => ", added to history (a newer count is already stored)".into(),
                _ => String::new(),
            }
        )
        .ok();
    }
    Ok(())
}

fn sync(
    store: Store,
    url: &str,
    public_key: Option<String>,
    out: &mut String,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Settings(format!("could not start: {e}")))?;
    let syncer = Syncer::new(SyncConfig::default())?;
    let store = Mutex::new(store);
    match runtime.block_on(syncer.sync(&store, url, public_key.as_deref()))? {
        SyncOutcome::Unchanged { .. } => {
            writeln!(out, "No new results").ok();
        }
        SyncOutcome::Updated { snapshot, changes, is_latest, .. } => {
            writeln!(
                out,
                "Updated: {} contests changed (results as of {}{})",
                changes.len(),
                snapshot.feed_timestamp,
                if is_latest { "" } else { "; older than the newest stored" }
            )
            .ok();
            for c in changes {
                writeln!(out, "  {}", c.title).ok();
            }
        }
    }
    Ok(())
}

fn fmt_votes(v: Option<u64>) -> String {
    match v {
        None => "unknown".into(),
        Some(n) => {
            let s = n.to_string();
            let mut out = String::new();
            for (i, ch) in s.chars().enumerate() {
                if i > 0 && (s.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(ch);
            }
            out
        }
    }
}

fn print_contest(c: &ContestView, out: &mut String) {
    writeln!(out, "{}  [{}]", c.title, c.group).ok();
    writeln!(
        out,
        "  as of {}; precincts reporting: {}",
        c.as_of.as_deref().unwrap_or("unknown"),
        match (c.reporting.precincts_reported, c.reporting.precincts_total) {
            (Some(r), Some(t)) => format!("{r} of {t}"),
            _ => "unknown".into(),
        } + &match (c.reporting.counties_reported, c.reporting.counties_total) {
            (Some(r), Some(t)) => format!("; counties reporting: {r} of {t}"),
            _ => String::new(),
        }
    )
    .ok();
    for ch in &c.choices {
        writeln!(
            out,
            "  {} {:<40} {:>12} {:>7}",
            if ch.leading { "*" } else { " " },
            ch.name,
            fmt_votes(ch.votes),
            ch.percent.map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into())
        )
        .ok();
    }
    writeln!(out).ok();
}

fn print_areas(a: &AreaResults, out: &mut String) {
    let header: Vec<&str> = a.choices.iter().map(|c| c.name.as_str()).collect();
    let row = |label: &str, votes: &[Option<u64>], extra: String, out: &mut String| {
        let cells: Vec<String> = votes.iter().map(|v| format!("{:>12}", fmt_votes(*v))).collect();
        writeln!(out, "    {label:<28}{}{extra}", cells.join("")).ok();
    };
    if a.vote_types.is_empty() && a.areas.is_empty() {
        writeln!(out, "    (no results by area or vote type in this feed)\n").ok();
        return;
    }
    writeln!(
        out,
        "    {:<28}{}",
        "",
        header.iter().map(|h| format!("{:>12}", truncate(h, 11))).collect::<String>()
    )
    .ok();
    for t in &a.vote_types {
        row(&format!("[{}]", t.name), &t.votes, String::new(), out);
    }
    for ar in &a.areas {
        let extra = match (ar.precincts_reported, ar.precincts_total) {
            (Some(r), Some(t)) => format!("   {r}/{t} precincts"),
            _ => String::new(),
        };
        row(&ar.name, &ar.votes, extra, out);
    }
    writeln!(out).ok();
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn print_json<T: serde::Serialize>(value: &T, out: &mut String) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Settings(e.to_string()))?;
    writeln!(out, "{text}").ok();
    Ok(())
}
