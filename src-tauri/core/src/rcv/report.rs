//! RCTab's detailed report, as JSON (`jsonFormatVersion` 1) and as CSV (`CSV Format Version` 1).
//!
//! Both forms carry the same rounds; the JSON also says where each eliminated candidate's
//! ballots went, the CSV only each candidate's net change (which the tallies already give, so it
//! is not kept). Every figure is kept as the file writes it. The layout was read from RCTab's own
//! writer (`ResultsWriter.java` in BrightSpots/rcv) and its published test reports.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::{decimal, Round, Tabulation, Target, Transfer, Votes};
use crate::error::{Error, FeedError, Result};
use crate::feeds::{FeedFormat, ParsedChoice, ParsedContest, ParsedFeed};
use crate::model::{ContestKind, Election, Reporting};
use crate::{ids, names};

/// What a report says about its contest besides the rounds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    pub contest: String,
    pub jurisdiction: String,
    pub office: String,
    pub date: String,
}

pub(crate) fn bad(format: FeedFormat, detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: format.name(), detail: detail.into() })
}

/// True when a JSON document is an RCTab report (a `config` and a list of `results`).
pub fn is_report_json(doc: &Value) -> bool {
    doc.get("config").is_some_and(Value::is_object)
        && doc.get("results").is_some_and(Value::is_array)
}

/// True when text is an RCTab CSV report.
pub fn is_report_csv(body: &[u8]) -> bool {
    body.starts_with(b"Contest Information")
}

fn reason_code(raw: &str) -> String {
    match raw {
        "overvotes" | "Overvotes" => "overvotes".into(),
        "skippedRankings" | "Skipped Rankings" => "skipped_rankings".into(),
        "exhaustedChoices" | "Exhausted Choices" => "exhausted_choices".into(),
        "repeatedRankings" | "Repeated Rankings" => "repeated_rankings".into(),
        other => other.to_string(),
    }
}

