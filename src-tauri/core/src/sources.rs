//! The feeds the user follows: each with its address as the user gave it, a label, the kind
//! Tallyroom found there, a key for a signed feed, and (for a Clarity state site) whether its
//! county sites are followed too.
//!
//! A source's validators and last outcome live in the cache's `feed_state`, keyed by address:
//! they are facts about the server, rebuilt by one refresh if the cache is lost. The list itself
//! is the user's choice and lives in settings.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::feeds::FeedFormat;

/// One feed the user follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct FeedSource {
    /// Short and stable ("1", "2"): what `tallyroom-cli sources remove` takes.
    pub id: String,
    /// The address as the user pasted it (a Clarity page keeps its `web.N/#/…`).
    pub url: String,
    pub label: String,
    /// The minisign public key of a signed Tallyroom feed; official feeds need none.
    #[serde(default)]
    pub public_key: Option<String>,
    /// What Tallyroom found at the address when it was added; `None` for one added before
    /// Tallyroom looked (a settings file from an older version).
    #[serde(default)]
    pub kind: Option<SourceKind>,
    /// For a Clarity state site: also follow each participating county's own site.
    #[serde(default)]
    pub follow_counties: bool,
}

/// What a source turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    LaCounty,
    ClaritySite,
    ClarityFile,
    NistCdf,
    RctabReport,
    CastVoteRecords,
    SignedFeed,
    TallyroomFile,
}

impl SourceKind {
    pub fn of_format(format: FeedFormat) -> SourceKind {
        match format {
            FeedFormat::LaVote => SourceKind::LaCounty,
            FeedFormat::Clarity => SourceKind::ClarityFile,
            FeedFormat::ClaritySummary => SourceKind::ClaritySite,
            FeedFormat::NistXml | FeedFormat::NistJson => SourceKind::NistCdf,
            FeedFormat::Tallyroom => SourceKind::TallyroomFile,
            FeedFormat::RctabJson | FeedFormat::RctabCsv => SourceKind::RctabReport,
            FeedFormat::NistCvr => SourceKind::CastVoteRecords,
        }
    }

    /// For the CLI and logs; the UI words it from its catalogue.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::LaCounty => "LA County results",
            SourceKind::ClaritySite => "Clarity results site",
            SourceKind::ClarityFile => "Clarity detail XML",
            SourceKind::NistCdf => "NIST CDF file",
            SourceKind::RctabReport => "RCTab report",
            SourceKind::CastVoteRecords => "cast vote records",
            SourceKind::SignedFeed => "signed Tallyroom feed",
            SourceKind::TallyroomFile => "Tallyroom snapshot",
        }
    }
}

/// What an address holds, found before it is saved as a source: "Clarity site: Georgia,
/// General Election 2020-11-03, 159 counties". Nothing here is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SourceProbe {
    pub kind: SourceKind,
    /// The election's name as the feed gives it; `None` where it gives none.
    pub election: Option<String>,
    /// `YYYY-MM-DD`, where the feed gives a date.
    pub date: Option<String>,
    /// Where the feed names its area (a state, a county).
    pub area: Option<String>,
    /// Contests in the newest count; `None` where finding out would take another download.
    pub contests: Option<u32>,
    /// A Clarity state site's participating county sites.
    pub counties: Option<u32>,
    /// A label to offer: the area or the election, else the host.
    pub suggested_label: String,
}

/// The list as a new settings file has it: LA County's 2022 count, which the app also bundles.
pub fn default_sources() -> Vec<FeedSource> {
    vec![FeedSource {
        id: "1".into(),
        url: crate::settings::DEFAULT_FEED_URL.into(),
        label: "LA County".into(),
        public_key: None,
        kind: Some(SourceKind::LaCounty),
        follow_counties: false,
    }]
}

/// The next free id: one more than the largest number in use.
pub fn next_id(sources: &[FeedSource]) -> String {
    let max = sources.iter().filter_map(|s| s.id.parse::<u64>().ok()).max().unwrap_or(0);
    (max + 1).to_string()
}

/// The same address, as far as following it goes: a Clarity page and its site are one source,
/// and so are two spellings of one URL.
pub fn same_address(a: &str, b: &str) -> bool {
    let key = |raw: &str| url::Url::parse(raw.trim()).ok().map(|u| crate::sync::state_key(&u));
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_addresses() {
        let mut list = default_sources();
        assert_eq!(next_id(&list), "2");
        list.push(FeedSource { id: "7".into(), ..list[0].clone() });
        assert_eq!(next_id(&list), "8");
        assert!(same_address(
            "https://results.enr.clarityelections.com/GA/105369/web.264614/#/summary",
            "https://results.enr.clarityelections.com/GA/105369/"
        ));
        assert!(!same_address(
            "https://results.enr.clarityelections.com/GA/105369/",
            "https://results.enr.clarityelections.com/GA/Fulton/105430/"
        ));
        assert!(same_address("https://a.example/feed", " https://a.example/feed "));
    }
}
