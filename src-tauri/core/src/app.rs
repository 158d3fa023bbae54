//! The application service: everything the desktop app's commands do, without Tauri.
//!
//! Each Tauri command is a one-line adapter over a method here, so the app's behaviour is tested
//! in plain Rust tests, and the bridge types below are generated into TypeScript.

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

pub use crate::alerts::{alerts_for, Alert, AlertKind, AlertWords, Story};
use crate::error::{Error, ErrorCode, Result, SettingsField};
use crate::model::{
    AreaResults, ContestChange, ContestHistory, ContestKind, ContestView, Election, SnapshotInfo,
};
use crate::profiles::Profile;
use crate::settings::{Pin, RemainingEstimate, Settings};
use crate::sources::{FeedSource, SourceKind, SourceProbe};
use crate::store::{
    group, ContestQuery, Kept, OpenReport, ReadPool, Reader, ResultsGroup, ResultsSort, Store,
};
use crate::sync::{lock, SharedStore, SyncConfig, SyncError, SyncOutcome, Syncer};
use crate::Paths;

/// An error as it crosses to the UI: the UI branches on `code` (exhaustively), puts the message
/// beside `field` when there is one, and shows `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The setting this error is about (Settings page), if any.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub field: Option<SettingsField>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into(), field: None }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError { code: e.code(), field: e.field(), message: e.to_string() }
    }
}

impl From<crate::sync::SyncError> for ApiError {
    fn from(e: crate::sync::SyncError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// How the sources have fared, for the status line, the offline banner and the Sources page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct FeedStatus {
    /// Each source, in the settings' order.
    pub sources: Vec<SourceStatus>,
    /// The oldest of the sources' last good refreshes: everything shown is at least this fresh.
    /// Sources never refreshed are left out (they say so on their own line).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub last_success_ms: Option<i64>,
    /// A failure that stands for the whole app: set only when every source's last attempt
    /// failed (then the first one's). One failing source among good ones is its own line.
    pub last_error: Option<ApiError>,
    pub syncing: bool,
}

/// One source and its last outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SourceStatus {
    pub source: FeedSource,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub last_checked_ms: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub last_success_ms: Option<i64>,
    /// The last attempt's failure, if it failed.
    pub last_error: Option<ApiError>,
    pub syncing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Overview {
    pub election: Option<Election>,
    /// The race the user pinned for this election, else the first followed one in it, else
    /// the one with the most votes.
    pub headline: Option<ContestView>,
    /// True when `headline` is the user's pin.
    pub pinned: bool,
    /// Ballots cast and registered voters, where the election's newest count gives them.
    pub turnout: Option<crate::model::Turnout>,
    /// Ballots cast as a share of registered voters (0–100), where both are known.
    pub turnout_percent: Option<f64>,
    /// Followed contests other than the headline, in the order followed.
    pub followed: Vec<ContestView>,
    pub latest_snapshot: Option<SnapshotInfo>,
    /// The IANA zone the election's feed times are written in, where its adapter knows it.
    pub time_zone: Option<String>,
    pub snapshot_count: u32,
    pub contest_count: u32,
    /// How many contests the newest count changed against the one before it.
    pub changed_in_latest: u32,
    /// The one-seat contests whose leader the newest count changed.
    pub leader_changes: Vec<ContestChange>,
    /// The vote-for-N contests whose last-seat line the newest count crossed.
    pub seat_changes: Vec<ContestChange>,
    pub status: FeedStatus,
    /// Things the user should know about this start (a rebuilt cache, ignored settings).
    pub notices: Vec<Notice>,
}

/// Something the user should know about this start, in English and as data for the UI's
/// catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Notice {
    pub message: String,
    pub words: NoticeWords,
}

impl Notice {
    fn new(words: NoticeWords, message: String) -> Notice {
        Notice { message, words }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum NoticeWords {
    /// The cache could not be read and was rebuilt; the old file is at `moved_to`.
    CacheRebuilt { reason: String, moved_to: String },
    /// The cache at `path` cannot be written; this run keeps its results in memory.
    CacheInMemory { path: String, reason: String },
    /// The settings file was unusable and the defaults are in force.
    SettingsReset { why: String },
}

/// The outcome of one refresh, manual or automatic, as announced to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RefreshReport {
    pub outcome: Option<RefreshDone>,
    pub error: Option<ApiError>,
    /// True when auto-refresh started it.
    pub auto: bool,
}

impl RefreshReport {
    pub fn new(result: Result<RefreshDone, ApiError>, auto: bool) -> Self {
        match result {
            Ok(o) => RefreshReport { outcome: Some(o), error: None, auto },
            Err(e) => RefreshReport { outcome: None, error: Some(e), auto },
        }
    }
}

/// What a refresh did, source by source, and what it means for the races the user follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RefreshDone {
    /// In the settings' order.
    pub sources: Vec<SourceRefresh>,
    pub alerts: Vec<Alert>,
}

