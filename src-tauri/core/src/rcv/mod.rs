//! Ranked-choice contests, round by round.
//!
//! A ranked-choice result is a list of rounds, each a tally of the continuing candidates with
//! who was eliminated or elected and where those ballots went. Two sources give them:
//! RCTab's detailed reports (`report.rs`, JSON and CSV, official), and Tallyroom's own
//! tabulation of cast vote records (`cvr.rs`, `tabulate.rs`), which is only ever labelled
//! preliminary. Both give one [`Tabulation`].
//!
//! Votes are decimal text exactly as the file writes it ("14866.0000", "177.5192"): a
//! multi-seat count moves fractions of ballots, and a float would change the figures a city
//! published. Arithmetic (checks, sums) goes through `rust_decimal`, never `f64`.

pub mod cvr;
pub mod report;
pub mod rules;
pub mod tabulate;

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// Where a contest's rounds come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A tabulator's report as the jurisdiction published it.
    Report,
    /// Computed by Tallyroom from cast vote records before any official tabulation.
    Preliminary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Tabulation {
    pub origin: Origin,
    /// How many cast vote records a preliminary tabulation read.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub cast_vote_records: Option<u64>,
    /// The program that wrote the report ("RCTab 2.0.0").
    pub generated_by: Option<String>,
    pub seats: u32,
    /// Every candidate, in the order of the first round's votes (most first).
    pub candidates: Vec<String>,
    pub total_ballots: Option<String>,
    /// Ballots that ranked no one in this contest.
    pub undervotes: Option<String>,
    pub rounds: Vec<Round>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Round {
    pub round: u32,
    /// The candidates still in the count this round (not eliminated in an earlier round).
    pub tally: Vec<Votes>,
    pub threshold: Option<String>,
    pub eliminated: Vec<String>,
    pub elected: Vec<String>,
    /// Those of `eliminated` or `elected` the report marks as decided by a tie-break (the
    /// CSV's `*`, "Tie resolved in accordance with election law").
    pub by_tie_break: Vec<String>,
    /// What each candidate in this round's tally gains (or loses, eliminated) by the next
    /// round, worked out from the two tallies; empty in the last round. The CSV's "transfer"
    /// column, for either form of report.
    pub net: Vec<Votes>,
    /// Where the ballots of each candidate eliminated or elected this round went. A CSV report
    /// gives only each candidate's net change, so there this list is empty.
    pub transfers: Vec<Transfer>,
    /// Ballots no longer counting for anyone, by reason (`overvotes`, `skipped_rankings`,
    /// `exhausted_choices`, `repeated_rankings`, or a reason Tallyroom does not know, as written).
    pub inactive: Vec<Votes>,
    /// Votes lost to rounding in fractional transfers, to the start of this round (CSV only).
    pub residual_surplus: Option<String>,
    /// The surplus still held by winners when the count stopped (multi-seat, last round only).
    pub final_round_surplus: Option<String>,
}

/// A candidate's (or a reason's) votes, as decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Votes {
    pub name: String,
    pub votes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Transfer {
    pub from: String,
    pub to: Target,
    pub votes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Target {
    Candidate(String),
    /// The ballots became inactive.
    Exhausted,
    /// Lost to rounding in a fractional transfer.
    ResidualSurplus,
}

/// A decimal from feed text: digits with an optional sign and fraction, nothing else.
pub fn decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return None;
    }
    Decimal::from_str(t).ok()
}

fn sum<'a>(texts: impl IntoIterator<Item = &'a String>) -> Decimal {
    texts.into_iter().filter_map(|t| decimal(t)).sum()
}

impl Round {
    pub fn votes_of(&self, name: &str) -> Option<&str> {
        self.tally.iter().find(|v| v.name == name).map(|v| v.votes.as_str())
    }

    pub fn active(&self) -> Decimal {
        sum(self.tally.iter().map(|v| &v.votes))
    }

