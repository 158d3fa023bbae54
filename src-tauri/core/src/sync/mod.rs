//! Fetching a feed over HTTP and applying it to the cache.
//!
//! Built for bad Wi-Fi on election night: conditional GETs so an unchanged feed costs a few
//! hundred bytes, bounded time and size for every request, retries only for failures that a retry
//! can fix, and nothing written to the cache unless a whole, valid snapshot arrived.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::header::{
    HeaderMap, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use url::Url;

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::error::{Error, ErrorCode, FeedError};
use crate::feeds::ParsedFeed;
use crate::model::{ContestChange, SnapshotInfo};
use crate::signed;

mod clarity_site;
mod signed_feed;
mod sources;
use crate::store::{now_ms, FeedState, Store};
pub use sources::{source_key, CountyResult, SourceResult};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the feed address is not valid: {0}")]
    BadUrl(String),
    #[error(
        "the feed address must start with https:// (plain http is allowed only for this \
         computer: 127.0.0.1, ::1 or localhost)"
    )]
    Insecure,
    #[error("could not reach {host}: {detail}")]
    Unreachable { host: String, detail: String },
    #[error("{host} did not answer in time (limit {secs} s)")]
    Timeout { host: String, secs: u64 },
    #[error("{host} answered {status}")]
    Status { host: String, status: u16 },
    #[error("{host} asks to wait {secs} s before trying again (HTTP 429)")]
    RateLimited { host: String, secs: u64 },
    #[error("the feed is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("{host} redirected to an address that is not https: {to}")]
    InsecureRedirect { host: String, to: String },
    /// The body arrived but is not a feed Tallyroom can use; the inner error says why.
    #[error("the server's answer is not a usable feed: {0}")]
    Feed(#[source] Error),
    /// The cache refused the update. A count the cache cannot hold (a figure out of range) is
    /// the feed's fault, `bad_feed`; anything else is the cache's, `cache`.
    #[error("the cache could not store the update: {0}")]
    Store(#[source] Error),
    #[error("could not start the HTTP client: {0}")]
    Client(String),
    #[error("the import stopped before it finished: {0}")]
    Stopped(String),
    #[error("a refresh is already running")]
    Busy,
    #[error("this feed is signed, but no public key is set for it (Settings)")]
    NoKey,
    #[error("{0}")]
    BadSignature(String),
    #[error("{0}")]
    Expired(String),
    #[error("{0}")]
    Rollback(String),
    #[error("{file} does not match its hash in the signed manifest: refused as altered")]
    Tampered { file: String },
}

impl SyncError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::BadUrl(_) => ErrorCode::BadUrl,
            SyncError::Insecure => ErrorCode::InsecureUrl,
            SyncError::Unreachable { .. } => ErrorCode::Offline,
            SyncError::Timeout { .. } => ErrorCode::Timeout,
            SyncError::Status { .. } => ErrorCode::HttpStatus,
            SyncError::RateLimited { .. } => ErrorCode::RateLimited,
            SyncError::TooLarge { .. } => ErrorCode::TooLarge,
            SyncError::InsecureRedirect { .. } => ErrorCode::InsecureRedirect,
            SyncError::Feed(_) => ErrorCode::BadFeed,
            SyncError::Store(e) if e.is_bad_feed() => ErrorCode::BadFeed,
            SyncError::Store(e) => e.code(),
            SyncError::Client(_) | SyncError::Stopped(_) => ErrorCode::Internal,
            SyncError::Busy => ErrorCode::Busy,
            SyncError::NoKey => ErrorCode::NoKey,
            SyncError::BadSignature(_) => ErrorCode::BadSignature,
            SyncError::Expired(_) => ErrorCode::Expired,
            SyncError::Rollback(_) => ErrorCode::Rollback,
            SyncError::Tampered { .. } => ErrorCode::Tampered,
        }
    }

    fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable { .. } | SyncError::Timeout { .. } => true,
            SyncError::Status { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            SyncError::RateLimited { .. } => true,
            _ => false,
        }
    }
}

/// Limits for one sync. The defaults suit a laptop on poor Wi-Fi; tests shrink them.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    pub connect_timeout: Duration,
    /// For one request, headers and body together.
    pub request_timeout: Duration,
    /// For the whole sync, retries included.
    pub overall_timeout: Duration,
    pub max_body_bytes: u64,
    /// Attempts after the first, for transient failures only.
    pub retries: u32,
    pub backoff_base: Duration,
    /// The longest Retry-After the sync will wait out itself; longer ones fail with the wait.
    pub max_retry_after: Duration,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(20),
            overall_timeout: Duration::from_secs(45),
            max_body_bytes: crate::feeds::MAX_FEED_BYTES as u64,
            retries: 2,
            backoff_base: Duration::from_millis(400),
            max_retry_after: Duration::from_secs(5),
        }
    }
}