/// One source's refresh: exactly one of `outcome` and `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SourceRefresh {
    pub id: String,
    pub label: String,
    pub outcome: Option<SyncOutcome>,
    pub error: Option<ApiError>,
    /// A followed state site's county sites that failed, by name; the rest loaded.
    pub failed_counties: Vec<CountyFailure>,
    /// How many county sites were asked, and how many brought a new count.
    pub counties_checked: u32,
    pub counties_updated: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CountyFailure {
    /// "Ben Hill", as people write it.
    pub name: String,
    pub error: ApiError,
}

/// A source to add, as the user gave it after Tallyroom looked at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct NewSource {
    pub url: String,
    pub label: String,
    pub public_key: Option<String>,
    /// What the look found ([`App::probe_source`]).
    pub kind: Option<SourceKind>,
    pub follow_counties: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ContestFilter {
    pub text: Option<String>,
    pub kind: Option<ContestKind>,
    /// Only this election's contests; `None`: every stored election.
    pub election_id: Option<String>,
}

/// The Results page's list: a filter and an order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ResultsQuery {
    pub filter: ContestFilter,
    pub sort: ResultsSort,
}

/// The Results page's list for one query: each heading with its size, and the list's first
/// page. The page lays out a row for every run of cards at once and reads each run's ids and
/// views as it scrolls into view ([`App::results_page`]), so neither a keystroke's answer nor
/// the page's memory grows with the ballot: at 10,320 contests every id in the answer made it
/// 200–250 KB, most of a keystroke's time in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ResultsLayout {
    pub groups: Vec<ResultsHeading>,
    /// Whether any contest in the election's newest count has precinct figures; when none
    /// does, the page says so once instead of on every card.
    pub precincts_given: bool,
    /// The list's first [`FIRST_PAGE`] contests.
    pub first: ResultsPage,
}

/// One heading of the list: a level, or `all` for a search or a sorted list; and how many
/// contests it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ResultsHeading {
    pub key: String,
    pub count: u32,
}

/// Contests `from` to `from + ids.len()` of a list, its headings one after the other: their ids
/// in order, and the views of those still stored (a contest removed since is left out of
/// `views`, and its place in `ids` says which it was).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ResultsPage {
    pub from: u32,
    pub ids: Vec<String>,
    pub views: Vec<ContestView>,
}

/// How many contests a layout carries, and at most how many one page reads: a screen of cards
/// or two, so a page of the list is one round trip.
pub const FIRST_PAGE: usize = 24;
pub const MOST_BY_ID: usize = 200;

/// One stored election, for the switcher and `tallyroom-cli elections`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ElectionSummary {
    pub election: Election,
    pub contest_count: u32,
    /// Ballots cast and registered voters, where the newest count gives them.
    pub turnout: Option<crate::model::Turnout>,
    /// Ballots cast as a share of registered voters (0–100), where both are known.
    pub turnout_percent: Option<f64>,
    /// The newest count's own "as of", as the feed wrote it; `None` before any count.
    pub as_of: Option<String>,
    pub time_zone: Option<String>,
}

/// A page of a grouped list: its headings' ids one after the other, `count` from `from`.
fn page_of(r: &Reader, list: &[ResultsGroup], from: usize, count: usize) -> Result<ResultsPage> {
    let ids: Vec<String> =
        list.iter().flat_map(|g| &g.ids).skip(from).take(count).cloned().collect();
    Ok(ResultsPage {
        from: u32::try_from(from).unwrap_or(u32::MAX),
        views: views_by_id(r, &ids)?,
        ids,
    })
}