/// A figure that must be a non-negative decimal; `place` names where it is in the file.
fn figure(format: FeedFormat, text: &str, place: impl FnOnce() -> String) -> Result<String> {
    match decimal(text) {
        Some(d) if !d.is_sign_negative() => Ok(text.trim().to_string()),
        _ => Err(bad(format, format!("{}: \"{text}\" is not a count of votes", place()))),
    }
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads an RCTab JSON report.
pub fn parse_json(doc: &Value) -> Result<(Meta, Tabulation)> {
    let f = FeedFormat::RctabJson;
    let config = &doc["config"];
    let s = |k: &str| config.get(k).and_then(Value::as_str).unwrap_or_default().trim().to_string();
    let meta = Meta {
        contest: s("contest"),
        jurisdiction: s("jurisdiction"),
        office: s("office"),
        date: s("date"),
    };
    if meta.contest.is_empty() {
        return Err(bad(f, "the report's config names no contest"));
    }
    let mut rounds = Vec::new();
    for (i, r) in doc["results"].as_array().into_iter().flatten().enumerate() {
        let number = r.get("round").and_then(Value::as_u64);
        let expected = i as u64 + 1;
        if number != Some(expected) {
            return Err(bad(
                f,
                format!(
                    "round {expected} is missing: the results list has {} there",
                    number.map_or("no round number".into(), |n| format!("round {n}"))
                ),
            ));
        }
        let n = expected as u32;
        let mut tally = Vec::new();
        for (name, v) in r.get("tally").and_then(Value::as_object).into_iter().flatten() {
            let text = text_of(v).unwrap_or_default();
            let votes = figure(f, &text, || format!("round {n}, the tally of \"{name}\""))?;
            tally.push(Votes { name: name.clone(), votes });
        }
        let mut eliminated = Vec::new();
        let mut elected = Vec::new();
        let mut transfers = Vec::new();
        for result in r.get("tallyResults").and_then(Value::as_array).into_iter().flatten() {
            let from = if let Some(e) = result.get("eliminated").and_then(Value::as_str) {
                eliminated.push(e.to_string());
                e
            } else if let Some(e) = result.get("elected").and_then(Value::as_str) {
                elected.push(e.to_string());
                e
            } else {
                return Err(bad(
                    f,
                    format!("round {n}: a result names no one eliminated or elected"),
                ));
            };
            for (to, v) in result.get("transfers").and_then(Value::as_object).into_iter().flatten()
            {
                let text = text_of(v).unwrap_or_default();
                let votes = figure(f, &text, || {
                    format!("round {n}, the transfer from \"{from}\" to \"{to}\"")
                })?;
                let to = match to.as_str() {
                    "exhausted" => Target::Exhausted,
                    "residual surplus" => Target::ResidualSurplus,
                    name => Target::Candidate(name.to_string()),
                };
                transfers.push(Transfer { from: from.to_string(), to, votes });
            }
        }
        let mut inactive = Vec::new();
        let mut final_round_surplus = None;
        for (key, v) in r.get("inactiveBallots").and_then(Value::as_object).into_iter().flatten() {
            let text = text_of(v).unwrap_or_default();
            let votes = figure(f, &text, || format!("round {n}, inactive ballots \"{key}\""))?;
            if key == "finalRoundSurplus" {
                final_round_surplus = Some(votes);
            } else {
                inactive.push(Votes { name: reason_code(key), votes });
            }
        }
        let threshold = match r.get("threshold").and_then(text_of) {
            Some(t) => Some(figure(f, &t, || format!("round {n}, the threshold"))?),
            None => None,
        };
        rounds.push(Round {
            round: n,
            tally,
            threshold,
            eliminated,
            elected,
            transfers,
            inactive,
            by_tie_break: Vec::new(),
            net: Vec::new(),
            residual_surplus: None,
            final_round_surplus,
        });
    }
    let summary = &doc["summary"];
    let seats = summary.get("numWinners").and_then(Value::as_u64).unwrap_or(1);
    let tab = Tabulation {
        origin: super::Origin::Report,
        cast_vote_records: None,
        generated_by: config.get("generatedBy").and_then(Value::as_str).map(str::to_string),
        seats: u32::try_from(seats).unwrap_or(1).max(1),
        candidates: Vec::new(),
        total_ballots: summary.get("totalNumBallots").and_then(text_of),
        undervotes: summary.get("undervotes").and_then(text_of),
        rounds,
    };
    Ok((meta, finish(f, tab)?))
}

/// Reads an RCTab CSV report.
pub fn parse_csv(body: &[u8]) -> Result<(Meta, Tabulation)> {
    let f = FeedFormat::RctabCsv;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| bad(f, format!("line {}: {e}", i + 1)))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    let value = |label: &str| {
        rows.iter()
            .find(|r| r.first().map(String::as_str) == Some(label))
            .and_then(|r| r.get(1))
            .map(|s| s.trim().to_string())
    };
    let meta = Meta {
        contest: value("Contest").unwrap_or_default(),
        jurisdiction: value("Jurisdiction").unwrap_or_default(),
        office: value("Office").unwrap_or_default(),
        date: value("Date").unwrap_or_default(),
    };
    if meta.contest.is_empty() {
        return Err(bad(f, "the report names no contest"));
    }
    let header_at = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Rounds"))
        .ok_or_else(|| bad(f, "there is no \"Rounds\" table"))?;
    let header = &rows[header_at];
    // Columns: label, then per round "Round N Votes", "% of vote", "transfer".
    let mut round_cols = Vec::new();
    for (col, cell) in header.iter().enumerate().skip(1).step_by(3) {
        let n = cell
            .strip_prefix("Round ")
            .and_then(|s| s.strip_suffix(" Votes"))
            .and_then(|s| s.parse::<u32>().ok())
            .ok_or_else(|| {
                bad(f, format!("the Rounds header has \"{cell}\" where a round's votes belong"))
            })?;
        let expected = round_cols.len() as u32 + 1;
        if n != expected {
            return Err(bad(
                f,
                format!("round {expected} is missing: the Rounds header has round {n} there"),
            ));
        }
        round_cols.push(col);
    }
    let table = &rows[header_at + 1..];
    let row = |label: &str| table.iter().find(|r| r.first().map(String::as_str) == Some(label));
    let cell =
        |r: &Vec<String>, col: usize| r.get(col).map(|s| s.trim().to_string()).unwrap_or_default();
    let names_in = |label: &str, col: usize| -> Vec<String> {
        row(label)
            .map(|r| cell(r, col))
            .map(|c| {
                c.split("; ").map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
            })
            .unwrap_or_default()
    };
    let first_figure_row = table
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Active Ballots"))
        .unwrap_or(table.len());
    let candidate_rows: Vec<&Vec<String>> = table[..first_figure_row]
        .iter()
        .filter(|r| {
            let label = r.first().map(String::as_str).unwrap_or_default();
            !label.is_empty() && label != "Eliminated" && label != "Elected"
        })
        .collect();
    let mut out_before: HashSet<String> = HashSet::new();
    let mut rounds = Vec::new();
    for (i, &col) in round_cols.iter().enumerate() {
        let n = i as u32 + 1;
        let mut tally = Vec::new();
        for r in &candidate_rows {
            let name = r[0].clone();
            if out_before.contains(&name) {
                continue;
            }
            let votes = figure(f, &cell(r, col), || format!("round {n}, the votes of \"{name}\""))?;
            tally.push(Votes { name, votes });
        }
        let (eliminated, mut by_tie_break) = untie(names_in("Eliminated", col));
        let (elected, tied) = untie(names_in("Elected", col));
        by_tie_break.extend(tied);
        let optional = |label: &str| -> Result<Option<String>> {
            match row(label).map(|r| cell(r, col)).filter(|c| !c.is_empty()) {
                Some(c) => Ok(Some(figure(f, &c, || format!("round {n}, \"{label}\""))?)),
                None => Ok(None),
            }
        };
        let mut inactive = Vec::new();
        for r in table.iter().filter(|r| r[0].starts_with("Inactive Ballots by ")) {
            let reason = &r[0]["Inactive Ballots by ".len()..];
            let votes = figure(f, &cell(r, col), || format!("round {n}, \"{}\"", r[0]))?;
            inactive.push(Votes { name: reason_code(reason), votes });
        }
        rounds.push(Round {
            round: n,
            tally,
            threshold: optional("Current Round Threshold")?,
            elected,
            by_tie_break,
            net: Vec::new(),
            transfers: Vec::new(),
            inactive,
            residual_surplus: optional("Residual surplus")?,
            final_round_surplus: optional("Final Round Surplus")?,
            eliminated: eliminated.clone(),
        });
        out_before.extend(eliminated);
    }
    let tab = Tabulation {
        origin: super::Origin::Report,
        cast_vote_records: None,
        generated_by: value("Generated By"),
        seats: value("Number to be Elected").and_then(|s| s.parse().ok()).unwrap_or(1).max(1),
        candidates: Vec::new(),
        total_ballots: value("Total Number of Ballots"),
        undervotes: value("Number of Undervotes (No Rankings)"),
        rounds,
    };
    Ok((meta, finish(f, tab)?))
}

