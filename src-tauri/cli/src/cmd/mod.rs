//! One module per command, and the dispatcher that opens the cache for those that need it.

mod elections;
mod export;
mod history;
mod hurdle;
mod import;
mod profiles;
mod publish;
mod results;
mod sources;
mod sync;

use tallyroom_core::app::ApiError;
use tallyroom_core::error::StoreError;
use tallyroom_core::{Error, OpenReport, Paths, Store};

use crate::args::{Cli, Command};
use crate::files::key_text;

pub fn run(cli: Cli, out: &mut String) -> Result<(), ApiError> {
    // The publisher's commands need no cache.
    match &cli.command {
        Command::Keygen { out: dir } => return Ok(publish::keygen(dir, out)?),
        Command::Publish { key, out: dir, ttl_hours, files } => {
            return Ok(publish::publish(key, dir, *ttl_hours, files, out)?)
        }
        Command::Replay { key, out: dir, interval, ttl_hours, files } => {
            return Ok(publish::replay(key, dir, *interval, *ttl_hours, files)?)
        }
        _ => {}
    }
    let mut store = open(&cli)?;
    // The sources' commands run through the app's own service, on the same files.
    let paths = Paths { cache_db: db_path(&cli), settings: settings_path(&cli) };
    let seed = !cli.no_bundled;
    match cli.command {
        Command::Import { files, rcv_config } => {
            import::import(&mut store, &files, rcv_config.as_deref(), out)?
        }
        Command::Sync { url: Some(url), key } => {
            sync::sync(store, &url, key.map(key_text).transpose()?, out)?
        }
        Command::Sync { url: None, .. } => {
            drop(store);
            sources::sync_all(paths, seed, out)?
        }
        Command::Sources { action } => {
            drop(store);
            sources::sources(paths, seed, action, out)?
        }
        Command::Results { contest, election, json, by_area, rounds } => {
            results::results(&store, contest, election, json, by_area, rounds, out)?
        }
        Command::ImportProfiles { file } => profiles::import_profiles(&mut store, &file, out)?,
        Command::Profiles { election, json } => profiles::profiles(&store, election, json, out)?,
        Command::History { contest, election, json } => {
            history::history(&store, &contest, election, json, out)?
        }
        Command::Elections { json } => elections::elections(&store, json, out)?,
        Command::Export { format, election, contest, out: file, dialect } => {
            export::export(&store, format, election, contest, file.as_deref(), dialect, out)?
        }
        Command::Hurdle { contest, remaining, json } => {
            hurdle::hurdle(&store, &contest, remaining, json, out)?
        }
        Command::Keygen { .. } | Command::Publish { .. } | Command::Replay { .. } => {}
    }
    Ok(())
}

/// The app's own open path (`open_cache`), but where the app would carry on in memory, the CLI
/// stops: a command line that imports into memory and exits would lose the data and say it
/// was stored.
fn open(cli: &Cli) -> Result<Store, Error> {
    let db = db_path(cli);
    let (store, report) = tallyroom_core::open_cache(&db, !cli.no_bundled)?;
    match report {
        OpenReport::Opened => {}
        OpenReport::Rebuilt { reason, moved_to } => eprintln!(
            "warning: the cache was unusable ({reason}); it was moved to {} and rebuilt",
            moved_to.display()
        ),
        OpenReport::InMemory { reason } => {
            return Err(StoreError::Unwritable { path: db, reason }.into())
        }
    }
    Ok(store)
}

fn db_path(cli: &Cli) -> std::path::PathBuf {
    cli.db.clone().unwrap_or_else(|| Paths::from_env().cache_db)
}

/// The settings beside `--db` when one is given (a test's or a script's own folder), else the
/// app's own.
fn settings_path(cli: &Cli) -> std::path::PathBuf {
    match (&cli.settings, &cli.db) {
        (Some(p), _) => p.clone(),
        (None, Some(db)) => db.with_file_name("settings.json"),
        (None, None) => Paths::from_env().settings,
    }
}
