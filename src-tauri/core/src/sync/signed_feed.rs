//! A signed Tallyroom feed, the sync's second path: verify the manifest's signature, then fetch
//! only what is missing, each file checked against its hash in the manifest, deltas where their
//! base is already kept.

use url::Url;

use super::{apply_blocking, bad_feed, lock, SharedStore, SyncError, Syncer};
use crate::signed;
use crate::store::{now_ms, FeedState};

impl Syncer {
    /// A signed Tallyroom feed: verify the manifest, then fetch what is missing, each file checked
    /// against its hash in the manifest, deltas where the base is already here.
    pub(super) async fn apply_signed(
        &self,
        store: &SharedStore,
        url: &Url,
        manifest_bytes: &[u8],
        state: &mut FeedState,
        public_key: Option<&str>,
    ) -> Result<crate::store::ApplyOutcome, SyncError> {
        let key = public_key.filter(|k| !k.trim().is_empty()).ok_or(SyncError::NoKey)?;
        let manifest =
            self.verified_manifest(url, manifest_bytes, key, state.last_sequence).await?;
        let store_err = SyncError::Store;
        let before = lock(store).latest_snapshot_id(&manifest.election_id).map_err(store_err)?;
        let mut applied = false;
        for entry in &manifest.snapshots {
            if lock(store).blob(&entry.hash).map_err(store_err)?.is_some() {
                continue;
            }
            let base = match &entry.delta {
                Some(d) => lock(store).blob(&d.from).map_err(store_err)?,
                None => None,
            };
            let (feed, bytes) = match (&entry.delta, base) {
                (Some(d), Some(base)) => {
                    let delta_bytes = self.get_checked(url, &d.file, &d.hash).await?;
                    let delta: signed::Delta = serde_json::from_slice(&delta_bytes)
                        .map_err(|e| bad_feed(format!("{}: {e}", d.file)))?;
                    let base = signed::read_snapshot(&base).map_err(SyncError::Store)?;
                    let feed = signed::apply_delta(&base, &delta).map_err(SyncError::Feed)?;
                    let bytes = signed::snapshot_bytes(&feed).map_err(SyncError::Feed)?;
                    if crate::ids::sha256_hex(&bytes) != entry.hash {
                        return Err(SyncError::Tampered { file: d.file.clone() });
                    }
                    (feed, bytes)
                }
                _ => {
                    let bytes = self.get_checked(url, &entry.file, &entry.hash).await?;
                    let feed = signed::read_snapshot(&bytes)
                        .map_err(|e| bad_feed(format!("{}: {e}", entry.file)))?;
                    (feed, bytes)
                }
            };
            if feed.election.id != manifest.election_id {
                return Err(bad_feed(format!("{} belongs to another election", entry.file)));
            }
            apply_blocking(store, feed, url.as_str().to_string()).await?;
            lock(store).put_blob(&entry.hash, &manifest.election_id, &bytes).map_err(store_err)?;
            applied = true;
        }
        state.last_sequence = Some(manifest.sequence);
        let s = lock(store);
        let latest = s.latest_snapshot(&manifest.election_id).map_err(store_err)?;
        let latest = latest.ok_or_else(|| bad_feed("the manifest lists no snapshot".into()))?;
        let changes = s.changes_since(&manifest.election_id, before).map_err(store_err)?;
        Ok(crate::store::ApplyOutcome {
            snapshot: latest,
            is_new: applied,
            is_latest: true,
            changes,
        })
    }

    /// The manifest, once its signature checks out against `key` and it is neither stale nor
    /// older than `last_sequence`.
    pub(super) async fn verified_manifest(
        &self,
        url: &Url,
        manifest_bytes: &[u8],
        key: &str,
        last_sequence: Option<i64>,
    ) -> Result<signed::Manifest, SyncError> {
        let mut sig_url = url.clone();
        sig_url.set_path(&format!("{}{}", url.path(), signed::SIGNATURE_SUFFIX));
        let signature = self.get(&sig_url).await?;
        let signature = String::from_utf8(signature)
            .map_err(|_| SyncError::BadSignature("the signature file is not text".into()))?;
        signed::verify(key, manifest_bytes, &signature).map_err(SyncError::BadSignature)?;
        signed::parse_manifest(manifest_bytes, now_ms(), last_sequence).map_err(|e| match e {
            signed::ManifestError::Expired(msg) => SyncError::Expired(msg),
            signed::ManifestError::Rollback(msg) => SyncError::Rollback(msg),
            signed::ManifestError::Malformed(e) => SyncError::Feed(e),
        })
    }

    /// A file named by a signed manifest, refused unless it hashes to what the manifest says.
    pub(super) async fn get_checked(
        &self,
        base: &Url,
        file: &str,
        hash: &str,
    ) -> Result<Vec<u8>, SyncError> {
        let url = base.join(file).map_err(|e| bad_feed(format!("{file}: {e}")))?;
        if url.origin() != base.origin() {
            return Err(bad_feed(format!("{file} points outside the feed")));
        }
        let bytes = self.get(&url).await?;
        if crate::ids::sha256_hex(&bytes) != hash {
            return Err(SyncError::Tampered { file: file.to_string() });
        }
        Ok(bytes)
    }
}
