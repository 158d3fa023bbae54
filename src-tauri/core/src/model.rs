//! The election model as the app and the CLI see it.
//!
//! These types are also the wire format: the CLI prints them with `--json` and the desktop app
//! sends them over the Tauri bridge, and `ui/src/lib/bindings.ts` is generated from them. Figures a
//! feed does not carry are `Option`s and stay `None`; nothing here is ever filled with a guess.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// What a contest asks the voter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ContestKind {
    #[default]
    Candidate,
    /// A retention vote on a judge: yes or no.
    Judicial,
    Measure,
}

impl ContestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContestKind::Candidate => "candidate",
            ContestKind::Judicial => "judicial",
            ContestKind::Measure => "measure",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "candidate" => Some(ContestKind::Candidate),
            "judicial" => Some(ContestKind::Judicial),
            "measure" => Some(ContestKind::Measure),
            _ => None,
        }
    }
}

/// The broad level a contest belongs to, for grouping a long ballot into readable sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Federal,
    State,
    County,
    City,
    District,
    Judicial,
    Measures,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Federal => "federal",
            Level::State => "state",
            Level::County => "county",
            Level::City => "city",
            Level::District => "district",
            Level::Judicial => "judicial",
            Level::Measures => "measures",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "federal" => Level::Federal,
            "state" => Level::State,
            "county" => Level::County,
            "city" => Level::City,
            "district" => Level::District,
            "judicial" => Level::Judicial,
            "measures" => Level::Measures,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Election {
    /// Stable id, `<source>-<feed's election id>`, e.g. `lavote-4300`.
    pub id: String,
    pub title: String,
    /// The election day as the feed gives it.
    pub date: String,
}

/// One contest with its latest count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ContestView {
    pub id: String,
    pub election_id: String,
    /// The feed's own group name (e.g. "Cities").
    pub group: String,
    /// The title exactly as the feed gives it.
    pub raw_title: String,
    /// A readable title derived from `raw_title`.
    pub title: String,
    pub office: String,
    pub jurisdiction: String,
    pub kind: ContestKind,
    pub level: Level,
    /// How many choices a voter may pick; the N leading choices are "leading", never "winners".
    pub vote_for: u32,
    /// For measures: the share needed to pass, as the feed words it.
    pub pass_rule: Option<String>,
    pub measure_text: Option<String>,
    /// The feed's own contest type when Tallyroom had never seen it (shown as the feed wrote
    /// it); `kind` is then only the nearest class.
    pub raw_kind: Option<String>,
    pub choices: Vec<ChoiceView>,
    /// Sum of votes over the choices in the latest snapshot.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_votes: u64,
    /// The feed's timestamp of the snapshot these figures come from.
    pub as_of: Option<String>,
    /// The IANA zone `as_of` is written in, where the feed's adapter knows it.
    pub time_zone: Option<String>,
    pub reporting: Reporting,
    /// True when the latest snapshot changed this contest's figures against the one before it.
    pub changed_in_latest: bool,
    /// The latest count's total minus the one before's, for this contest: negative when a
    /// correction lowered it. `None` with no count before, or none for this contest in it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub votes_added: Option<i64>,
    /// What the latest count added against the one before it, choice by choice (the last of
    /// the contest's `history().updates`); `None` with no count before that had this contest.
    pub last_update: Option<crate::tally::Update>,
    /// Indices into `choices`, most votes first (ties in ballot order), from `tally::rank`.
    pub rank: Vec<u32>,
    /// The first choice's lead over the second, from `tally::lead`; `None` until votes exist.
    pub lead: Option<crate::tally::Lead>,
    /// What can be said about the contest so far (leading, tied, seats, a measure against its
    /// rule), from `tally::status`; the UI words this and says nothing else.
    pub status: crate::tally::Status,
    /// A ranked-choice contest's rounds in the latest count; `None` for every other contest.
    pub rounds: Option<crate::rcv::Tabulation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ChoiceView {
    pub id: String,
    pub raw_name: String,
    pub name: String,
    pub party: Option<String>,
    /// `None` when the contest has no result yet for this choice.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub votes: Option<u64>,
    /// Share of `total_votes`, 0–100; `None` when nothing is counted.
    pub percent: Option<f64>,
    /// Ahead by `status`: the leader of a one-seat race or inside the seats of a vote-for-N
    /// race. Never set in a tie (on the seat line), for a measure, or for an unopposed race.
    pub leading: bool,
    /// Set only when a feed itself declares a winner (an RCTab report's "elected"); LA County's
    /// feed never does.
    pub winner: Option<bool>,
    /// Id of a bundled candidate profile for this choice, if there is one.
    pub profile_id: Option<String>,
}

