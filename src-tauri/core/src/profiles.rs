//! Candidate profiles: a versioned JSON file format (`data/profiles/profiles.schema.json`).
//!
//! Every fact carries the id of a source declared in the same file and the date the fact was
//! reported, so the UI can always say where a sentence comes from and how old it is.
//!
//! Version 2 adds translations: each sentence (`text`, a position's `topic`, an endorser's
//! `role`) may carry the same words in other languages, keyed by language code ("es"). The
//! written text stays the reference; a translation says the same fact from the same source.
//! Version 1 files (no translations) are still read.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::error::{Error, Result};

pub const FORMAT: &str = "tallyroom-profiles";
/// The version this build writes; it reads this one and every one listed in `READS`.
pub const VERSION: u32 = 2;
pub const READS: [u32; 2] = [1, 2];

/// The same words in other languages, by language code.
pub type Translations = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSet {
    pub format: String,
    pub version: u32,
    pub sources: Vec<Source>,
    pub profiles: Vec<Profile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// Only https links are ever opened.
    pub url: Option<String>,
    pub published: Option<String>,
    /// How the source was used, and anything a reader should know about it.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    /// The name exactly as the ballot (and the results feed) prints it.
    pub ballot_name: String,
    pub election_id: String,
    pub contest_id: String,
    pub choice_id: String,
    /// The ballot designation; `None` where no source gives it.
    pub ballot_designation: Option<String>,
    pub summary: Fact,
    pub biography: Vec<Fact>,
    pub endorsements: Vec<Endorsement>,
    pub positions: Vec<Position>,
    pub money: Vec<Fact>,
    pub polls: Vec<Poll>,
    pub earlier_results: Vec<Fact>,
    /// Every source this profile cites, copied in so a profile stands alone on the wire.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// As the source states it (NIST feeds carry it); `None` where no source gives it.
    #[serde(default)]
    pub profession: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// Public contact details, as a feed publishes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub address: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub text: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub translations: Translations,
    pub source: String,
    /// When the source reported it (YYYY-MM-DD).
    pub as_of: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum EndorsementKind {
    ElectedOfficial,
    Celebrity,
    Organisation,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Endorsement {
    pub name: String,
    pub kind: EndorsementKind,
    /// Their role as the source describes it at the time.
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub role_translations: Translations,
    pub source: String,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// A topic key shared across candidates so that Compare can line them up.
    pub topic: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub topic_translations: Translations,
    pub text: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub translations: Translations,
    pub source: String,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Poll {
    pub pollster: String,
    /// Who was asked, as the source says ("likely voters").
    pub population: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub population_translations: Translations,
    /// This candidate's share, in percent.
    pub share_percent: f64,
    pub text: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub translations: Translations,
    pub source: String,
    pub as_of: String,
}

impl ProfileSet {
    pub fn from_json(bytes: &[u8]) -> Result<ProfileSet> {
        let mut set: ProfileSet =
            serde_json::from_slice(bytes).map_err(|e| Error::Profiles(e.to_string()))?;
        set.validate()?;
        for p in &mut set.profiles {
            let cited = p.cited_sources();
            p.sources = set.sources.iter().filter(|s| cited.contains(&s.id)).cloned().collect();
        }
        Ok(set)
    }

    /// Checks what the JSON Schema cannot: unique ids and that every cited source exists.
    pub fn validate(&self) -> Result<()> {
        if self.format != FORMAT {
            return Err(Error::Profiles(format!(
                "format is \"{}\", expected \"{FORMAT}\"",
                self.format
            )));
        }
        if !READS.contains(&self.version) {
            return Err(Error::Profiles(format!(
                "version {} is not supported (this build reads versions {READS:?})",
                self.version
            )));
        }
        if self.version < 2 && self.has_translations() {
            return Err(Error::Profiles(
                "translations need version 2 of the profile format".into(),
            ));
        }
        let source_ids: HashSet<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        let mut ids = HashSet::new();
        for p in &self.profiles {
            if !ids.insert(p.id.as_str()) {
                return Err(Error::Profiles(format!("profile id \"{}\" appears twice", p.id)));
            }
            for s in p.cited_sources() {
                if !source_ids.contains(s.as_str()) {
                    return Err(Error::Profiles(format!(
                        "profile \"{}\" cites source \"{s}\", which the file does not declare",
                        p.id
                    )));
                }
            }
        }
        Ok(())
    }
}

impl ProfileSet {
    fn has_translations(&self) -> bool {
        self.profiles.iter().any(|p| {
            std::iter::once(&p.summary)
                .chain(&p.biography)
                .chain(&p.money)
                .chain(&p.earlier_results)
                .any(|f| !f.translations.is_empty())
                || p.positions
                    .iter()
                    .any(|x| !x.translations.is_empty() || !x.topic_translations.is_empty())
                || p.polls
                    .iter()
                    .any(|x| !x.translations.is_empty() || !x.population_translations.is_empty())
                || p.endorsements.iter().any(|e| !e.role_translations.is_empty())
        })
    }
}

impl Profile {
    pub fn cited_sources(&self) -> HashSet<String> {
        let facts = std::iter::once(&self.summary)
            .chain(&self.biography)
            .chain(&self.money)
            .chain(&self.earlier_results)
            .map(|f| &f.source);
        facts
            .chain(self.endorsements.iter().map(|e| &e.source))
            .chain(self.positions.iter().map(|p| &p.source))
            .chain(self.polls.iter().map(|p| &p.source))
            .cloned()
            .collect()
    }
}