/// Names without the CSV's tie-break mark, and the names that carried it.
fn untie(names: Vec<String>) -> (Vec<String>, Vec<String>) {
    let tied = names.iter().filter_map(|n| n.strip_suffix('*')).map(str::to_string).collect();
    (names.into_iter().map(|n| n.trim_end_matches('*').to_string()).collect(), tied)
}

/// Checks that every name a round uses is a candidate of the first round, puts each round's
/// tally in order of votes, and lists the candidates by first-round votes.
pub(crate) fn finish(f: FeedFormat, mut tab: Tabulation) -> Result<Tabulation> {
    let Some(first) = tab.rounds.first() else {
        return Err(bad(f, "the report has no rounds"));
    };
    let known: BTreeSet<&str> = first.tally.iter().map(|v| v.name.as_str()).collect();
    for r in &tab.rounds {
        let n = r.round;
        let names = r
            .tally
            .iter()
            .map(|v| ("the tally", &v.name))
            .chain(r.eliminated.iter().map(|e| ("the eliminated", e)))
            .chain(r.elected.iter().map(|e| ("the elected", e)))
            .chain(r.transfers.iter().map(|t| ("a transfer from", &t.from)))
            .chain(r.transfers.iter().filter_map(|t| match &t.to {
                Target::Candidate(c) => Some(("a transfer to", c)),
                _ => None,
            }));
        for (what, name) in names {
            if !known.contains(name.as_str()) {
                return Err(bad(
                    f,
                    format!(
                        "round {n}: {what} names \"{name}\", who is not a candidate in round 1"
                    ),
                ));
            }
        }
    }
    // Each round's tally most votes first (ties by name), whatever order the file used.
    for r in &mut tab.rounds {
        r.tally.sort_by(|a, b| {
            let (x, y) =
                (decimal(&a.votes).unwrap_or_default(), decimal(&b.votes).unwrap_or_default());
            y.cmp(&x).then_with(|| a.name.cmp(&b.name))
        });
    }
    let nets: Vec<Vec<Votes>> = tab
        .rounds
        .windows(2)
        .map(|w| {
            w[0].tally
                .iter()
                .map(|v| {
                    let next = w[1].votes_of(&v.name).and_then(decimal).unwrap_or_default();
                    let net = next - decimal(&v.votes).unwrap_or_default();
                    Votes { name: v.name.clone(), votes: net.to_string() }
                })
                .collect()
        })
        .collect();
    for (r, net) in tab.rounds.iter_mut().zip(nets) {
        r.net = net;
    }
    let first = &tab.rounds[0];
    let mut order: Vec<(&Votes, rust_decimal::Decimal)> =
        first.tally.iter().map(|v| (v, decimal(&v.votes).unwrap_or_default())).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    tab.candidates = order.into_iter().map(|(v, _)| v.name.clone()).collect();
    Ok(tab)
}

