//! `sync URL`: one fetch of one feed, through the same `Syncer` the app uses (without a URL,
//! `sources::sync_all` syncs every source).

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tallyroom_core::app::ApiError;
use tallyroom_core::error::ErrorCode;
use tallyroom_core::sync::{SyncConfig, SyncOutcome, Syncer};
use tallyroom_core::Store;

pub fn sync(
    store: Store,
    url: &str,
    public_key: Option<String>,
    out: &mut String,
) -> Result<(), ApiError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not start: {e}")))?;
    let syncer = Syncer::new(SyncConfig::default())?;
    let store = Arc::new(Mutex::new(store));
    let outcome = runtime.block_on(syncer.sync(&store, url, public_key.as_deref()))?;
    writeln!(out, "{}", outcome_line(&outcome)).ok();
    if let SyncOutcome::Updated { changes, .. } = outcome {
        for c in changes {
            writeln!(out, "  {}", c.title).ok();
        }
    }
    Ok(())
}

/// "No new results", or "Updated: 12 contests changed (results as of …)".
pub fn outcome_line(outcome: &SyncOutcome) -> String {
    match outcome {
        SyncOutcome::Unchanged { .. } => "No new results".into(),
        SyncOutcome::Updated { snapshot, changes, is_latest, .. } => format!(
            "Updated: {} contests changed (results as of {}{})",
            changes.len(),
            snapshot.feed_timestamp,
            if *is_latest { "" } else { "; older than the newest stored" }
        ),
    }
}
