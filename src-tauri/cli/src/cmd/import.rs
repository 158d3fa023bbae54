//! `import`: feed files into the cache.

use std::fmt::Write as _;
use std::path::PathBuf;

use tallyroom_core::{Error, Store};

use crate::files::parse_file;

pub fn import(store: &mut Store, files: &[PathBuf], out: &mut String) -> Result<(), Error> {
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
