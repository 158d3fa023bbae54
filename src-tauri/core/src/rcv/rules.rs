//! The counting rules, read from an RCTab configuration file (`contest_config.json`).
//!
//! Only what Tallyroom tabulates is accepted: single-winner instant runoff
//! (`winnerElectionMode: singleWinnerMajority`, one seat) with RCTab's rules for overvotes,
//! skipped and repeated rankings, the ranking limit, batch elimination, undeclared write-ins and
//! excluded candidates. Anything else (several seats, a minimum vote threshold, a threshold fixed
//! by the first round, "continue until two remain", stopping early) is refused with its name: a
//! count computed by rules other than the ones written would be a different count.

use serde_json::Value;

use crate::error::{Error, FeedError, Result};

/// RCTab's overvote rules: what a rank with more than one candidate on it does to a ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overvote {
    /// `alwaysSkipToNextRank`: the rank is passed over (if it was the last, the ballot is
    /// exhausted).
    AlwaysSkipToNextRank,
    /// `exhaustImmediately`: the ballot is inactive by overvote.
    ExhaustImmediately,
    /// `exhaustIfMultipleContinuing`: inactive only when two or more of those marked are still
    /// in the count; with one, the ballot counts for that one.
    ExhaustIfMultipleContinuing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub aliases: Vec<String>,
    /// Left out of the count from the start: ballots pass over them.
    pub excluded: bool,
}

/// How a tie for last place is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieBreak {
    /// `previousRoundCountsThen…`: the one with fewer votes in the latest earlier round where
    /// they differ. If they never differ, the rule's second half (a draw, or asking an official)
    /// is needed, and Tallyroom stops.
    PreviousRoundCounts,
    /// Any other mode (`random`, `stopCountingAndAsk`, a permutation): Tallyroom stops when a tie
    /// actually has to be broken.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub contest: String,
    pub jurisdiction: String,
    pub office: String,
    pub date: String,
    pub candidates: Vec<Candidate>,
    /// What the cast vote records call an undeclared write-in (besides RCTab's own label).
    pub write_in_labels: Vec<String>,
    pub overvote: Overvote,
    /// `maxSkippedRanksAllowed`; `None` is "unlimited".
    pub max_skipped_ranks: Option<u32>,
    /// `maxRankingsAllowed`; `None` is "max" (as many as there are candidates).
    pub max_rankings: Option<u32>,
    pub exhaust_on_duplicate: bool,
    pub batch_elimination: bool,
    /// `decimalPlacesForVoteArithmetic`: used for a non-integer threshold. With one seat every
    /// ballot counts whole, so tallies are whole numbers whatever it says.
    pub decimal_places: u32,
    pub non_integer_threshold: bool,
    pub tie_break: TieBreak,
}

/// RCTab's name for the undeclared write-in candidate.
pub const UNDECLARED_WRITE_INS: &str = "Undeclared Write-ins";

fn refuse(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: "RCTab rules", detail: detail.into() })
}

