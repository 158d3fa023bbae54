//! `import`: feed files into the cache; cast vote records tabulated into preliminary rounds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tallyroom_core::feeds::ParsedFeed;
use tallyroom_core::rcv::{self, rules::Rules};
use tallyroom_core::{Error, Store};

use crate::files::{parse_file, read_bounded, read_json};

/// The file as JSON when it holds cast vote records; `None` for any other file.
fn cvr_records(path: &Path) -> Result<Option<serde_json::Value>, Error> {
    let bytes = read_bounded(path)?;
    Ok(serde_json::from_slice(&bytes).ok().filter(rcv::cvr::is_cvr_report))
}

pub fn import(
    store: &mut Store,
    files: &[PathBuf],
    rcv_config: Option<&Path>,
    out: &mut String,
) -> Result<(), Error> {
    // Cast vote records are read first, all together: one contest's records may come in
    // several files, and only all of them make one count.
    let mut records = Vec::new();
    let mut feeds = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match rcv_config.map(|_| cvr_records(path)).transpose()?.flatten() {
            Some(doc) => records.push((name, doc)),
            None => feeds.push((name, parse_file(path)?)),
        }
    }
    if let Some(config) = rcv_config {
        if records.is_empty() {
            return Err(Error::unknown_format(
                "--rcv-config was given, but none of the files holds cast vote records",
            ));
        }
        let rules = Rules::parse(&read_json(config)?)?;
        let feed = rcv::preliminary_feed(&records, &rules)?;
        let names: Vec<&str> = records.iter().map(|(n, _)| n.as_str()).collect();
        feeds.push((names.join(" + "), feed));
    }
    for (source, feed) in &feeds {
        store_one(store, source, feed, out)?;
    }
    Ok(())
}

fn store_one(
    store: &mut Store,
    source: &str,
    feed: &ParsedFeed,
    out: &mut String,
) -> Result<(), Error> {
    let outcome = store.apply(feed, source)?;
    let what = match feed.contests.first().and_then(|c| c.rounds.as_ref()) {
        Some(t) if t.origin == rcv::Origin::Preliminary => format!(
            "preliminary rounds computed by Tallyroom from {} cast vote records (not the \
             official tabulation), {} rounds",
            t.cast_vote_records.unwrap_or(0),
            t.rounds.len()
        ),
        Some(t) => format!("{}, {} rounds", feed.format.name(), t.rounds.len()),
        None => format!(
            "{} as of {}, {} contests, {} choices",
            feed.format.name(),
            feed.feed_timestamp,
            feed.contests.len(),
            feed.choice_count()
        ),
    };
    writeln!(
        out,
        "{source}: {what}: {}{}",
        if outcome.is_new { "stored" } else { "already stored" },
        match (outcome.is_new, outcome.is_latest) {
            (true, true) =>
                format!(", now the latest ({} contests changed)", outcome.changes.len()),
            (true, false) => ", added to history (a newer count is already stored)".into(),
            _ => String::new(),
        }
    )
    .ok();
    // The import report says what was carried without being understood.
    let unseen: Vec<String> = feed
        .contests
        .iter()
        .filter_map(|c| c.raw_kind.as_ref().map(|k| format!("{} (\"{k}\")", c.title)))
        .collect();
    if !unseen.is_empty() {
        writeln!(
            out,
            "  {} contests of a type Tallyroom has not seen, kept as the feed wrote it and read \
             by their choices: {}",
            unseen.len(),
            unseen.join("; ")
        )
        .ok();
    }
    Ok(())
}
