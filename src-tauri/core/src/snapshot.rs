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
        hash_of(self)
    }
}

/// SHA-256 of a value's compact JSON, hex, written straight into the hasher.
fn hash_of(value: &impl Serialize) -> String {
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
    // serde_json writes a few bytes at a time (a quote, a comma, a field name); buffered, the
    // hasher takes them in large slices.
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, HashWriter(Sha256::new()));
    // Serialising plain structs of strings and numbers cannot fail, nor can writing to a hasher.
    let _ = serde_json::to_writer(&mut w, value);
    let _ = std::io::Write::flush(&mut w);
    hex::encode(w.into_parts().0 .0.finalize())
}

/// The content hash of the count a parsed feed holds: the hash of its [`SnapshotV1`] bytes,
/// serialised from borrowed fields. Building the owned `SnapshotV1` first copied every string
/// of the count, 2–3 s of a refresh at a million rows (BENCHMARKS.md). The mirrors below must
/// write the same bytes as `SnapshotV1`; a test compares them on every fixture.
pub fn content_hash_of(feed: &ParsedFeed) -> String {
    hash_of(&SnapshotRef::from(feed))
}

impl<'a> From<&'a ParsedFeed> for SnapshotRef<'a> {
    fn from(feed: &'a ParsedFeed) -> Self {
        SnapshotRef {
            snapshot_version: SNAPSHOT_VERSION,
            format: feed.format,
            election: &feed.election,
            feed_timestamp: &feed.feed_timestamp,
            contests: Contests(&feed.contests),
            profiles: &feed.profiles,
            ballots_outstanding: feed.ballots_outstanding,
            turnout: feed.turnout.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct SnapshotRef<'a> {
    snapshot_version: u32,
    format: FeedFormat,
    election: &'a Election,
    feed_timestamp: &'a str,
    contests: Contests<'a>,
    profiles: &'a [Profile],
    #[serde(skip_serializing_if = "Option::is_none")]
    ballots_outstanding: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    turnout: Option<&'a crate::model::Turnout>,
}

struct Contests<'a>(&'a [ParsedContest]);

impl Serialize for Contests<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| ContestRef {
            id: &c.id,
            group: &c.group,
            raw_title: &c.raw_title,
            title: &c.title,
            office: &c.office,
            jurisdiction: &c.jurisdiction,
            kind: c.kind,
            level: c.level,
            vote_for: c.vote_for,
            pass_rule: c.pass_rule.as_deref(),
            measure_text: c.measure_text.as_deref(),
            reporting: &c.reporting,
            area_kind: c.area_kind.as_deref(),
            areas: &c.areas,
            choices: Choices(&c.choices),
            rounds: c.rounds.as_ref(),
            raw_kind: c.raw_kind.as_deref(),
        }))
    }
}

#[derive(Serialize)]
struct ContestRef<'a> {
    id: &'a str,
    group: &'a str,
    raw_title: &'a str,
    title: &'a str,
    office: &'a str,
    jurisdiction: &'a str,
    kind: ContestKind,
    level: Level,
    vote_for: u32,
    pass_rule: Option<&'a str>,
    measure_text: Option<&'a str>,
    reporting: &'a Reporting,
    area_kind: Option<&'a str>,
    areas: &'a [AreaStatus],
    choices: Choices<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounds: Option<&'a crate::rcv::Tabulation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_kind: Option<&'a str>,
}

struct Choices<'a>(&'a [ParsedChoice]);

impl Serialize for Choices<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|ch| ChoiceRef {
            id: &ch.id,
            raw_name: &ch.raw_name,
            name: &ch.name,
            party: ch.party.as_deref(),
            votes: ch.votes,
            details: &ch.details,
        }))
    }
}

#[derive(Serialize)]
struct ChoiceRef<'a> {
    id: &'a str,
    raw_name: &'a str,
    name: &'a str,
    party: Option<&'a str>,
    votes: Option<u64>,
    details: &'a [Detail],
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

    /// The borrowed mirrors write `SnapshotV1`'s bytes exactly, on every fixture that parses:
    /// every format, and the optional fields (rounds, turnout, ballots outstanding, an unseen
    /// contest type) each present somewhere, so a field added to one side only fails here.
    #[test]
    fn borrowed_hash_equals_the_snapshot_hash() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["tests/data/clarity", "tests/data/nist-cdf", "tests/data/rcv", "tests/data/bad"]
            .iter()
            .chain(&["data/lavote"])
        {
            for e in std::fs::read_dir(root.join(dir)).expect("fixture folder") {
                let path = e.expect("entry").path();
                if path.is_file() {
                    files.push(path);
                }
            }
        }
        let mut feeds: Vec<(String, ParsedFeed)> = files
            .iter()
            .filter_map(|p| {
                let feed = crate::feeds::parse(&std::fs::read(p).expect("read")).ok()?;
                Some((p.display().to_string(), feed))
            })
            .collect();
        // No fixture has a contest type its adapter had never seen; the unseen-input tests
        // make one the same way.
        let mut unseen = feeds.last().expect("a fixture parses").1.clone();
        unseen.contests[0].raw_kind = Some("Approval voting".into());
        feeds.push(("an unseen contest type".into(), unseen));
        let (mut parsed, mut rounds, mut turnout, mut outstanding, mut raw_kind) = (0, 0, 0, 0, 0);
        for (path, feed) in &feeds {
            let owned = SnapshotV1::from(feed);
            let mut borrowed = Vec::new();
            serde_json::to_writer(&mut borrowed, &SnapshotRef::from(feed)).expect("serialises");
            assert!(borrowed == owned.to_bytes(), "{path}");
            assert_eq!(content_hash_of(feed), owned.content_hash(), "{path}");
            parsed += 1;
            rounds += usize::from(feed.contests.iter().any(|c| c.rounds.is_some()));
            raw_kind += usize::from(feed.contests.iter().any(|c| c.raw_kind.is_some()));
            turnout += usize::from(feed.turnout.is_some());
            outstanding += usize::from(feed.ballots_outstanding.is_some());
        }
        assert!(parsed >= 10, "{parsed} fixtures parsed");
        assert!(
            rounds > 0 && turnout > 0 && outstanding > 0 && raw_kind > 0,
            "rounds {rounds}, turnout {turnout}, outstanding {outstanding}, raw kind {raw_kind}"
        );
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
