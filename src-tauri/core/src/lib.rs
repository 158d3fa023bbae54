//! Tallyroom's core: the election model, the SQLite cache, feed formats and sync.
//!
//! Nothing here knows about Tauri or the webview; the desktop app and `tallyroom-cli` are thin
//! faces over the same functions. See ARCHITECTURE.md for the map.

pub mod alerts;
pub mod app;
pub mod bundled;
pub mod error;
pub mod export;
pub mod feeds;
pub mod ids;
pub mod model;
pub mod names;
pub mod profiles;
pub mod rcv;
pub mod settings;
pub mod signed;
pub mod snapshot;
pub mod sources;
pub mod store;
pub mod sync;
pub mod tally;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use store::{OpenReport, Store};

/// Where the app keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub cache_db: PathBuf,
    pub settings: PathBuf,
}

impl Paths {
    /// Both files in one folder (used by tests and by `TALLYROOM_DATA_DIR`).
    pub fn in_dir(dir: &Path) -> Paths {
        Paths { cache_db: dir.join("cache.db"), settings: dir.join("settings.json") }
    }

    /// `TALLYROOM_DATA_DIR` if set; otherwise the platform's directories (on Linux
    /// `$XDG_DATA_HOME/tallyroom` for the cache and `$XDG_CONFIG_HOME/tallyroom` for settings).
    pub fn from_env() -> Paths {
        if let Some(dir) = std::env::var_os("TALLYROOM_DATA_DIR").filter(|d| !d.is_empty()) {
            return Paths::in_dir(Path::new(&dir));
        }
        match directories::ProjectDirs::from("org", "Tallyroom", "tallyroom") {
            Some(p) => Paths {
                cache_db: p.data_dir().join("cache.db"),
                settings: p.config_dir().join("settings.json"),
            },
            None => Paths::in_dir(&std::env::temp_dir().join("tallyroom")),
        }
    }
}

/// Opens (or rebuilds) the cache and makes sure the bundled data is in it: the profiles always,
/// the bundled results whenever the cache is new, unless `seed_results` is false.
///
/// When the file cannot be written at all (another program holds it, it is read-only, the disk
/// is full), the app still starts: this run's cache lives in memory, seeded from the bundled
/// data, and the report says why.
pub fn open_cache(path: &Path, seed_results: bool) -> Result<(Store, OpenReport)> {
    let opened = Store::open_or_rebuild(path).and_then(|(mut store, report)| {
        if store.was_created() && seed_results {
            bundled::seed_results(&mut store)?;
        }
        bundled::ensure_profiles(&mut store)?;
        Ok((store, report))
    });
    match opened {
        Err(e) if Store::is_unwritable(&e) => {
            let mut store = Store::open_in_memory()?;
            if seed_results {
                bundled::seed_results(&mut store)?;
            }
            bundled::ensure_profiles(&mut store)?;
            Ok((store, OpenReport::InMemory { reason: e.to_string() }))
        }
        other => other,
    }
}
