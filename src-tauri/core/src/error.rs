use std::path::PathBuf;

/// Every failure the core reports. `code()` is the stable, machine-readable part that crosses
/// to the UI (which branches on it); the `Display` text is the sentence a person reads.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    UnknownFormat(String),
    #[error("the {format} feed is malformed: {detail}")]
    Malformed { format: &'static str, detail: String },
    #[error("the feed is empty")]
    Empty,
    #[error("could not read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the local cache failed: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("the local cache could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("the profile file is invalid: {0}")]
    Profiles(String),
    #[error("{0} was not found")]
    NotFound(String),
    #[error("the local cache is damaged (its integrity check said: {0})")]
    IntegrityFailed(String),
    #[error("the local cache could not be read: {0}")]
    Pool(String),
    #[error("{0}")]
    Settings(String),
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownFormat(_) => "unknown_format",
            Error::Malformed { .. } => "malformed_feed",
            Error::Empty => "empty_feed",
            Error::Io { .. } => "io",
            Error::Db(_) | Error::Migration(_) => "cache",
            Error::Profiles(_) => "profiles",
            Error::NotFound(_) => "not_found",
            Error::IntegrityFailed(_) | Error::Pool(_) => "cache",
            Error::Settings(_) => "invalid_setting",
            Error::Sync(e) => e.code(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
