//! A Clarity results site, the sync's third path: ask `current_ver.txt` (conditionally), and only
//! when it names a version not yet stored fetch that version's files: the detail zip where the
//! site has one, else the summary with the site's settings (which give the time of the count).

use url::Url;

use super::{apply_blocking, parse_blocking, Fetched, SharedStore, SyncError, Syncer};
use crate::feeds::clarity_site::{self, Site};
use crate::store::FeedState;

impl Syncer {
    pub(super) async fn apply_clarity_site(
        &self,
        store: &SharedStore,
        site: &Site,
        state: &mut FeedState,
    ) -> Result<Option<crate::store::ApplyOutcome>, SyncError> {
        let Fetched::Body { bytes, etag, last_modified } =
            self.fetch(&site.current_ver(), state).await?
        else {
            return Ok(None); // 304: the same version, nothing else asked for
        };
        let version = clarity_site::version(&bytes).map_err(SyncError::Feed)?;
        if state.version.as_deref() == Some(version.as_str()) {
            state.etag = etag;
            state.last_modified = last_modified;
            return Ok(None);
        }
        // A state site's county list comes with each version, so that following its counties
        // never needs the settings again until the version changes. It is best effort: the
        // count stands without it.
        let county_list = |settings: &[u8]| {
            clarity_site::site_info(settings)
                .ok()
                .and_then(|info| serde_json::to_string(&info.counties).ok())
        };
        let mut counties = None;
        let feed = match self.get(&site.detail_zip(&version)).await {
            Ok(zip) => parse_blocking(move || crate::feeds::clarity::parse_zip(&zip)).await?,
            // Many sites publish only the summary (and some counties no zip yet).
            Err(SyncError::Status { status: 404, .. }) => {
                let summary = self.get(&site.summary(&version)).await?;
                // The settings give the count's time, which orders it among the stored ones.
                let bytes = self.get(&site.settings(&version)).await?;
                if site.county.is_none() {
                    counties = county_list(&bytes);
                }
                let site = site.clone();
                parse_blocking(move || clarity_site::parse_summary(&site, &summary, &bytes)).await?
            }
            Err(e) => return Err(e),
        };
        if site.county.is_none() {
            if counties.is_none() {
                let bytes = self.get(&site.settings(&version)).await.ok();
                counties = bytes.and_then(|b| county_list(&b));
            }
            state.counties = counties;
        }
        let outcome = apply_blocking(store, feed, site.base.to_string()).await?;
        // Kept only once the count is stored, so a failed apply fetches the version again.
        state.etag = etag;
        state.last_modified = last_modified;
        state.version = Some(version);
        Ok(Some(outcome))
    }
}

/// Clarity has refused scripted clients: its hosts get a browser's User-Agent (still naming
/// Tallyroom), every other host Tallyroom's own.
pub(super) fn wants_browser_agent(url: &Url) -> bool {
    url.host_str().is_some_and(|h| h.ends_with("clarityelections.com"))
}

pub(super) const BROWSER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Tallyroom/",
    env!("CARGO_PKG_VERSION")
);
