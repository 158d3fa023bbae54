//! Every source at once: a few feeds at a time, each on its own (one failing never blocks or
//! rolls back another), a Clarity state site's county sites after it; and a look at an address
//! before it becomes a source.

use futures_util::{stream, StreamExt};
use url::Url;

use super::{lock, parse_blocking, state_key, validate_url, Fetched, SharedStore, SyncError};
use super::{SyncOutcome, Syncer};
use crate::feeds::clarity_site::{self, County, Site};
use crate::signed;
use crate::sources::{FeedSource, SourceKind, SourceProbe};
use crate::store::FeedState;

/// How many sources are fetched at once: enough to hide each one's latency, few enough that a
/// laptop on poor Wi-Fi is not swamped.
const SOURCES_AT_ONCE: usize = 3;
/// How many of a state's county sites are asked at once (each answers a small conditional GET).
const COUNTIES_AT_ONCE: usize = 6;

/// One source's refresh.
#[derive(Debug)]
pub struct SourceResult {
    pub source: FeedSource,
    pub result: Result<SyncOutcome, SyncError>,
    /// Its county sites, when the source follows them; in the order the state lists them.
    pub counties: Vec<CountyResult>,
}

#[derive(Debug)]
pub struct CountyResult {
    /// As the site writes it in paths ("Ben_Hill").
    pub name: String,
    pub result: Result<SyncOutcome, SyncError>,
}

impl Syncer {
    /// Syncs every source, [`SOURCES_AT_ONCE`] at a time; the results come in the list's order.
    pub async fn sync_sources(
        &self,
        store: &SharedStore,
        sources: &[FeedSource],
    ) -> Vec<SourceResult> {
        stream::iter(sources.iter().cloned())
            .map(|source| async move {
                let result = self.sync(store, &source.url, source.public_key.as_deref()).await;
                let counties = if source.follow_counties && result.is_ok() {
                    self.sync_counties(store, &source.url).await
                } else {
                    Vec::new()
                };
                SourceResult { source, result, counties }
            })
            .buffered(SOURCES_AT_ONCE)
            .collect()
            .await
    }

    /// A state site's county sites, from the list its last stored version gave. A county whose
    /// files are missing is its own failure; the rest still load.
    pub async fn sync_counties(&self, store: &SharedStore, state_url: &str) -> Vec<CountyResult> {
        let Some(site) = validate_url(state_url).ok().and_then(|u| clarity_site::site_of(&u))
        else {
            return Vec::new();
        };
        if site.county.is_some() {
            return Vec::new();
        }
        let counties = match self.county_list(store, &site).await {
            Ok(list) => list,
            Err(e) => return vec![CountyResult { name: site.label(), result: Err(e) }],
        };
        stream::iter(counties)
            .map(|county| {
                let site = county.site(&site);
                async move {
                    let result = match site {
                        Some(s) => self.sync(store, s.base.as_str(), None).await,
                        None => Err(SyncError::BadUrl(county.name.clone())),
                    };
                    CountyResult { name: county.name, result }
                }
            })
            .buffered(COUNTIES_AT_ONCE)
            .collect()
            .await
    }

    async fn county_list(
        &self,
        store: &SharedStore,
        site: &Site,
    ) -> Result<Vec<County>, SyncError> {
        let key = site.base.to_string();
        let mut state = lock(store)
            .feed_state(&key)
            .map_err(SyncError::Store)?
            .unwrap_or_else(|| FeedState { url: key.clone(), ..Default::default() });
        if let Some(list) = state.counties.as_deref().and_then(|c| serde_json::from_str(c).ok()) {
            return Ok(list);
        }
        // A site stored before county lists were kept: read its version's settings once.
        let version = state.version.clone().ok_or_else(|| {
            SyncError::Feed(crate::Error::from(crate::error::FeedError::Malformed {
                format: "Clarity site",
                detail: "the state site has no stored version yet, so its counties are unknown"
                    .into(),
            }))
        })?;
        let bytes = self.get(&site.settings(&version)).await?;
        let info = clarity_site::site_info(&bytes).map_err(SyncError::Feed)?;
        state.counties = serde_json::to_string(&info.counties).ok();
        let _ = lock(store).put_feed_state(&state);
        Ok(info.counties)
    }