/// One report as a feed: an election of one contest, whose choices carry the first round's
/// votes (first choices are whole ballots) and whose rounds ride along.
///
/// A report is its own election (id from jurisdiction, date and contest): a city publishes one
/// report per contest, and a snapshot is a whole count of its election, so two contests of one
/// city in one "election" would each hide the other.
pub fn to_feed(format: FeedFormat, meta: Meta, tab: Tabulation) -> ParsedFeed {
    let election_id = ids::election_id(
        "rctab",
        &ids::slug(&format!("{} {} {}", meta.jurisdiction, meta.date, meta.contest)),
    );
    let group = if meta.office.is_empty() { meta.contest.clone() } else { meta.office.clone() };
    let contest_id = ids::contest_id(&election_id, &group, &meta.contest);
    let first = &tab.rounds[0];
    let choices = tab
        .candidates
        .iter()
        .map(|name| ParsedChoice {
            id: ids::choice_id(&contest_id, name),
            raw_name: name.clone(),
            name: names::person_name(name),
            party: None,
            votes: first.votes_of(name).and_then(whole),
            details: Vec::new(),
        })
        .collect();
    let contest = ParsedContest {
        id: contest_id,
        group: group.clone(),
        raw_title: meta.contest.clone(),
        title: meta.contest.clone(),
        office: if meta.office.is_empty() { meta.contest.clone() } else { meta.office.clone() },
        jurisdiction: meta.jurisdiction.clone(),
        kind: ContestKind::Candidate,
        level: names::level(
            &format!("{} {}", meta.jurisdiction, group),
            &meta.contest,
            ContestKind::Candidate,
        ),
        vote_for: tab.seats,
        pass_rule: None,
        measure_text: None,
        reporting: Reporting {
            ballots_cast: tab.total_ballots.as_deref().and_then(whole),
            ..Reporting::default()
        },
        area_kind: None,
        raw_kind: None,
        areas: Vec::new(),
        choices,
        rounds: Some(tab),
    };
    ParsedFeed {
        format,
        election: Election { id: election_id, title: meta.contest, date: meta.date.clone() },
        feed_timestamp: meta.date,
        contests: vec![contest],
        profiles: Vec::new(),
        ballots_outstanding: None,
        turnout: None,
    }
}

/// A whole number from decimal text ("41735", "14866.0000"); `None` for a fraction.
pub fn whole(text: &str) -> Option<u64> {
    use rust_decimal::prelude::ToPrimitive;
    let d = decimal(text)?;
    if d.fract().is_zero() {
        d.to_u64()
    } else {
        None
    }
}
