//! Candidate profiles: a versioned JSON file format (`data/profiles/profiles.schema.json`).
//!
//! Every fact carries the id of a source declared in the same file and the date the fact was
//! reported, so the UI can always say where a sentence comes from and how old it is.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::error::{Error, Result};

pub const FORMAT: &str = "tallyroom-profiles";
pub const VERSION: u32 = 1;

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
    pub source: String,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// A topic key shared across candidates so that Compare can line them up.
    pub topic: String,
    pub text: String,
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
    /// This candidate's share, in percent.
    pub share_percent: f64,
    pub text: String,
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
        if self.version != VERSION {
            return Err(Error::Profiles(format!(
                "version {} is not supported (this build reads version {VERSION})",
                self.version
            )));
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