/// Reporting progress as the feed states it. Every field is `None` when the feed does not say:
/// the LA County feed has no precinct or ballot figures, so they are shown as unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Reporting {
    pub precincts_reported: Option<u32>,
    pub precincts_total: Option<u32>,
    pub counties_reported: Option<u32>,
    pub counties_total: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ballots_cast: Option<u64>,
}

/// A stored snapshot of an election's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SnapshotInfo {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub election_id: String,
    /// Where it came from: a file path, a URL, or `bundled:<name>`.
    pub source: String,
    /// When this app stored it, milliseconds since the Unix epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub fetched_at_ms: i64,
    /// The feed's own timestamp ("results as of"), as the feed writes it.
    pub feed_timestamp: String,
    pub content_hash: String,
}

/// One contest's figures in one snapshot, for the history chart and the change table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct HistoryPoint {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub snapshot_id: i64,
    pub feed_timestamp: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub fetched_at_ms: i64,
    /// Votes per choice, in the order of `ContestHistory::choices`; `None` where absent.
    #[cfg_attr(feature = "ts", ts(type = "Array<number | null>"))]
    pub votes: Vec<Option<u64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ContestHistory {
    pub contest_id: String,
    pub title: String,
    /// `(choice id, display name)` in ballot order.
    pub choices: Vec<HistoryChoice>,
    /// Oldest first, by the feed's timestamp.
    pub points: Vec<HistoryPoint>,
    /// What each count added against the one before it (`points[i]` to `points[i + 1]`), from
    /// `tally::updates`.
    pub updates: Vec<crate::tally::Update>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct HistoryChoice {
    pub id: String,
    pub name: String,
}

/// What one applied snapshot changed in one contest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ContestChange {
    pub contest_id: String,
    pub title: String,
    /// The leader of a one-seat race, by display name, before and after; `None` where no one
    /// leads (nothing counted, a tie, a measure, a vote-for-N race, an unopposed race).
    pub leader_before: Option<String>,
    pub leader_after: Option<String>,
    /// The leader's lead over the second choice, in percentage points, before and after.
    pub margin_before: Option<f64>,
    pub margin_after: Option<f64>,
    /// A vote-for-N race whose set of choices inside the seats changed (not a reordering
    /// inside them); `None` otherwise.
    pub seats: Option<SeatChange>,
    /// Set when a ranked-choice count's first place or order of elimination moved.
    pub rounds: Option<RoundsChange>,
}

/// What a new version of a ranked-choice count changed in who comes first or who went out when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RoundsChange {
    /// The one elected, else the last round's single leader (display names).
    pub first_before: Option<String>,
    pub first_after: Option<String>,
    pub order_changed: bool,
    /// Rounds in the new count.
    pub rounds: u32,
}

/// Who crossed the last-seat line of a vote-for-N race in one count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SeatChange {
    pub seats: u32,
    /// Now inside the seats, and no longer, by display name.
    pub entered: Vec<String>,
    pub left: Vec<String>,
    /// The last seat's lead over the first choice outside, after the count.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub edge_votes: u64,
}

/// A contest's results by area and by vote type, from the latest snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AreaResults {
    pub contest_id: String,
    /// "county", "precinct", or `None` when the feed has no area breakdown.
    pub area_kind: Option<String>,
    pub choices: Vec<HistoryChoice>,
    /// Votes per choice summed over vote types, in the order of `choices`.
    pub areas: Vec<AreaRow>,
    pub vote_types: Vec<VoteTypeRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AreaRow {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "Array<number | null>"))]
    pub votes: Vec<Option<u64>>,
    pub precincts_reported: Option<u32>,
    pub precincts_total: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct VoteTypeRow {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "Array<number | null>"))]
    pub votes: Vec<Option<u64>>,
}

/// Ballots cast and registered voters, as a feed gives them (Clarity's `ElectionVoterTurnout`),
/// for the election and per area. Either figure may be unknown; nothing is filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Turnout {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ballots_cast: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub registered: Option<u64>,
    pub areas: Vec<AreaTurnout>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AreaTurnout {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ballots_cast: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub registered: Option<u64>,
}

impl Turnout {
    /// Ballots cast as a share of registered voters, in percent; `None` unless both are known
    /// (and there are registered voters). Worked out here, not taken from the feed's own
    /// rounded figure.
    pub fn percent(&self) -> Option<f64> {
        match (self.ballots_cast, self.registered) {
            (Some(b), Some(r)) if r > 0 => Some(b as f64 * 100.0 / r as f64),
            _ => None,
        }
    }
}