fn views_by_id(r: &Reader, ids: &[String]) -> Result<Vec<ContestView>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match r.contest(id) {
            Ok(v) => out.push(v),
            Err(e) if e.code() == ErrorCode::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// How many read connections the app keeps at most: one per page query in flight is plenty.
const READERS: u32 = 4;

pub struct App {
    paths: Paths,
    /// Read connections beside the writer; `None` when the cache lives in memory (a file that
    /// cannot be written), where there is no file for a second connection to open. Declared
    /// before the writer so that they close first: the last connection to close checkpoints
    /// the WAL into the file, and that should be the writer.
    readers: Option<ReadPool>,
    /// The one writer: refreshes and settings-driven writes.
    store: SharedStore,
    /// Held across read-modify-write, so two saves cannot interleave and lose one.
    settings: Mutex<Settings>,
    /// Tells the auto-refresh loop the moment settings change (instead of polling them).
    settings_tx: watch::Sender<Settings>,
    syncer: Syncer,
    /// Held while every source refreshes: a second press waits for nothing and starts nothing.
    refreshing: tokio::sync::Mutex<()>,
    notices: Vec<Notice>,
    /// Alerts raised while the app runs, newest last.
    alerts: Mutex<Vec<Alert>>,
    /// Each contest's votes in the newest count, for the search and most-votes orders.
    kept: Kept,
    /// The check of a large cache's every page, owed when the open left it (`Store::was_checked`)
    /// and started once the first screen is painted.
    verify_owed: bool,
    verified: std::sync::Once,
}

impl App {
    /// Opens the app's files. A broken cache is rebuilt and a damaged settings file replaced by
    /// the defaults, each with a notice: the app always starts.
    pub fn open(paths: Paths, sync: SyncConfig, seed_results: bool) -> Result<App, ApiError> {
        let mut notices = Vec::new();
        let (store, report) = crate::open_cache(&paths.cache_db, seed_results)?;
        let verify_owed = !store.was_checked();
        let readers = match report {
            OpenReport::InMemory { .. } => None,
            _ => Some(ReadPool::open(&paths.cache_db, READERS)?),
        };
        match report {
            OpenReport::Opened => {}
            OpenReport::Rebuilt { reason, moved_to } => notices.push(Notice::new(
                NoticeWords::CacheRebuilt {
                    reason: reason.clone(),
                    moved_to: moved_to.display().to_string(),
                },
                format!(
                    "The local results cache could not be read ({reason}). It was set aside as {} \
                 and rebuilt from the bundled results; Refresh brings the rest back.",
                    moved_to.display()
                ),
            )),
            OpenReport::InMemory { reason } => notices.push(Notice::new(
                NoticeWords::CacheInMemory {
                    path: paths.cache_db.display().to_string(),
                    reason: reason.clone(),
                },
                format!(
                    "The local results cache at {} cannot be written ({reason}). Tallyroom is \
                 running from the bundled results in memory: refreshes work, but nothing new is \
                 kept after you close it.",
                    paths.cache_db.display()
                ),
            )),
        }
        let (settings, warning) = Settings::load(&paths.settings);
        notices.extend(warning.map(|w| {
            let message = format!("Your settings were reset to the defaults: {w}.");
            Notice::new(NoticeWords::SettingsReset { why: w }, message)
        }));
        let (settings_tx, _) = watch::channel(settings.clone());
        Ok(App {
            paths,
            store: Arc::new(Mutex::new(store)),
            readers,
            settings: Mutex::new(settings),
            settings_tx,
            syncer: Syncer::new(sync)?,
            refreshing: tokio::sync::Mutex::new(()),
            notices,
            alerts: Mutex::new(Vec::new()),
            kept: Kept::default(),
            verify_owed,
            verified: std::sync::Once::new(),
        })
    }

    /// Called once the first screen is painted. A cache too large to check at open
    /// (`store::CHECK_AT_OPEN_BYTES`) is checked now, on a thread and a connection of its own;
    /// damage it finds is rebuilt at the next launch (`store::verify`).
    pub fn first_screen_painted(&self) {
        if !self.verify_owed {
            return; // checked when it opened, or a cache in memory
        }
        self.verified.call_once(|| {
            let path = self.paths.cache_db.clone();
            let spawned = std::thread::Builder::new()
                .name("cache-check".into())
                .spawn(move || match crate::store::verify(&path) {
                    Ok(verdict) if verdict == "ok" => {}
                    Ok(verdict) => eprintln!(
                        "tallyroom: the cache {} is damaged ({verdict}); it is rebuilt at the next launch",
                        path.display()
                    ),
                    Err(e) => eprintln!("tallyroom: the cache {} could not be checked: {e}", path.display()),
                });
            if let Err(e) = spawned {
                eprintln!("tallyroom: the cache check could not start: {e}");
            }
        });
    }

    fn settings_now(&self) -> Settings {
        self.settings.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Runs a read on a pooled connection, so it never waits for a refresh to finish writing;
    /// it sees the last committed count.
    fn read<T>(&self, f: impl FnOnce(&Reader) -> Result<T>) -> Result<T> {
        match &self.readers {
            Some(pool) => pool.get()?.consistent(f),
            None => lock(&self.store).consistent(f),
        }
    }

    /// The writer, for tests and tools that import directly (the concurrent-read test).
    #[doc(hidden)]
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut lock(&self.store))
    }

    /// Settings as they change; the auto-refresh loop waits on this.
    pub fn watch_settings(&self) -> watch::Receiver<Settings> {
        self.settings_tx.subscribe()
    }

    pub fn status(&self) -> Result<FeedStatus> {
        let sources = self.settings_now().sources;
        self.read(|r| self.status_from(r, &sources))
    }

    fn status_from(&self, store: &Reader, sources: &[FeedSource]) -> Result<FeedStatus> {
        let mut list = Vec::with_capacity(sources.len());
        for source in sources {
            let key = crate::sync::source_key(source);
            let state = store.feed_state(&key)?.unwrap_or_default();
            list.push(SourceStatus {
                last_checked_ms: state.last_checked_ms,
                last_success_ms: state.last_success_ms,
                // A code this build does not know (written by a newer one) still shows as a
                // failure.
                last_error: state.last_error_code.map(|code| {
                    let code = ErrorCode::parse(&code).unwrap_or(ErrorCode::Internal);
                    ApiError::new(code, state.last_error.unwrap_or_default())
                }),
                syncing: self.syncer.is_syncing(&key),
                source: source.clone(),
            });
        }
        let all_failed = !list.is_empty() && list.iter().all(|s| s.last_error.is_some());
        Ok(FeedStatus {
            last_success_ms: list.iter().filter_map(|s| s.last_success_ms).min(),
            last_error: if all_failed { list[0].last_error.clone() } else { None },
            syncing: self.syncer.is_running(),
            sources: list,
        })
    }

    pub fn overview(&self) -> Result<Overview> {
        let settings = self.settings_now();
        self.read(|store| self.overview_from(store, &settings))
    }

    fn overview_from(&self, store: &Reader, settings: &Settings) -> Result<Overview> {
        let election = chosen_election(store, settings)?;
        let election_id = election.as_ref().map(|e| e.id.clone());
        let pin = settings
            .pinned
            .iter()
            .find(|p| Some(&p.election) == election_id.as_ref())
            .map(|p| p.contest.clone());
        let mut ids: Vec<String> = pin.iter().cloned().collect();
        ids.extend(settings.followed.iter().filter(|f| Some(*f) != pin.as_ref()).cloned());
        let q =
            ContestQuery { ids: Some(ids), election_id: election_id.clone(), ..Default::default() };
        let mut found = store.contests(&q)?;
        found.sort_by_key(|c| settings.followed.iter().position(|f| *f == c.id));
        let pinned_at = pin.as_ref().and_then(|p| found.iter().position(|c| c.id == *p));
        let pinned = pinned_at.is_some();
        let headline = match pinned_at {
            Some(i) => Some(found.remove(i)),
            None if !found.is_empty() => Some(found.remove(0)),
            // Nothing chosen: the race most people voted in, which is the top of the ticket.
            None => match &election_id {
                Some(id) => match store.most_voted(id, &self.kept)? {
                    Some(top) => Some(store.contest(&top)?),
                    None => None,
                },
                None => None,
            },
        };
        let latest_snapshot = match &election {
            Some(e) => store.latest_snapshot(&e.id)?,
            None => None,
        };
        let contest_count = match &election {
            Some(e) => store.contest_count(&e.id)? as u32,
            None => 0,
        };
        let snapshot_count = store.snapshot_count()? as u32;
        let changes = match &election {
            Some(e) => self.kept.latest_changes(store, &e.id)?,
            None => Default::default(),
        };
        let changed_in_latest = changes.len() as u32;
        let seat_changes: Vec<ContestChange> =
            changes.iter().filter(|c| c.seats.is_some()).cloned().collect();
        let leader_changes: Vec<ContestChange> = changes
            .iter()
            .filter(|c| c.seats.is_none())
            .filter(|c| c.leader_before.is_some() && c.leader_after.is_some())
            .filter(|c| c.leader_before != c.leader_after)
            .cloned()
            .collect();
        let time_zone =
            election.as_ref().and_then(|e| crate::feeds::time_zone(&e.id)).map(str::to_owned);
        let turnout = match &election {
            Some(e) => store.turnout(&e.id)?,
            None => None,
        };
        Ok(Overview {
            time_zone,
            election,
            headline,
            pinned,
            turnout_percent: turnout.as_ref().and_then(crate::model::Turnout::percent),
            turnout,
            followed: found,
            latest_snapshot,
            snapshot_count,
            contest_count,
            changed_in_latest,
            leader_changes,
            seat_changes,
            status: self.status_from(store, &settings.sources)?,
            notices: self.notices.clone(),
        })
    }

    pub fn contests(&self, filter: &ContestFilter) -> Result<Vec<ContestView>> {
        let q = ContestQuery {
            text: filter.text.clone(),
            kind: filter.kind,
            election_id: filter.election_id.clone(),
            ..Default::default()
        };
        self.read(|r| r.contests(&q))
    }

    /// The Results page's list for a filter and order; see [`ResultsLayout`].
    pub fn results_layout(&self, q: &ResultsQuery) -> Result<ResultsLayout> {
        self.read(|r| {
            let list = self.results_list(r, q)?;
            let groups = list
                .iter()
                .map(|g| ResultsHeading {
                    key: g.key.clone(),
                    count: u32::try_from(g.ids.len()).unwrap_or(u32::MAX),
                })
                .collect();
            Ok(ResultsLayout {
                groups,
                precincts_given: r.precincts_given(q.filter.election_id.as_deref())?,
                first: page_of(r, &list, 0, FIRST_PAGE)?,
            })
        })
    }

    /// Contests `from` to `from + count` (at most [`MOST_BY_ID`]) of the list `q` makes; past
    /// its end, fewer or none.
    pub fn results_page(&self, q: &ResultsQuery, from: u32, count: u32) -> Result<ResultsPage> {
        self.read(|r| {
            let list = self.results_list(r, q)?;
            let count = usize::try_from(count).unwrap_or(usize::MAX).min(MOST_BY_ID);
            page_of(r, &list, usize::try_from(from).unwrap_or(usize::MAX), count)
        })
    }

    /// The grouped list for a query, kept between a layout and the pages read after it.
    fn results_list(&self, r: &Reader, q: &ResultsQuery) -> Result<Arc<Vec<ResultsGroup>>> {
        let cq = ContestQuery {
            text: q.filter.text.clone(),
            kind: q.filter.kind,
            election_id: q.filter.election_id.clone(),
            ..Default::default()
        };
        let searched = q.filter.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        self.kept.listed(r, &cq, q.sort, || {
            let order = r.contest_order(&cq, q.sort, &self.kept)?;
            Ok(group(order, !searched && q.sort == ResultsSort::Ballot))
        })
    }

    /// Every stored election, newest first, with its size and the time of its newest count.
    pub fn elections(&self) -> Result<Vec<ElectionSummary>> {
        self.read(election_summaries)
    }

    /// Chooses the election every page shows (`None`: back to the newest stored).
    pub fn set_election(&self, id: Option<String>) -> Result<Settings> {
        if let Some(id) = &id {
            let known = self.read(|r| Ok(r.elections()?.iter().any(|e| e.id == *id)))?;
            if !known {
                return Err(Error::not_found(format!("election {id}")));
            }
        }
        self.update_settings(|s| s.election = id)
    }

    /// Pins a race as its election's headline on the overview, or (`pin` false) takes the pin
    /// away; one pin per election.
    pub fn set_pinned(&self, contest_id: &str, pin: bool) -> Result<Settings> {
        let contest = self.contest(contest_id)?;
        self.update_settings(|s| {
            s.pinned.retain(|p| p.election != contest.election_id && p.contest != contest_id);
            if pin {
                s.pinned.push(Pin {
                    election: contest.election_id.clone(),
                    contest: contest.id.clone(),
                });
            }
        })
    }

    /// Stored names near `text`, for a search that found nothing ("carusso": "Rick Caruso").
    pub fn suggest(&self, text: &str) -> Result<Vec<String>> {
        self.read(|r| r.suggest(text, 5))
    }

    /// CSV of one contest (by id), or of the contests a filter selects (all with none).
    pub fn export_csv(&self, filter: &ContestFilter, contest_id: Option<&str>) -> Result<String> {
        let q = ContestQuery {
            text: filter.text.clone(),
            kind: filter.kind,
            ids: contest_id.map(|id| vec![id.to_string()]),
            ..Default::default()
        };
        self.read(|r| crate::export::csv(r, &q))
    }

    pub fn contest(&self, id: &str) -> Result<ContestView> {
        self.read(|r| r.contest(id))
    }

    pub fn history(&self, id: &str) -> Result<ContestHistory> {
        self.read(|r| r.history(id))
    }

    pub fn areas(&self, id: &str) -> Result<AreaResults> {
        self.read(|r| r.area_results(id))
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.read(|r| r.profiles())
    }

    pub fn profile(&self, id: &str) -> Result<Profile> {
        self.read(|r| r.profile(id))
    }

    /// Fetches every source (see [`Syncer::sync_sources`]) and raises alerts for followed
    /// races. Fails only when a refresh of all sources is already running; each source's own
    /// failure is in its line of the answer.
    pub async fn refresh(&self) -> Result<RefreshDone, ApiError> {
        let _all = self.refreshing.try_lock().map_err(|_| ApiError::from(SyncError::Busy))?;
        let s = self.settings_now();
        let results = self.syncer.sync_sources(&self.store, &s.sources).await;
        let mut changes = Vec::new();
        let mut checked_at = crate::store::now_ms();
        let mut sources = Vec::with_capacity(results.len());
        for r in results {
            let mut line = SourceRefresh {
                id: r.source.id.clone(),
                label: r.source.label.clone(),
                outcome: None,
                error: None,
                failed_counties: Vec::new(),
                counties_checked: u32::try_from(r.counties.len()).unwrap_or(u32::MAX),
                counties_updated: 0,
            };
            match r.result {
                Ok(outcome) => {
                    if let SyncOutcome::Updated { changes: c, checked_at_ms, .. } = &outcome {
                        changes.extend(c.iter().cloned());
                        checked_at = *checked_at_ms;
                    }
                    line.outcome = Some(outcome);
                }
                Err(e) => line.error = Some(e.into()),
            }
            for county in r.counties {
                match county.result {
                    Ok(SyncOutcome::Updated { changes: c, .. }) => {
                        line.counties_updated += 1;
                        changes.extend(c);
                    }
                    Ok(SyncOutcome::Unchanged { .. }) => {}
                    Err(e) => line.failed_counties.push(CountyFailure {
                        name: county.name.replace('_', " "),
                        error: e.into(),
                    }),
                }
            }
            sources.push(line);
        }
        let mut alerts = alerts_for(&changes, &s.followed, s.alert_margin_points, checked_at);
        // Each alert also tells what the count added to its race. A read that fails leaves the
        // alert as it is: the alert itself is already true without the story.
        for alert in &mut alerts {
            if let Ok(c) = self.contest(&alert.contest_id) {
                alert.story = c.last_update.map(|update| Story {
                    choices: c.choices.iter().map(|x| x.name.clone()).collect(),
                    time_zone: c.time_zone.clone(),
                    update,
                });
            }
        }
        self.alerts.lock().unwrap_or_else(|p| p.into_inner()).extend(alerts.iter().cloned());
        Ok(RefreshDone { sources, alerts })
    }

    /// What an address holds, before it is added: fetched and read, nothing stored.
    pub async fn probe_source(
        &self,
        url: &str,
        public_key: Option<&str>,
    ) -> Result<SourceProbe, ApiError> {
        // The address and key are checked as a saved source's are, each error naming its field,
        // before anything is fetched.
        crate::settings::validate_address(url, public_key)?;
        Ok(self.syncer.probe(url, public_key).await?)
    }

    /// Adds a source to the list (its next refresh fetches it). An address already in the list
    /// is refused, so one feed is never fetched twice per refresh.
    pub fn add_source(&self, new: NewSource) -> Result<Settings> {
        self.try_update_settings(|s| {
            if let Some(same) =
                s.sources.iter().find(|x| crate::sources::same_address(&x.url, &new.url))
            {
                return Err(Error::setting(
                    SettingsField::FeedUrl,
                    format!("this address is already followed, as \"{}\"", same.label),
                ));
            }
            // Checked with the rest of the list when the settings are saved.
            s.sources.push(FeedSource {
                id: crate::sources::next_id(&s.sources),
                url: new.url.trim().to_string(),
                label: new.label.trim().to_string(),
                public_key: new.public_key.filter(|k| !k.trim().is_empty()),
                kind: new.kind,
                follow_counties: new.follow_counties,
            });
            Ok(())
        })
    }

    /// Removes a source from the list; what it brought stays in the cache (history is kept).
    pub fn remove_source(&self, id: &str) -> Result<Settings> {
        self.try_update_settings(|s| {
            let before = s.sources.len();
            s.sources.retain(|x| x.id != id);
            if s.sources.len() == before {
                return Err(Error::not_found(format!("no source has the id \"{id}\"")));
            }
            Ok(())
        })
    }

    pub fn relabel_source(&self, id: &str, label: &str) -> Result<Settings> {
        self.try_update_settings(|s| {
            let source = s
                .sources
                .iter_mut()
                .find(|x| x.id == id)
                .ok_or_else(|| Error::not_found(format!("no source has the id \"{id}\"")))?;
            source.label = label.trim().to_string();
            Ok(())
        })
    }

    /// Every alert raised since the app started, newest first.
    pub fn alerts(&self) -> Vec<Alert> {
        let mut all = self.alerts.lock().unwrap_or_else(|p| p.into_inner()).clone();
        all.reverse();
        all
    }

    pub fn settings(&self) -> Settings {
        self.settings_now()
    }

    /// Validates and saves new settings; invalid ones are refused and the old ones kept.
    pub fn save_settings(&self, new: Settings) -> Result<Settings> {
        self.update_settings(|s| *s = new)
    }

    pub fn set_followed(&self, contest_id: &str, follow: bool) -> Result<Settings> {
        self.contest(contest_id)?;
        self.update_settings(|s| {
            s.followed.retain(|id| id != contest_id);
            if follow {
                s.followed.push(contest_id.to_string());
            }
        })
    }

    /// Sets (or with `None` removes) the estimate of ballots left for a contest or an election.
    pub fn set_estimate(
        &self,
        scope: &str,
        estimate: Option<RemainingEstimate>,
    ) -> Result<Settings> {
        self.update_settings(|s| {
            s.remaining.retain(|e| e.scope != scope);
            if let Some(mut e) = estimate {
                e.scope = scope.to_string();
                s.remaining.push(e);
            }
        })
    }

    /// What the one behind needs from the ballots left, and the what-ifs, for a contest's
    /// latest count. `remaining` overrides the stored estimate (the race's own, else its
    /// election's); `chosen` is the user's share for the one behind, in percent.
    pub fn hurdle(
        &self,
        contest_id: &str,
        remaining: Option<u64>,
        chosen: Option<f64>,
    ) -> Result<HurdleReport> {
        let (contest, history, outstanding) = self.read(|r| {
            let contest = r.contest(contest_id)?;
            let outstanding = r.ballots_outstanding(&contest.election_id)?;
            Ok((contest, r.history(contest_id)?, outstanding))
        })?;
        let settings = self.settings_now();
        let estimate = match remaining {
            Some(ballots) => Some(RemainingEstimate {
                scope: contest_id.to_string(),
                ballots,
                said_by: String::new(),
                said_on: String::new(),
                from_feed: false,
            }),
            None => settings
                .remaining
                .iter()
                .find(|e| e.scope == contest.id)
                .or_else(|| settings.remaining.iter().find(|e| e.scope == contest.election_id))
                .cloned()
                // The feed's own figure, where it gives one and nobody has entered an estimate.
                .or_else(|| {
                    outstanding.map(|(ballots, at)| RemainingEstimate {
                        scope: contest.election_id.clone(),
                        ballots,
                        said_by: String::new(),
                        said_on: at,
                        from_feed: true,
                    })
                }),
        };
        Ok(hurdle_report(&contest, &history, estimate, chosen))
    }

    /// Read, change, validate, write and publish under one lock: two changes at once (a star
    /// and a save) each see the other's result, and an invalid change leaves everything as it
    /// was.
    fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings> {
        self.try_update_settings(|s| {
            change(s);
            Ok(())
        })
    }

    /// Like `update_settings`, for a change that can be refused before anything is saved.
    fn try_update_settings(
        &self,
        change: impl FnOnce(&mut Settings) -> Result<()>,
    ) -> Result<Settings> {
        let mut current = self.settings.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = current.clone();
        change(&mut next)?;
        next.save(&self.paths.settings)?;
        *current = next.clone();
        self.settings_tx.send_replace(next.clone());
        Ok(next)
    }
}