    /// What an address holds, found by fetching it (never conditionally) and reading it as a
    /// refresh would, without storing anything.
    pub async fn probe(
        &self,
        raw: &str,
        public_key: Option<&str>,
    ) -> Result<SourceProbe, SyncError> {
        let url = validate_url(raw)?;
        if let Some(site) = clarity_site::site_of(&url) {
            return self.probe_site(&site).await;
        }
        let Fetched::Body { bytes, .. } = self.fetch(&url, &FeedState::default()).await? else {
            return Err(SyncError::Status { host: url.to_string(), status: 304 });
        };
        if signed::is_manifest(&bytes) {
            return self.probe_signed(&url, &bytes, public_key).await;
        }
        let feed = parse_blocking(move || crate::feeds::parse(&bytes)).await?;
        let label = feed.election.title.clone();
        Ok(SourceProbe {
            kind: SourceKind::of_format(feed.format),
            election: Some(feed.election.title),
            date: Some(feed.election.date).filter(|d| !d.is_empty()),
            area: None,
            contests: u32::try_from(feed.contests.len()).ok(),
            counties: None,
            suggested_label: label,
        })
    }

    async fn probe_site(&self, site: &Site) -> Result<SourceProbe, SyncError> {
        let version = self.get(&site.current_ver()).await?;
        let version = clarity_site::version(&version).map_err(SyncError::Feed)?;
        // Some county sites publish only the detail zip: no settings, so nothing to say beyond
        // the county's name.
        let info = match self.get(&site.settings(&version)).await {
            Ok(bytes) => clarity_site::site_info(&bytes).map_err(SyncError::Feed)?,
            Err(SyncError::Status { status: 404, .. }) => clarity_site::SiteInfo::default(),
            Err(e) => return Err(e),
        };
        // The summary is small and says how many contests there are; a site with only a detail
        // zip leaves the number unknown rather than downloading the zip to count.
        let contests = match self.get(&site.summary(&version)).await {
            Ok(summary) => serde_json::from_slice::<serde_json::Value>(&summary)
                .map_err(|e| SyncError::Feed(malformed_site(format!("summary.json: {e}"))))?
                .as_array()
                .and_then(|a| u32::try_from(a.len()).ok()),
            Err(SyncError::Status { status: 404, .. }) => None,
            Err(e) => return Err(e),
        };
        let area = site.county.as_ref().map(|c| c.replace('_', " ")).or(info.area);
        Ok(SourceProbe {
            kind: SourceKind::ClaritySite,
            suggested_label: area.clone().unwrap_or_else(|| site.label()),
            election: info.name,
            date: info.date,
            area,
            contests,
            counties: site
                .county
                .is_none()
                .then(|| u32::try_from(info.counties.len()).unwrap_or(u32::MAX)),
        })
    }

    async fn probe_signed(
        &self,
        url: &Url,
        manifest: &[u8],
        public_key: Option<&str>,
    ) -> Result<SourceProbe, SyncError> {
        let key = public_key.filter(|k| !k.trim().is_empty()).ok_or(SyncError::NoKey)?;
        let manifest = self.verified_manifest(url, manifest, key, None).await?;
        let newest = manifest.snapshots.last().ok_or_else(|| {
            SyncError::Feed(malformed_site("the signed manifest lists no snapshot".into()))
        })?;
        let bytes = self.get_checked(url, &newest.file, &newest.hash).await?;
        let feed = signed::read_snapshot(&bytes).map_err(SyncError::Feed)?;
        Ok(SourceProbe {
            kind: SourceKind::SignedFeed,
            suggested_label: feed.election.title.clone(),
            election: Some(feed.election.title),
            date: Some(feed.election.date).filter(|d| !d.is_empty()),
            area: None,
            contests: u32::try_from(feed.contests.len()).ok(),
            counties: None,
        })
    }
}

fn malformed_site(detail: String) -> crate::Error {
    crate::Error::from(crate::error::FeedError::Malformed { format: "Clarity site", detail })
}

/// The feed state's key for a source (what [`Syncer::sync`] keeps its outcome under).
pub fn source_key(source: &FeedSource) -> String {
    validate_url(&source.url).map(|u| state_key(&u)).unwrap_or_else(|_| source.url.clone())
}