/// A sync that did not fail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SyncOutcome {
    /// The server said 304, or sent a count already stored.
    Unchanged {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        checked_at_ms: i64,
    },
    Updated {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        checked_at_ms: i64,
        snapshot: SnapshotInfo,
        /// False when the snapshot is older than the newest stored (it only adds history).
        is_latest: bool,
        changes: Vec<ContestChange>,
    },
}

/// Checks a feed address: https, or http on loopback only.
pub fn validate_url(raw: &str) -> Result<Url, SyncError> {
    let url = Url::parse(raw.trim()).map_err(|e| SyncError::BadUrl(format!("{raw}: {e}")))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(SyncError::Insecure),
        other => Err(SyncError::BadUrl(format!("{raw}: \"{other}\" is not http or https"))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The address a feed's state is kept under: a Clarity site's base (whatever page of it was
/// pasted), else the address itself.
pub fn state_key(url: &Url) -> String {
    match crate::feeds::clarity_site::site_of(url) {
        Some(site) => site.base.to_string(),
        None => url.to_string(),
    }
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    }
}

/// One feed body, or the news that it has not changed.
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    Body { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
}

/// Runs syncs: several feeds at once, each feed one at a time.
pub struct Syncer {
    client: reqwest::Client,
    config: SyncConfig,
    /// The feeds being synced now, by address: a second sync of one of them is refused.
    running: Mutex<std::collections::HashSet<String>>,
}

/// One feed's sync in flight; dropping it lets the next one start.
struct Flight<'a> {
    running: &'a Mutex<std::collections::HashSet<String>>,
    key: String,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.key);
    }
}

impl Syncer {
    pub fn new(config: SyncConfig) -> Result<Syncer, SyncError> {
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 5 {
                attempt.error("too many redirects")
            } else if attempt.url().scheme() == "https" || is_loopback(attempt.url()) {
                attempt.follow()
            } else {
                attempt.error(InsecureRedirectMarker)
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(concat!("Tallyroom/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(policy)
            .gzip(true)
            .https_only(false)
            .build()
            .map_err(|e| SyncError::Client(e.to_string()))?;
        Ok(Syncer { client, config, running: Mutex::new(Default::default()) })
    }

    pub fn config(&self) -> &SyncConfig {
        &self.config
    }

    /// True while any sync is under way.
    pub fn is_running(&self) -> bool {
        !self.running.lock().unwrap_or_else(|p| p.into_inner()).is_empty()
    }

    /// True while the sync of the feed kept under `key` ([`state_key`]) is under way.
    pub fn is_syncing(&self, key: &str) -> bool {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).contains(key)
    }

    fn take_flight(&self, key: &str) -> Result<Flight<'_>, SyncError> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if !running.insert(key.to_string()) {
            return Err(SyncError::Busy);
        }
        Ok(Flight { running: &self.running, key: key.to_string() })
    }

    /// Fetches `url` and applies what it brings. A second call for the same feed while one
    /// runs returns [`SyncError::Busy`] at once rather than queueing a second download; other
    /// feeds sync beside it.
    pub async fn sync(
        &self,
        store: &SharedStore,
        url: &str,
        public_key: Option<&str>,
    ) -> Result<SyncOutcome, SyncError> {
        let url = validate_url(url)?;
        let key = state_key(&url);
        let _flight = self.take_flight(&key)?;
        let mut state = lock(store)
            .feed_state(&key)
            .map_err(SyncError::Store)?
            .unwrap_or_else(|| FeedState { url: key.clone(), ..Default::default() });
        let checked_at_ms = now_ms();
        state.last_checked_ms = Some(checked_at_ms);
        let result = self.fetch_and_apply(store, &url, &mut state, public_key).await;
        match &result {
            Ok(_) => {
                state.last_success_ms = Some(checked_at_ms);
                state.last_error_code = None;
                state.last_error = None;
            }
            Err(e) => {
                state.last_error_code = Some(e.code().as_str().to_string());
                state.last_error = Some(e.to_string());
            }
        }
        // Recording the outcome is best effort: a cache that cannot store it must not turn a
        // good sync into a failure.
        let _ = lock(store).put_feed_state(&state);
        result.map(|r| match r {
            None => SyncOutcome::Unchanged { checked_at_ms },
            Some(o) if !o.is_new => SyncOutcome::Unchanged { checked_at_ms },
            Some(o) => SyncOutcome::Updated {
                checked_at_ms,
                snapshot: o.snapshot,
                is_latest: o.is_latest,
                changes: o.changes,
            },
        })
    }

