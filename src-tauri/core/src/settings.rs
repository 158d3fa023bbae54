//! What the user chose: the sources, auto-refresh, followed races.
//!
//! Kept in a small JSON file beside the cache, never inside it, because the cache is disposable
//! (rebuilt when broken) and a user's choices must survive that.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::error::{Error, Result, SettingsField};
use crate::sources::{default_sources, FeedSource};

pub const DEFAULT_FEED_URL: &str =
    "https://results.lavote.gov/electionresults/json?electionid=4300";
/// Polling faster than this gains nothing (feeds update every few minutes) and adds load.
pub const MIN_AUTO_REFRESH_SECS: u32 = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(default)]
pub struct Settings {
    /// The feeds every refresh pulls, in the order the user added them.
    pub sources: Vec<FeedSource>,
    pub auto_refresh: bool,
    pub auto_refresh_secs: u32,
    /// Contest ids the user follows; they head the overview.
    pub followed: Vec<String>,
    /// Alert when a followed race's margin moves across this many percentage points.
    pub alert_margin_points: Option<f64>,
    /// The UI's language; `None` until the user picks one, and the UI follows the system's.
    pub language: Option<Language>,
    /// Light or dark; `None` follows the system.
    pub theme: Option<Theme>,
    /// Ballots left to count, as someone said (an election official, a newsroom), for an
    /// election or one race. The hurdle arithmetic uses the race's own, else its election's.
    pub remaining: Vec<RemainingEstimate>,
    /// The election every page shows; `None` until the user picks one (then the newest stored).
    pub election: Option<String>,
    /// The race the user pinned as the overview's headline, at most one per election.
    pub pinned: Vec<Pin>,
}

/// A settings file from before sources named one feed; [`Settings::load`] makes it the list's
/// one source.
#[derive(Deserialize, Default)]
#[serde(default)]
struct OneFeed {
    feed_url: Option<String>,
    feed_public_key: Option<String>,
}

/// A headline the user chose for one election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Pin {
    pub election: String,
    pub contest: String,
}

/// "LA County says about 300,000 ballots remain, 14 Nov": always shown with who said it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RemainingEstimate {
    /// A contest id, or an election id for the whole election.
    pub scope: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ballots: u64,
    /// Who said it, as the user wrote it.
    pub said_by: String,
    /// When, as the user wrote it ("14 Nov"); for the feed's own figure, the count's timestamp.
    pub said_on: String,
    /// The figure is the feed's own (`BallotsOutstanding`), not an estimate someone entered.
    #[serde(default)]
    pub from_feed: bool,
}

/// The window's colours, when the user chooses them over the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Light,
    Dark,
}

/// The languages the UI has a complete catalogue for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    En,
    Es,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sources: default_sources(),
            auto_refresh: false,
            auto_refresh_secs: 60,
            followed: Vec::new(),
            alert_margin_points: Some(1.0),
            language: None,
            theme: None,
            remaining: Vec::new(),
            election: None,
            pinned: Vec::new(),
        }
    }
}

impl Settings {
    /// Reads settings; a missing file gives the defaults, and an unreadable one gives the
    /// defaults plus a warning to show (the bad file is left in place for the user to inspect).
    pub fn load(path: &Path) -> (Settings, Option<String>) {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(e) => (Settings::default(), Some(format!("settings could not be read ({e})"))),
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes).map(|s| {
                s.adopt_feed(serde_json::from_slice::<OneFeed>(&bytes).unwrap_or_default())
            }) {
                Ok(s) => match s.validate() {
                    Ok(()) => (s, None),
                    Err(e) => (Settings::default(), Some(format!("settings ignored: {e}"))),
                },
                Err(e) => (Settings::default(), Some(format!("settings file is damaged ({e})"))),
            },
        }
    }

    /// The one feed of an older settings file becomes the list's one source (with its key).
    fn adopt_feed(mut self, old: OneFeed) -> Settings {
        if let Some(url) = old.feed_url {
            let key = old.feed_public_key.filter(|k| !k.trim().is_empty());
            let known = self.sources.iter().any(|s| crate::sources::same_address(&s.url, &url));
            if !known || key.is_some() {
                self.sources = vec![FeedSource {
                    id: "1".into(),
                    label: crate::sync::validate_url(&url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_else(|| url.clone()),
                    url,
                    public_key: key,
                    kind: None,
                    follow_counties: false,
                }];
            }
        }
        self
    }

    pub fn source(&self, id: &str) -> Option<&FeedSource> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn validate(&self) -> Result<()> {
        for source in &self.sources {
            validate_source(source)?;
        }
        let mut ids: Vec<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::setting(SettingsField::FeedUrl, "two sources have the same id"));
        }
        if let Some(p) = self.alert_margin_points {
            if !(p.is_finite() && p > 0.0 && p < 100.0) {
                return Err(Error::setting(
                    SettingsField::AlertMarginPoints,
                    "the alert margin must be between 0 and 100 points",
                ));
            }
        }
        for e in self.remaining.iter().filter(|e| !e.from_feed) {
            if e.ballots == 0 || e.said_by.trim().is_empty() || e.said_on.trim().is_empty() {
                return Err(Error::setting(
                    SettingsField::Remaining,
                    "an estimate of ballots left needs a number above zero, who said it, and when",
                ));
            }
        }
        if self.auto_refresh_secs < MIN_AUTO_REFRESH_SECS {
            return Err(Error::setting(
                SettingsField::AutoRefreshSecs,
                format!("auto-refresh must be every {MIN_AUTO_REFRESH_SECS} seconds or more"),
            ));
        }
        Ok(())
    }

    /// Validates, then writes atomically (temporary file and rename), so a crash mid-write
    /// leaves the old settings, never half of the new ones.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.validate()?;
        let io = |source| Error::Io { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_vec_pretty(self).map_err(|e| Error::Encode(e.to_string()))?;
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

/// A source's address and key, each refused with the field it is about (also checked before a
/// look at an address that is not yet a source).
pub fn validate_address(url: &str, public_key: Option<&str>) -> Result<()> {
    crate::sync::validate_url(url)
        .map_err(|e| Error::setting(SettingsField::FeedUrl, e.to_string()))?;
    if let Some(key) = public_key.filter(|k| !k.trim().is_empty()) {
        crate::signed::check_public_key(key)
            .map_err(|e| Error::setting(SettingsField::FeedPublicKey, e))?;
    }
    Ok(())
}

/// A source: its address and key, and a label.
pub fn validate_source(source: &FeedSource) -> Result<()> {
    validate_address(&source.url, source.public_key.as_deref())?;
    if source.label.trim().is_empty() || source.label.chars().count() > 80 {
        return Err(Error::setting(
            SettingsField::SourceLabel,
            "a source's label must be 1 to 80 characters",
        ));
    }
    Ok(())
}