/// A setting as text: RCTab writes numbers as strings ("1") and sometimes as numbers.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Rules {
    pub fn parse(doc: &Value) -> Result<Rules> {
        let rules = doc.get("rules").filter(|r| r.is_object()).ok_or_else(|| {
            refuse("this is not an RCTab configuration: it has no \"rules\" section")
        })?;
        let out = doc.get("outputSettings").unwrap_or(&Value::Null);
        let setting = |k: &str| rules.get(k).and_then(text).unwrap_or_default();
        let flag = |k: &str| setting(k) == "true";
        let output = |k: &str| out.get(k).and_then(text).unwrap_or_default();
        let whole = |k: &str, v: &str| -> Result<u32> {
            v.parse().map_err(|_| refuse(format!("{k} is \"{v}\", not a whole number")))
        };

        let mode = setting("winnerElectionMode");
        if mode != "singleWinnerMajority" {
            return Err(refuse(format!(
                "winnerElectionMode is \"{mode}\"; Tallyroom tabulates only single-winner \
                 instant runoff (singleWinnerMajority) and will not approximate another method"
            )));
        }
        let seats = setting("numberOfWinners");
        if !(seats.is_empty() || seats == "1" || seats == "0") {
            return Err(refuse(format!(
                "numberOfWinners is {seats}; Tallyroom tabulates one seat"
            )));
        }
        for (key, unsupported) in [
            ("continueUntilTwoCandidatesRemain", flag("continueUntilTwoCandidatesRemain")),
            ("doesFirstRoundDetermineThreshold", flag("doesFirstRoundDetermineThreshold")),
            ("hareQuota", flag("hareQuota")),
            ("minimumVoteThreshold", !matches!(setting("minimumVoteThreshold").as_str(), "" | "0")),
            ("stopTabulationEarlyAfterRound", !setting("stopTabulationEarlyAfterRound").is_empty()),
        ] {
            if unsupported {
                return Err(refuse(format!(
                    "the rules set {key}, which Tallyroom does not tabulate; the rounds would not \
                     be the ones these rules give"
                )));
            }
        }
        let overvote = match setting("overvoteRule").as_str() {
            "alwaysSkipToNextRank" => Overvote::AlwaysSkipToNextRank,
            "exhaustImmediately" => Overvote::ExhaustImmediately,
            "exhaustIfMultipleContinuing" => Overvote::ExhaustIfMultipleContinuing,
            other => return Err(refuse(format!("overvoteRule \"{other}\" is not one RCTab has"))),
        };
        let max_skipped_ranks = match setting("maxSkippedRanksAllowed").as_str() {
            "unlimited" | "" => None,
            v => Some(whole("maxSkippedRanksAllowed", v)?),
        };
        let max_rankings = match setting("maxRankingsAllowed").as_str() {
            "max" | "" => None,
            v => Some(whole("maxRankingsAllowed", v)?).filter(|n| *n >= 1),
        };
        let decimal_places = match setting("decimalPlacesForVoteArithmetic").as_str() {
            "" => 4,
            v => whole("decimalPlacesForVoteArithmetic", v)?.min(20),
        };
        let tie_break = match setting("tiebreakMode").as_str() {
            "previousRoundCountsThenRandom" | "previousRoundCountsThenAsk" => {
                TieBreak::PreviousRoundCounts
            }
            other => TieBreak::Other(other.to_string()),
        };
        let candidates: Vec<Candidate> = doc
            .get("candidates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let name = c.get("name").and_then(Value::as_str)?.trim().to_string();
                let aliases = c
                    .get("aliases")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                let excluded = c.get("excluded").and_then(Value::as_bool).unwrap_or(false);
                Some(Candidate { name, aliases, excluded })
            })
            .collect();
        if candidates.is_empty() {
            return Err(refuse("the rules list no candidates"));
        }
        let write_in_labels = doc
            .get("cvrFileSources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("undeclaredWriteInLabel").and_then(text))
            .filter(|s| !s.is_empty())
            .collect();
        Ok(Rules {
            contest: output("contestName"),
            jurisdiction: output("contestJurisdiction"),
            office: output("contestOffice"),
            date: output("contestDate"),
            candidates,
            write_in_labels,
            overvote,
            max_skipped_ranks,
            max_rankings,
            exhaust_on_duplicate: flag("exhaustOnDuplicateCandidate"),
            batch_elimination: flag("batchElimination"),
            decimal_places,
            non_integer_threshold: flag("nonIntegerWinningThreshold"),
            tie_break,
        })
    }

    /// The candidate a name on a ballot stands for (by name or alias), `UNDECLARED_WRITE_INS`
    /// for a write-in label, `None` for a name the rules do not know.
    pub fn candidate_for(&self, name: &str) -> Option<&str> {
        if name == UNDECLARED_WRITE_INS || self.write_in_labels.iter().any(|l| l == name) {
            return Some(UNDECLARED_WRITE_INS);
        }
        self.candidates
            .iter()
            .find(|c| c.name == name || c.aliases.iter().any(|a| a == name))
            .map(|c| c.name.as_str())
    }
}
