//! The published form of one count: what a signed feed's `s/<hash>.json` holds, what is kept for
//! deltas, and what a snapshot's content hash is taken over.
//!
//! `ParsedFeed` is the parsers' working type and may change shape whenever a format is added;
//! `SnapshotV1` changes only by becoming `SnapshotV2`, so a file published today reads the same
//! tomorrow. The two mirror each other field for field on purpose; `From` goes both ways, and
//! the round-trip test below fails if a field is added to one side only.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::feeds::{AreaStatus, Detail, FeedFormat, ParsedChoice, ParsedContest, ParsedFeed};
use crate::model::{ContestKind, Election, Level, Reporting};
use crate::profiles::Profile;

/// The version this build writes and the only one it reads.
pub const SNAPSHOT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotV1 {
    /// Always [`SNAPSHOT_VERSION`]; a reader refuses any other.
    pub snapshot_version: u32,
    pub format: FeedFormat,
    pub election: Election,
    pub feed_timestamp: String,
    pub contests: Vec<ContestV1>,
    pub profiles: Vec<Profile>,
    /// Absent (not `null`) when the feed does not say, so a snapshot without it hashes as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots_outstanding: Option<u64>,
    /// Absent when the feed does not say, like `ballots_outstanding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnout: Option<crate::model::Turnout>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestV1 {
    pub id: String,
    pub group: String,
    pub raw_title: String,
    pub title: String,
    pub office: String,
    pub jurisdiction: String,
    pub kind: ContestKind,
    pub level: Level,
    pub vote_for: u32,
    pub pass_rule: Option<String>,
    pub measure_text: Option<String>,
    pub reporting: Reporting,
    pub area_kind: Option<String>,
    pub areas: Vec<AreaStatus>,
    pub choices: Vec<ChoiceV1>,
    /// A ranked-choice contest's rounds; absent otherwise, so other snapshots hash as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<crate::rcv::Tabulation>,
    /// A contest type the adapter had never seen; absent otherwise, for the same reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceV1 {
    pub id: String,
    pub raw_name: String,
    pub name: String,
    pub party: Option<String>,
    pub votes: Option<u64>,
    pub details: Vec<Detail>,
}

impl From<&ParsedContest> for ContestV1 {
    fn from(c: &ParsedContest) -> Self {
        ContestV1 {
            id: c.id.clone(),
            group: c.group.clone(),
            raw_title: c.raw_title.clone(),
            title: c.title.clone(),
            office: c.office.clone(),
            jurisdiction: c.jurisdiction.clone(),
            kind: c.kind,
            level: c.level,
            vote_for: c.vote_for,
            pass_rule: c.pass_rule.clone(),
            measure_text: c.measure_text.clone(),
            reporting: c.reporting.clone(),
            area_kind: c.area_kind.clone(),
            areas: c.areas.clone(),
            choices: c
                .choices
                .iter()
                .map(|ch| ChoiceV1 {
                    id: ch.id.clone(),
                    raw_name: ch.raw_name.clone(),
                    name: ch.name.clone(),
                    party: ch.party.clone(),
                    votes: ch.votes,
                    details: ch.details.clone(),
                })
                .collect(),
            rounds: c.rounds.clone(),
            raw_kind: c.raw_kind.clone(),
        }
    }
}

impl From<ContestV1> for ParsedContest {
    fn from(c: ContestV1) -> Self {
        ParsedContest {
            id: c.id,
            group: c.group,
            raw_title: c.raw_title,
            title: c.title,
            office: c.office,
            jurisdiction: c.jurisdiction,
            kind: c.kind,
            level: c.level,
            vote_for: c.vote_for,
            pass_rule: c.pass_rule,
            measure_text: c.measure_text,
            reporting: c.reporting,
            area_kind: c.area_kind,
            areas: c.areas,
            choices: c
                .choices
                .into_iter()
                .map(|ch| ParsedChoice {
                    id: ch.id,
                    raw_name: ch.raw_name,
                    name: ch.name,
                    party: ch.party,
                    votes: ch.votes,
                    details: ch.details,
                })
                .collect(),
            rounds: c.rounds,
            raw_kind: c.raw_kind,
        }
    }
}

impl From<&ParsedFeed> for SnapshotV1 {
    fn from(f: &ParsedFeed) -> Self {
        SnapshotV1 {
            snapshot_version: SNAPSHOT_VERSION,
            format: f.format,
            election: f.election.clone(),
            feed_timestamp: f.feed_timestamp.clone(),
            contests: f.contests.iter().map(ContestV1::from).collect(),
            profiles: f.profiles.clone(),
            ballots_outstanding: f.ballots_outstanding,
            turnout: f.turnout.clone(),
        }
    }
}

impl From<SnapshotV1> for ParsedFeed {
    fn from(s: SnapshotV1) -> Self {
        ParsedFeed {
            format: s.format,
            election: s.election,
            feed_timestamp: s.feed_timestamp,
            contests: s.contests.into_iter().map(ParsedContest::from).collect(),
            profiles: s.profiles,
            ballots_outstanding: s.ballots_outstanding,
            turnout: s.turnout,
        }
    }
}

impl SnapshotV1 {
    /// The canonical bytes: compact JSON in field order. A snapshot file is exactly these.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Serialising plain structs of strings and numbers cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a snapshot file, refusing any other version.
    pub fn from_bytes(bytes: &[u8]) -> Result<SnapshotV1, String> {
        #[derive(Deserialize)]
        struct Probe {
            snapshot_version: Option<u32>,
        }
        let probe: Probe = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        match probe.snapshot_version {
            Some(SNAPSHOT_VERSION) => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
            Some(v) => Err(format!(
                "it is snapshot version {v}; this Tallyroom reads version {SNAPSHOT_VERSION}"
            )),
            None => Err("it has no snapshot_version".into()),
        }
    }

    /// SHA-256 of the canonical bytes, hex: every field that is stored goes into it.
    pub fn content_hash(&self) -> String {
        struct HashWriter(Sha256);
        impl std::io::Write for HashWriter {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut w = HashWriter(Sha256::new());
        let _ = serde_json::to_writer(&mut w, self);
        hex::encode(w.0.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_every_field() {
        let bytes = include_bytes!("../../../tests/data/clarity/wv_counties_2020-11-03.xml");
        let feed = crate::feeds::parse(bytes).expect("the Clarity fixture parses");
        let snap = SnapshotV1::from(&feed);
        let back = ParsedFeed::from(SnapshotV1::from_bytes(&snap.to_bytes()).expect("reads"));
        assert_eq!(back, feed);
        assert_eq!(snap.content_hash(), crate::ids::sha256_hex(&snap.to_bytes()));
    }

    #[test]
    fn other_versions_are_refused() {
        let feed = crate::feeds::parse(include_bytes!(
            "../../../tests/data/clarity/wv_counties_2020-11-03.xml"
        ))
        .expect("parses");
        let mut v: serde_json::Value =
            serde_json::from_slice(&SnapshotV1::from(&feed).to_bytes()).expect("json");
        v["snapshot_version"] = 2.into();
        let err = SnapshotV1::from_bytes(v.to_string().as_bytes()).expect_err("v2 refused");
        assert!(err.contains("version 2"), "{err}");
    }
}