    async fn fetch_and_apply(
        &self,
        store: &SharedStore,
        url: &Url,
        state: &mut FeedState,
        public_key: Option<&str>,
    ) -> Result<Option<crate::store::ApplyOutcome>, SyncError> {
        if let Some(site) = crate::feeds::clarity_site::site_of(url) {
            return self.apply_clarity_site(store, &site, state).await;
        }
        let fetched = self.fetch(url, state).await?;
        let Fetched::Body { bytes, etag, last_modified } = fetched else {
            return Ok(None);
        };
        if signed::is_manifest(&bytes) {
            let outcome = self.apply_signed(store, url, &bytes, state, public_key).await?;
            state.etag = etag;
            state.last_modified = last_modified;
            return Ok(Some(outcome));
        }
        let (bytes, hash) = tokio::task::spawn_blocking(move || {
            let hash = body_hash(&bytes);
            (bytes, hash)
        })
        .await
        .map_err(|e| SyncError::Stopped(e.to_string()))?;
        let known = match state.body_snapshot {
            Some(id) if state.body_sha256.as_deref() == Some(&hash) => {
                lock(store).has_snapshot(id).map_err(SyncError::Store)?
            }
            _ => false,
        };
        if !known {
            let feed = parse_blocking(move || crate::feeds::parse(&bytes)).await?;
            let outcome = apply_blocking(store, feed, url.as_str().to_string()).await?;
            state.body_sha256 = Some(hash);
            state.body_snapshot = Some(outcome.snapshot.id);
            // Validators are kept only once the body is safely stored, so a failed apply is
            // retried as a full download next time rather than answered with a 304.
            state.etag = etag;
            state.last_modified = last_modified;
            return Ok(Some(outcome));
        }
        // The bytes that made a stored count, read by this same version: unchanged, unparsed.
        state.etag = etag;
        state.last_modified = last_modified;
        Ok(None)
    }

    /// A whole file with retries and the usual limits, no conditional headers.
    async fn get(&self, url: &Url) -> Result<Vec<u8>, SyncError> {
        match self.fetch(url, &FeedState::default()).await? {
            Fetched::Body { bytes, .. } => Ok(bytes),
            Fetched::NotModified => Err(SyncError::Status { host: host_of(url), status: 304 }),
        }
    }

    /// Conditional GET with retries, backoff with jitter, and an overall deadline.
    pub async fn fetch(&self, url: &Url, state: &FeedState) -> Result<Fetched, SyncError> {
        let started = Instant::now();
        let host = host_of(url);
        let mut attempt = 0;
        loop {
            let err = match self.fetch_once(url, state).await {
                Ok(f) => return Ok(f),
                Err(e) => e,
            };
            let wait = match &err {
                SyncError::RateLimited { secs, .. } => Duration::from_secs(*secs),
                _ => {
                    let exp = self.config.backoff_base * 2u32.saturating_pow(attempt);
                    exp + exp.mul_f64(fastrand::f64() * 0.5)
                }
            };
            let out_of_time = started.elapsed() + wait >= self.config.overall_timeout;
            let too_long = wait > self.config.max_retry_after;
            if !err.is_transient() || attempt >= self.config.retries || out_of_time || too_long {
                if let SyncError::Timeout { .. } = err {
                    let secs = self.config.request_timeout.as_secs().max(1);
                    return Err(SyncError::Timeout { host, secs });
                }
                return Err(err);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn fetch_once(&self, url: &Url, state: &FeedState) -> Result<Fetched, SyncError> {
        let host = host_of(url);
        let mut req = self.client.get(url.clone());
        if clarity_site::wants_browser_agent(url) {
            req = req.header(reqwest::header::USER_AGENT, clarity_site::BROWSER_AGENT);
        }
        if let Some(etag) = &state.etag {
            req = req.header(IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &state.last_modified {
            req = req.header(IF_MODIFIED_SINCE, lm);
        }
        let resp = req.send().await.map_err(|e| classify(&host, e, &self.config))?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            let secs = retry_after(resp.headers()).unwrap_or(self.config.backoff_base.as_secs());
            return Err(SyncError::RateLimited { host, secs });
        }
        if !status.is_success() {
            return Err(SyncError::Status { host, status: status.as_u16() });
        }
        let limit = self.config.max_body_bytes;
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(SyncError::TooLarge { limit });
        }
        let header =
            |name| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        let mut body = Vec::new();
        let mut stream = resp.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| classify(&host, e, &self.config))?;
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(SyncError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body { bytes: body, etag, last_modified })
    }
}

#[derive(Debug)]
struct InsecureRedirectMarker;

impl std::fmt::Display for InsecureRedirectMarker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("redirect to plain http refused")
    }
}

