//! NIST SP 1500-103 cast vote records, JSON form: each ballot's rankings in one contest.
//!
//! Read the way RCTab reads them (`CommonDataFormatReader.java`): the snapshot named by
//! `CurrentSnapshotId` (else the `original` one), its `CVRContest` for the contest, and for each
//! selection the candidate behind `ContestSelectionId` (a selection marked `IsWriteIn` is an
//! undeclared write-in), at the rank of each of its positions.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::rules::Rules;
use crate::error::{Error, FeedError, Result};
use crate::feeds::FeedFormat;

/// One ballot: rank → the candidates marked at that rank (two or more is an overvote).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub id: String,
    pub rankings: BTreeMap<u32, Vec<String>>,
}

fn bad(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: FeedFormat::NistCvr.name(), detail: detail.into() })
}

fn arr<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// True when a JSON document is a cast vote record report.
pub fn is_cvr_report(doc: &Value) -> bool {
    s(doc, "@type").is_some_and(|t| t.ends_with("CastVoteRecordReport"))
}

/// The ballots of one file. `file` names the file in messages. A ranking of a candidate the rules
/// do not list, or above the rules' ranking limit, refuses the file with the place named.
pub fn read(doc: &Value, file: &str, rules: &Rules) -> Result<Vec<Ballot>> {
    if !is_cvr_report(doc) {
        return Err(bad(format!("{file} is not a CastVoteRecordReport")));
    }
    let candidates: HashMap<&str, &str> = arr(doc, "Election")
        .flat_map(|e| arr(e, "Candidate"))
        .filter_map(|c| Some((s(c, "@id")?, s(c, "Name")?)))
        .collect();
    let contests: Vec<&Value> = arr(doc, "Election").flat_map(|e| arr(e, "Contest")).collect();
    let [contest] = contests.as_slice() else {
        return Err(bad(format!(
            "{file} has {} contests; Tallyroom reads a file of one ranked-choice contest",
            contests.len()
        )));
    };
    let contest_id = s(contest, "@id").unwrap_or_default();
    // Selection id → the candidate's name, or None for a write-in selection.
    let mut selections: HashMap<&str, Option<&str>> = HashMap::new();
    for sel in arr(contest, "ContestSelection") {
        let Some(id) = s(sel, "@id") else { continue };
        let write_in = matches!(sel.get("IsWriteIn"), Some(Value::Bool(true)))
            || s(sel, "IsWriteIn") == Some("true");
        let name = arr(sel, "CandidateIds")
            .next()
            .and_then(Value::as_str)
            .and_then(|c| candidates.get(c).copied());
        if !write_in && name.is_none() {
            return Err(bad(format!("{file}: contest selection {id} names no known candidate")));
        }
        selections.insert(id, if write_in { None } else { name });
    }
    let mut ballots = Vec::new();
    for (i, cvr) in arr(doc, "CVR").enumerate() {
        let id = s(cvr, "UniqueId")
            .or_else(|| s(cvr, "BallotPrePrintedId"))
            .map(str::to_string)
            .unwrap_or_else(|| format!("record {}", i + 1));
        let place = || format!("{file}, cast vote record {id}");
        let snapshots: Vec<&Value> = arr(cvr, "CVRSnapshot").collect();
        let current = s(cvr, "CurrentSnapshotId");
        let snapshot = snapshots
            .iter()
            .find(|sn| current.is_some() && s(sn, "@id") == current)
            .or_else(|| snapshots.iter().find(|sn| s(sn, "Type") == Some("original")))
            .or_else(|| snapshots.first())
            .ok_or_else(|| bad(format!("{}: no CVRSnapshot", place())))?;
        let Some(cvr_contest) =
            arr(snapshot, "CVRContest").find(|c| s(c, "ContestId") == Some(contest_id))
        else {
            continue; // This ballot did not have the contest.
        };
        let mut rankings: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for sel in arr(cvr_contest, "CVRContestSelection") {
            let sel_id = s(sel, "ContestSelectionId").unwrap_or_default();
            let name = match selections.get(sel_id) {
                Some(Some(name)) => *name,
                Some(None) => super::rules::UNDECLARED_WRITE_INS,
                None => {
                    return Err(bad(format!(
                        "{}: selection \"{sel_id}\" is not in contest {contest_id}",
                        place()
                    )))
                }
            };
            for pos in arr(sel, "SelectionPosition") {
                if s(pos, "HasIndication") == Some("no") {
                    continue;
                }
                let Some(rank) = pos.get("Rank").and_then(Value::as_u64) else { continue };
                let rank = u32::try_from(rank)
                    .ok()
                    .filter(|r| *r >= 1)
                    .ok_or_else(|| bad(format!("{}: rank {rank} is not a rank", place())))?;
                let candidate = rules.candidate_for(name).ok_or_else(|| {
                    bad(format!(
                        "{}: rank {rank} names \"{name}\", who is not a candidate in the \
                         contest's rules",
                        place()
                    ))
                })?;
                if let Some(max) = rules.max_rankings.filter(|m| rank > *m) {
                    return Err(bad(format!(
                        "{}: it has a ranking {rank}, but the rules allow {max} rankings",
                        place()
                    )));
                }
                rankings.entry(rank).or_default().push(candidate.to_string());
            }
        }
        ballots.push(Ballot { id, rankings });
    }
    Ok(ballots)
}
