//! The Los Angeles County Registrar-Recorder's results feed,
//! `results.lavote.gov/electionresults/json?electionid=N`.
//!
//! The feed has no ids and no reporting figures; see [`crate::ids`] for how identity is derived.
//! Every field is read by serde into typed structs; unknown fields are ignored so that the county
//! can add fields without breaking the app, but every field we rely on is required.

use std::borrow::Cow;

use serde::Deserialize;

use super::{FeedFormat, ParsedChoice, ParsedContest, ParsedFeed};
use crate::error::{Error, FeedError, Result};
use crate::model::{ContestKind, Election, Reporting};
use crate::{ids, names};

pub const SOURCE: &str = "lavote";
/// The county's feed times ("2022-12-05T12:15:21.817") are Los Angeles wall-clock time.
pub const TIME_ZONE: &str = "America/Los_Angeles";

// Text is borrowed from the body where it has no escapes (`Cow`): a million-choice count
// would otherwise allocate each name and party once here and again in the parsed feed.

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Doc<'a> {
    #[serde(borrow)]
    election: DocElection<'a>,
    timestamp: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DocElection<'a> {
    /// A number in the county's feed; text is accepted too, anything else is refused below.
    #[serde(rename = "ID")]
    id: serde_json::Value,
    title: String,
    date: String,
    #[serde(borrow)]
    contest_groups: Vec<DocGroup<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DocGroup<'a> {
    name: String,
    #[serde(borrow)]
    contests: Vec<DocContest<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DocContest<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(rename = "Type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default, borrow)]
    vote_for: Cow<'a, str>,
    #[serde(default, borrow)]
    measure_text: Cow<'a, str>,
    #[serde(default, borrow)]
    measure_pass_rate: Cow<'a, str>,
    #[serde(borrow)]
    candidates: Vec<DocCandidate<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DocCandidate<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(default, borrow)]
    party: Cow<'a, str>,
    votes: u64,
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: FeedFormat::LaVote.name(), detail: detail.into() })
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub fn parse(bytes: &[u8]) -> Result<ParsedFeed> {
    let doc: Doc = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            malformed(format!("not valid JSON ({e})"))
        } else {
            malformed(e.to_string())
        }
    })?;
    let feed_election_id = match doc.election.id {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s,
        other => {
            return Err(malformed(format!("the election ID is {other}, not a number or text")))
        }
    };
    if feed_election_id.trim().is_empty() {
        return Err(malformed("the election has an empty ID"));
    }
    if doc.timestamp.trim().is_empty() {
        return Err(malformed("the Timestamp is empty"));
    }
    let election_id = ids::election_id(SOURCE, &feed_election_id);
    let mut contests =
        Vec::with_capacity(doc.election.contest_groups.iter().map(|g| g.contests.len()).sum());
    for group in doc.election.contest_groups {
        for c in group.contests {
            // A Type the county has never sent is carried as written, the contest read by
            // its choices: a new type of contest is no reason to refuse the count.
            let (kind, raw_kind) = match &*c.kind {
                "Candidate" => (ContestKind::Candidate, None),
                "Judicial" => (ContestKind::Judicial, None),
                "Measure" => (ContestKind::Measure, None),
                other => (
                    super::kind_from_choices(c.candidates.iter().map(|x| &*x.name)),
                    Some(other.trim().to_string()),
                ),
            };
            if c.title.trim().is_empty() {
                return Err(malformed(format!(
                    "a contest in group \"{}\" has no title",
                    group.name
                )));
            }
            let id = ids::contest_id(&election_id, &group.name, &c.title);
            let mut choices = Vec::with_capacity(c.candidates.len());
            for cand in c.candidates {
                let choice_id = ids::choice_id(&id, &cand.name);
                choices.push(ParsedChoice {
                    id: choice_id,
                    name: names::person_name(&cand.name),
                    raw_name: cand.name.into_owned(),
                    party: non_empty(&cand.party),
                    votes: Some(cand.votes),
                    details: vec![],
                });
            }
            if let Some(i) = ids::first_repeat(choices.iter().map(|x| x.id.as_str())) {
                return Err(malformed(format!(
                    "choice \"{}\" appears twice in contest \"{}\"",
                    choices[i].raw_name, c.title
                )));
            }
            let parts = names::split_title(&c.title, &group.name);
            contests.push(ParsedContest {
                id,
                level: names::level(&group.name, &c.title, kind),
                group: group.name.clone(),
                title: parts.title,
                office: parts.office,
                jurisdiction: parts.jurisdiction,
                kind,
                vote_for: names::vote_for(&c.vote_for),
                pass_rule: non_empty(&c.measure_pass_rate),
                measure_text: non_empty(&c.measure_text),
                raw_title: c.title.into_owned(),
                reporting: Reporting::default(),
                area_kind: None,
                areas: vec![],
                choices,
                rounds: None,
                raw_kind,
            });
        }
    }
    if let Some(i) = ids::first_repeat(contests.iter().map(|c| c.id.as_str())) {
        let c = &contests[i];
        return Err(malformed(format!(
            "contest \"{}\" appears twice in group \"{}\"",
            c.raw_title, c.group
        )));
    }
    Ok(ParsedFeed {
        format: FeedFormat::LaVote,
        election: Election { id: election_id, title: doc.election.title, date: doc.election.date },
        feed_timestamp: doc.timestamp,
        contests,
        profiles: vec![],
        ballots_outstanding: None,
        turnout: None,
    })
}