impl std::error::Error for InsecureRedirectMarker {}

fn retry_after(headers: &HeaderMap) -> Option<u64> {
    headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()
}

fn classify(host: &str, e: reqwest::Error, cfg: &SyncConfig) -> SyncError {
    if e.is_redirect() {
        let to = e.url().map(|u| u.to_string()).unwrap_or_default();
        return SyncError::InsecureRedirect { host: host.to_string(), to };
    }
    if e.is_timeout() {
        return SyncError::Timeout {
            host: host.to_string(),
            secs: cfg.request_timeout.as_secs().max(1),
        };
    }
    let detail = if e.is_connect() {
        "the connection was refused or the network is down".to_string()
    } else if e.is_decode() || e.is_body() {
        // A body cut short surfaces as a decode error once a decompressor sits in the stream,
        // so the two cannot be told apart reliably; say both.
        "the response broke off before it was complete, or could not be decoded".to_string()
    } else {
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg = format!("{msg}: {s}");
            src = s.source();
        }
        msg
    };
    SyncError::Unreachable { host: host.to_string(), detail }
}

fn bad_feed(detail: String) -> SyncError {
    SyncError::Feed(Error::from(FeedError::Malformed { format: "Tallyroom feed", detail }))
}

/// The one writer, shared by the app's commands and its syncs.
pub type SharedStore = Arc<Mutex<Store>>;

/// What identifies a plain feed's body as already read: SHA-256 over this version's name and
/// the bytes (a new version may read more of the same bytes, so it reads them again).
pub fn body_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let version = concat!("tallyroom ", env!("CARGO_PKG_VERSION"), "\n");
    hex::encode(Sha256::new().chain_update(version).chain_update(bytes).finalize())
}

/// Applies a parsed count on the blocking pool: a large count takes seconds, and an async
/// worker must not sit in it. Readers are not held up (they have their own connections).
/// Parsing a statewide file takes as long as storing it: both off the async workers.
pub(super) async fn parse_blocking(
    parse: impl FnOnce() -> crate::Result<ParsedFeed> + Send + 'static,
) -> Result<ParsedFeed, SyncError> {
    tokio::task::spawn_blocking(parse)
        .await
        .map_err(|e| SyncError::Stopped(e.to_string()))?
        .map_err(SyncError::Feed)
}

async fn apply_blocking(
    store: &SharedStore,
    feed: ParsedFeed,
    source: String,
) -> Result<crate::store::ApplyOutcome, SyncError> {
    let store = Arc::clone(store);
    let (outcome, feed) = tokio::task::spawn_blocking(move || {
        let outcome = lock(&store).apply(&feed, &source);
        (outcome, feed)
    })
    .await
    .map_err(|e| SyncError::Stopped(e.to_string()))?;
    // A state's parsed count is millions of small allocations, half a second to free: freed on
    // the blocking pool after the outcome is on its way rather than before.
    drop(tokio::task::spawn_blocking(move || drop(feed)));
    outcome.map_err(SyncError::Store)
}

/// Locks the store, recovering from a poisoned lock: the store's own transactions keep it
/// consistent even if a panic elsewhere interrupted a holder.
pub fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback() {
        for ok in [
            "https://results.lavote.gov/electionresults/json?electionid=4300",
            "http://127.0.0.1:8080/feed.json",
            "http://localhost/feed",
            "http://[::1]:9000/x",
        ] {
            assert!(validate_url(ok).is_ok(), "{ok}");
        }
        assert!(matches!(validate_url("http://example.com/feed"), Err(SyncError::Insecure)));
        assert!(matches!(validate_url("ftp://example.com/"), Err(SyncError::BadUrl(_))));
        assert!(matches!(validate_url("not a url"), Err(SyncError::BadUrl(_))));
    }
}