/// A contest's hurdle and what-ifs on one estimate of the ballots left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct HurdleReport {
    pub contest_id: String,
    /// The estimate used, with who said it and when; `None` when there is none.
    pub estimate: Option<RemainingEstimate>,
    /// `None` without an estimate, or without two choices at the line.
    pub hurdle: Option<crate::tally::Hurdle>,
    pub what_ifs: Vec<crate::tally::WhatIf>,
}

/// The hurdle arithmetic for one contest, shared by the app and the CLI.
pub fn hurdle_report(
    contest: &ContestView,
    history: &ContestHistory,
    estimate: Option<RemainingEstimate>,
    chosen: Option<f64>,
) -> HurdleReport {
    let votes: Vec<Option<u64>> = contest.choices.iter().map(|c| c.votes).collect();
    // A ranked-choice count is decided by its rounds, not its first choices: no hurdle.
    let hurdle = estimate
        .as_ref()
        .filter(|_| contest.rounds.is_none())
        .and_then(|e| crate::tally::hurdle(&votes, contest.vote_for, e.ballots));
    let what_ifs = hurdle
        .as_ref()
        .map(|h| crate::tally::what_ifs(&votes, &history.updates, h, chosen))
        .unwrap_or_default();
    HurdleReport { contest_id: contest.id.clone(), estimate, hurdle, what_ifs }
}

