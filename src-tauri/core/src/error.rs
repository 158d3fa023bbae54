//! Errors, and the one list of codes that crosses to the UI.
//!
//! Each layer has its own error type: `FeedError` for a feed's bytes, `StoreError` for the cache,
//! `Error` for the core outside the network (wrapping both, plus files, settings and signing),
//! and `SyncError` (in `sync`) for the network and signed feeds, which wraps `Error` where a
//! fetched body fails to parse or store. Every one of them answers `code()` with an [`ErrorCode`], the enum that is
//! generated into `bindings.ts`; the UI switches on it exhaustively and never reads the text.
//! (GitButler's `but-error` has the same split: typed errors inside, one code outside.)

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// What went wrong, as a machine-readable code. Adding a variant is a compile error in the UI
/// until it is handled there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // Feeds and files.
    UnknownFormat,
    MalformedFeed,
    EmptyFeed,
    Io,
    Profiles,
    // The cache.
    Cache,
    /// The cache file cannot be written (locked, read-only, a full disk).
    CacheUnwritable,
    NotFound,
    // The user's input.
    InvalidSetting,
    // Publishing a signed feed.
    Signing,
    // The network and signed feeds.
    BadUrl,
    InsecureUrl,
    Offline,
    Timeout,
    HttpStatus,
    RateLimited,
    TooLarge,
    InsecureRedirect,
    /// A fetched body that is not a usable feed (whatever the parser or the cache found wrong).
    BadFeed,
    Busy,
    NoKey,
    BadSignature,
    Expired,
    Rollback,
    Tampered,
    /// The system browser could not open a link.
    OpenFailed,
    /// A fault of Tallyroom's own (a task that stopped, output that could not be encoded).
    Internal,
}

impl ErrorCode {
    /// The code as it is written in JSON and in `feed_state.last_error_code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownFormat => "unknown_format",
            ErrorCode::MalformedFeed => "malformed_feed",
            ErrorCode::EmptyFeed => "empty_feed",
            ErrorCode::Io => "io",
            ErrorCode::Profiles => "profiles",
            ErrorCode::Cache => "cache",
            ErrorCode::CacheUnwritable => "cache_unwritable",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidSetting => "invalid_setting",
            ErrorCode::Signing => "signing",
            ErrorCode::BadUrl => "bad_url",
            ErrorCode::InsecureUrl => "insecure_url",
            ErrorCode::Offline => "offline",
            ErrorCode::Timeout => "timeout",
            ErrorCode::HttpStatus => "http_status",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::InsecureRedirect => "insecure_redirect",
            ErrorCode::BadFeed => "bad_feed",
            ErrorCode::Busy => "busy",
            ErrorCode::NoKey => "no_key",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::Expired => "expired",
            ErrorCode::Rollback => "rollback",
            ErrorCode::Tampered => "tampered",
            ErrorCode::OpenFailed => "open_failed",
            ErrorCode::Internal => "internal",
        }
    }

    /// Reads a stored code back; an unknown one (written by a newer version) is `None`.
    pub fn parse(s: &str) -> Option<ErrorCode> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The setting an invalid value belongs to, so the UI can put the message beside that field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum SettingsField {
    FeedUrl,
    FeedPublicKey,
    SourceLabel,
    AlertMarginPoints,
    AutoRefreshSecs,
    Remaining,
}

/// Why a feed's bytes are not a count Tallyroom can use. (A value a feed has never sent before is
/// not one of these: adapters carry it as raw text.)
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{0}")]
    UnknownFormat(String),
    #[error("the {format} feed is malformed: {detail}")]
    Malformed { format: &'static str, detail: String },
    #[error("the feed is empty")]
    Empty,
}

impl FeedError {
    pub fn code(&self) -> ErrorCode {
        match self {
            FeedError::UnknownFormat(_) => ErrorCode::UnknownFormat,
            FeedError::Malformed { .. } => ErrorCode::MalformedFeed,
            FeedError::Empty => ErrorCode::EmptyFeed,
        }
    }
}

/// Failures of the local cache.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local cache failed: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("the local cache could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{0} was not found")]
    NotFound(String),
    #[error("the local cache is damaged (its integrity check said: {0})")]
    IntegrityFailed(String),
    #[error("the local cache could not be read: {0}")]
    Pool(String),
    #[error("the results cache at {} cannot be written ({reason}); nothing was stored", path.display())]
    Unwritable { path: PathBuf, reason: String },
}

impl StoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Db(_)
            | StoreError::Migration(_)
            | StoreError::IntegrityFailed(_)
            | StoreError::Pool(_) => ErrorCode::Cache,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Unwritable { .. } => ErrorCode::CacheUnwritable,
        }
    }
}

/// The core's error outside the network: a feed, the cache, a file, the user's settings, a
/// signing key. The network layer's `sync::SyncError` wraps this one, never the other way round.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Feed(#[from] FeedError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the profile file is invalid: {0}")]
    Profiles(String),
    #[error("{message}")]
    Settings { field: SettingsField, message: String },
    #[error("{0}")]
    Signing(String),
    #[error("could not write the output: {0}")]
    Encode(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::Db(e))
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        Error::Store(StoreError::Migration(e))
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Feed(e) => e.code(),
            Error::Store(e) => e.code(),
            Error::Io { .. } => ErrorCode::Io,
            Error::Profiles(_) => ErrorCode::Profiles,
            Error::Settings { .. } => ErrorCode::InvalidSetting,
            Error::Signing(_) => ErrorCode::Signing,
            Error::Encode(_) => ErrorCode::Internal,
        }
    }

    /// True for a feed the parsers or the cache found unusable (not for a fault of the cache).
    pub fn is_bad_feed(&self) -> bool {
        matches!(self, Error::Feed(_))
    }

    /// The settings field this error is about, if any.
    pub fn field(&self) -> Option<SettingsField> {
        match self {
            Error::Settings { field, .. } => Some(*field),
            _ => None,
        }
    }

    pub fn setting(field: SettingsField, message: impl Into<String>) -> Error {
        Error::Settings { field, message: message.into() }
    }

    pub fn not_found(what: impl Into<String>) -> Error {
        Error::Store(StoreError::NotFound(what.into()))
    }

    pub fn unknown_format(why: impl Into<String>) -> Error {
        Error::Feed(FeedError::UnknownFormat(why.into()))
    }

    pub fn pool(why: impl Into<String>) -> Error {
        Error::Store(StoreError::Pool(why.into()))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Lets tests and callers compare a code with its written form: `err.code() == "offline"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_written() {
        for code in [ErrorCode::MalformedFeed, ErrorCode::CacheUnwritable, ErrorCode::Offline] {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert_eq!(serde_json::to_value(code).ok(), Some(code.as_str().into()));
        }
        assert_eq!(ErrorCode::parse("from_a_newer_version"), None);
    }
}