    pub fn inactive_total(&self) -> Decimal {
        sum(self.inactive.iter().map(|v| &v.votes))
    }
}

impl Tabulation {
    pub fn last_round(&self) -> Option<&Round> {
        self.rounds.last()
    }

    /// Everyone the count elected, in the order it did.
    pub fn elected(&self) -> Vec<(&str, u32)> {
        self.rounds
            .iter()
            .flat_map(|r| r.elected.iter().map(move |n| (n.as_str(), r.round)))
            .collect()
    }

    /// For each round, the ballots the round's own figures leave unaccounted for: the ballots
    /// that ranked anyone, less the tally, the inactive ballots, the residual surplus so far and
    /// the surplus held at the end. Zero where a report adds up; `None` where it does not give
    /// its totals. Residual surplus comes from the round's own figure (CSV) or from the earlier
    /// rounds' transfers (JSON).
    pub fn unaccounted(&self) -> Vec<Option<Decimal>> {
        let ranked = match (
            self.total_ballots.as_deref().and_then(decimal),
            self.undervotes.as_deref().and_then(decimal),
        ) {
            (Some(t), Some(u)) => Some(t - u),
            _ => None,
        };
        let mut residual_so_far = Decimal::ZERO;
        self.rounds
            .iter()
            .map(|r| {
                let residual =
                    r.residual_surplus.as_deref().and_then(decimal).unwrap_or(residual_so_far);
                residual_so_far += r
                    .transfers
                    .iter()
                    .filter(|t| t.to == Target::ResidualSurplus)
                    .filter_map(|t| decimal(&t.votes))
                    .sum::<Decimal>();
                let held = r.final_round_surplus.as_deref().and_then(decimal).unwrap_or_default();
                ranked.map(|n| n - r.active() - r.inactive_total() - residual - held)
            })
            .collect()
    }

    /// The candidates with the most votes in the last round (several when they tie).
    pub fn ahead_in_last_round(&self) -> Vec<&str> {
        let Some(last) = self.last_round() else { return Vec::new() };
        let best = last.tally.iter().filter_map(|v| decimal(&v.votes)).max();
        last.tally
            .iter()
            .filter(|v| best.is_some() && decimal(&v.votes) == best)
            .map(|v| v.name.as_str())
            .collect()
    }

    /// Who went out, round by round: the order a new report version must keep for an alert
    /// not to be raised.
    pub fn elimination_order(&self) -> Vec<Vec<&str>> {
        self.rounds.iter().map(|r| r.eliminated.iter().map(String::as_str).collect()).collect()
    }
}

/// Preliminary rounds from cast vote records (one or more files of the same contest, each
/// `(name, JSON)`), tabulated by `rules`, as a feed of one contest.
///
/// Its "as of" is the contest's date, as an RCTab report's is: a report and the preliminary
/// rounds of one contest are versions of one count, ordered by arrival, so the official report
/// that comes after the preliminary rounds replaces them as the latest.
pub fn preliminary_feed(
    files: &[(String, serde_json::Value)],
    rules: &rules::Rules,
) -> crate::Result<crate::feeds::ParsedFeed> {
    if rules.contest.is_empty() {
        return Err(crate::Error::from(crate::error::FeedError::Malformed {
            format: "RCTab rules",
            detail: "the rules name no contest (outputSettings.contestName)".into(),
        }));
    }
    let mut ballots = Vec::new();
    for (name, doc) in files {
        ballots.extend(cvr::read(doc, name, rules)?);
    }
    let tab = tabulate::tabulate(&ballots, rules)?;
    let meta = report::Meta {
        contest: rules.contest.clone(),
        jurisdiction: rules.jurisdiction.clone(),
        office: rules.office.clone(),
        date: rules.date.clone(),
    };
    Ok(report::to_feed(crate::feeds::FeedFormat::NistCvr, meta, tab))
}