/// Every stored election, newest first, with its size and the time of its newest count (the
/// app's switcher and `tallyroom-cli elections`).
pub fn election_summaries(store: &Reader) -> Result<Vec<ElectionSummary>> {
    let mut out = Vec::new();
    for e in store.elections()?.into_iter().rev() {
        let turnout = store.turnout(&e.id)?;
        out.push(ElectionSummary {
            turnout_percent: turnout.as_ref().and_then(crate::model::Turnout::percent),
            turnout,
            contest_count: store.contest_count(&e.id)? as u32,
            as_of: store.latest_snapshot(&e.id)?.map(|s| s.feed_timestamp),
            time_zone: crate::feeds::time_zone(&e.id).map(str::to_owned),
            election: e,
        });
    }
    Ok(out)
}

/// The election the pages show: the user's choice while it is stored, else the newest.
fn chosen_election(store: &Reader, settings: &Settings) -> Result<Option<Election>> {
    let all = store.elections()?;
    let chosen =
        settings.election.as_ref().and_then(|id| all.iter().find(|e| e.id == *id)).cloned();
    Ok(chosen.or_else(|| all.into_iter().last()))
}

/// Every type that crosses the bridge, rendered as TypeScript. `ui/src/lib/bindings.ts` is this
/// text; a test fails when the two drift apart.
#[cfg(feature = "ts")]
pub fn typescript_bindings() -> String {
    use crate::model::*;
    use crate::profiles::*;
    let cfg = ts_rs::Config::default();
    let decls = [
        ContestKind::decl(&cfg),
        Level::decl(&cfg),
        Election::decl(&cfg),
        ContestView::decl(&cfg),
        crate::tally::Lead::decl(&cfg),
        crate::tally::Status::decl(&cfg),
        crate::tally::SeatEdge::decl(&cfg),
        crate::tally::MeasureStatus::decl(&cfg),
        crate::tally::RoundsStatus::decl(&cfg),
        crate::tally::Elected::decl(&cfg),
        crate::rcv::Origin::decl(&cfg),
        crate::rcv::Tabulation::decl(&cfg),
        crate::rcv::Round::decl(&cfg),
        crate::rcv::Votes::decl(&cfg),
        crate::rcv::Transfer::decl(&cfg),
        crate::rcv::Target::decl(&cfg),
        crate::tally::PassRule::decl(&cfg),
        ChoiceView::decl(&cfg),
        Reporting::decl(&cfg),
        SnapshotInfo::decl(&cfg),
        HistoryPoint::decl(&cfg),
        ContestHistory::decl(&cfg),
        HistoryChoice::decl(&cfg),
        ContestChange::decl(&cfg),
        SeatChange::decl(&cfg),
        RoundsChange::decl(&cfg),
        Source::decl(&cfg),
        Profile::decl(&cfg),
        Fact::decl(&cfg),
        EndorsementKind::decl(&cfg),
        Endorsement::decl(&cfg),
        Position::decl(&cfg),
        Poll::decl(&cfg),
        Contact::decl(&cfg),
        Settings::decl(&cfg),
        FeedSource::decl(&cfg),
        SourceKind::decl(&cfg),
        SourceProbe::decl(&cfg),
        SourceStatus::decl(&cfg),
        SourceRefresh::decl(&cfg),
        CountyFailure::decl(&cfg),
        NewSource::decl(&cfg),
        SyncOutcome::decl(&cfg),
        ApiError::decl(&cfg),
        ErrorCode::decl(&cfg),
        SettingsField::decl(&cfg),
        FeedStatus::decl(&cfg),
        Overview::decl(&cfg),
        ElectionSummary::decl(&cfg),
        Turnout::decl(&cfg),
        AreaTurnout::decl(&cfg),
        Pin::decl(&cfg),
        ContestFilter::decl(&cfg),
        ResultsQuery::decl(&cfg),
        ResultsLayout::decl(&cfg),
        ResultsHeading::decl(&cfg),
        ResultsPage::decl(&cfg),
        ResultsSort::decl(&cfg),
        RefreshReport::decl(&cfg),
        AreaResults::decl(&cfg),
        AreaRow::decl(&cfg),
        VoteTypeRow::decl(&cfg),
        Alert::decl(&cfg),
        AlertKind::decl(&cfg),
        AlertWords::decl(&cfg),
        Story::decl(&cfg),
        Notice::decl(&cfg),
        NoticeWords::decl(&cfg),
        crate::settings::Language::decl(&cfg),
        crate::settings::Theme::decl(&cfg),
        RefreshDone::decl(&cfg),
        crate::settings::RemainingEstimate::decl(&cfg),
        crate::tally::Update::decl(&cfg),
        crate::tally::Hurdle::decl(&cfg),
        crate::tally::Basis::decl(&cfg),
        crate::tally::WhatIf::decl(&cfg),
        HurdleReport::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src-tauri/core by `typescript_bindings()`.\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test -p tallyroom-core bindings`.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out
}
