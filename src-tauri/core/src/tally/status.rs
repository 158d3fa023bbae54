//! What can truthfully be said about a contest in the count so far: who leads, a tie, who is
//! inside the seats of a vote-for-N race, how a measure stands against its pass rule. Never a
//! winner, never "passed" or "failed": counting goes on until the feed says otherwise.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::rank;
use super::rule::PassRule;
use crate::model::ContestKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// No vote counted yet.
    NotCounted,
    /// No more candidates than seats: there is no race to lead (`choices` in ballot order).
    Unopposed { choices: Vec<u32> },
    /// One seat; `leader` is ahead of `runner_up`.
    Leading {
        leader: u32,
        runner_up: u32,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        votes: u64,
        points: f64,
    },
    /// One seat; the top `choices` have the same votes, so no one leads.
    Tied {
        choices: Vec<u32>,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        votes: u64,
    },
    /// Several seats: who is inside them, and the line between the last seat and the first
    /// choice outside. Choices tied on that line are in neither list's lead.
    Seats { seats: u32, inside: Vec<u32>, edge: SeatEdge },
    /// A measure (or a judge's retention) against the share of votes it needs.
    Measure(MeasureStatus),
    /// A ranked-choice contest, read off its rounds rather than its first choices.
    Rounds(RoundsStatus),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RoundsStatus {
    pub origin: crate::rcv::Origin,
    /// How many rounds the count has.
    pub rounds: u32,
    /// Whom the report elected, in order, and in which round. Always empty for preliminary
    /// rounds: Tallyroom's own tabulation elects no one.
    pub elected: Vec<Elected>,
    /// The choices with the most votes in the last round (several when they tie).
    pub ahead: Vec<u32>,
    /// The choices at or over the last round's threshold (by the tabulation's own threshold).
    pub over_threshold: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Elected {
    pub choice: u32,
    pub round: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SeatEdge {
    /// The choice in the last seat by votes, and the first outside.
    pub last_in: u32,
    pub first_out: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub votes: u64,
    /// The two have the same votes: the last seat is tied.
    pub tied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct MeasureStatus {
    pub yes: u32,
    /// Yes's share of the votes cast on the question, in percent.
    pub yes_percent: f64,
    /// The rule as read from the feed; `None` where the feed states none.
    pub rule: Option<PassRule>,
    /// The share the rule needs, in percent; `None` when the rule could not be read.
    pub needed_percent: Option<f64>,
    /// Whether Yes is at or over the rule so far; `None` without a readable rule.
    pub meets_rule: Option<bool>,
    /// More Yes votes (of the same total) needed to meet the rule, when short of it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub votes_short: Option<u64>,
}

/// The Yes choice of a measure by its name ("YES", "Yes", "For"); `None` if there is none.
fn yes_choice(names: &[&str]) -> Option<usize> {
    names.iter().position(|n| {
        let n = n.trim().to_lowercase();
        n == "yes" || n == "for" || n == "sí" || n == "si"
    })
}

/// The status of one contest from its choices' names (as the feed writes them) and votes, in
/// ballot order.
pub fn status(
    kind: ContestKind,
    vote_for: u32,
    pass_rule: Option<&str>,
    names: &[&str],
    votes: &[Option<u64>],
) -> Status {
    let total: u64 = votes.iter().flatten().sum();
    let v = |i: usize| votes[i].unwrap_or(0);
    let is_question = matches!(kind, ContestKind::Measure | ContestKind::Judicial);
    if is_question {
        if let Some(yes) = yes_choice(names) {
            if total == 0 {
                return Status::NotCounted;
            }
            let rule = match pass_rule.and_then(PassRule::parse) {
                Some(rule) => Some(rule),
                None if kind == ContestKind::Judicial => Some(PassRule::retention()),
                None => None,
            };
            let needed = rule.as_ref().and_then(|r| r.yes_needed(total));
            return Status::Measure(MeasureStatus {
                yes: yes as u32,
                yes_percent: v(yes) as f64 * 100.0 / total as f64,
                needed_percent: rule.as_ref().and_then(PassRule::percent),
                rule,
                meets_rule: needed.map(|n| v(yes) >= n),
                votes_short: needed.and_then(|n| n.checked_sub(v(yes)).filter(|s| *s > 0)),
            });
        }
    }
    let seats = vote_for.max(1) as usize;
    if names.len() <= seats {
        return Status::Unopposed { choices: (0..names.len() as u32).collect() };
    }
    if total == 0 {
        return Status::NotCounted;
    }
    let order = rank(votes);
    if seats == 1 {
        let (first, second) = (order[0], order[1]);
        if v(first) == v(second) {
            let top = v(first);
            let mut tied: Vec<u32> =
                order.iter().filter(|&&i| v(i) == top).map(|&i| i as u32).collect();
            tied.sort_unstable();
            return Status::Tied { choices: tied, votes: top };
        }
        return Status::Leading {
            leader: first as u32,
            runner_up: second as u32,
            votes: v(first) - v(second),
            points: (v(first) - v(second)) as f64 * 100.0 / total as f64,
        };
    }
    let (last_in, first_out) = (order[seats - 1], order[seats]);
    let line = v(first_out);
    let inside = order[..seats].iter().filter(|&&i| v(i) > line).map(|&i| i as u32).collect();
    Status::Seats {
        seats: seats as u32,
        inside,
        edge: SeatEdge {
            last_in: last_in as u32,
            first_out: first_out as u32,
            votes: v(last_in) - line,
            tied: v(last_in) == line,
        },
    }
}

/// What a ranked-choice count says: read from its rounds, matching names to choices by the
/// feed's raw name (the rounds use the report's own names). A name with no choice is left out.
pub fn rounds(tab: &crate::rcv::Tabulation, raw_names: &[&str]) -> Status {
    use crate::rcv::{decimal, Origin};
    let index = |name: &str| raw_names.iter().position(|n| *n == name).map(|i| i as u32);
    let last = tab.last_round();
    let threshold = last.and_then(|r| r.threshold.as_deref()).and_then(decimal);
    let over_threshold = match (last, threshold) {
        (Some(r), Some(t)) => r
            .tally
            .iter()
            .filter(|v| decimal(&v.votes).is_some_and(|d| d >= t))
            .filter_map(|v| index(&v.name))
            .collect(),
        _ => Vec::new(),
    };
    let elected = match tab.origin {
        Origin::Report => tab
            .elected()
            .into_iter()
            .filter_map(|(name, round)| Some(Elected { choice: index(name)?, round }))
            .collect(),
        Origin::Preliminary => Vec::new(),
    };
    Status::Rounds(RoundsStatus {
        origin: tab.origin,
        rounds: tab.rounds.len() as u32,
        elected,
        ahead: tab.ahead_in_last_round().into_iter().filter_map(index).collect(),
        over_threshold,
    })
}

/// The choices the status puts ahead: the leader of a one-seat race, those inside the seats.
/// A tie, a measure or an unopposed race puts no one ahead.
pub fn ahead(status: &Status) -> Vec<u32> {
    match status {
        Status::Leading { leader, .. } => vec![*leader],
        Status::Seats { inside, .. } => inside.clone(),
        // A ranked-choice contest's choices show first choices, where the last round's leader
        // may well be behind: a "Leading" mark there would read as a misstatement. Its status
        // line says who is ahead in which round, and the report's elected are marked elected
        // (`ChoiceView::winner`).
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(vote_for: u32, votes: &[u64]) -> Status {
        let names: Vec<String> = (0..votes.len()).map(|i| format!("C{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let votes: Vec<Option<u64>> = votes.iter().map(|&v| Some(v)).collect();
        status(ContestKind::Candidate, vote_for, None, &names, &votes)
    }

    #[test]
    fn one_seat() {
        assert!(matches!(
            candidate(1, &[5, 9]),
            Status::Leading { leader: 1, runner_up: 0, votes: 4, .. }
        ));
        assert_eq!(candidate(1, &[7, 7, 3]), Status::Tied { choices: vec![0, 1], votes: 7 });
        assert_eq!(candidate(1, &[2_367]), Status::Unopposed { choices: vec![0] });
        assert_eq!(candidate(1, &[0, 0]), Status::NotCounted);
    }

    #[test]
    fn seats() {
        let s = candidate(2, &[10, 30, 20, 20]);
        let Status::Seats { inside, edge, .. } = &s else { panic!("{s:?}") };
        assert_eq!(inside, &vec![1], "the tie for the second seat puts neither inside");
        assert!(edge.tied);
        let s = candidate(2, &[10, 30, 25, 20]);
        let Status::Seats { inside, edge, .. } = &s else { panic!("{s:?}") };
        assert_eq!(inside, &vec![1, 2]);
        assert_eq!((edge.last_in, edge.first_out, edge.votes, edge.tied), (2, 3, 5, false));
        assert_eq!(candidate(3, &[1, 2, 3]), Status::Unopposed { choices: vec![0, 1, 2] });
    }

    #[test]
    fn measures() {
        // Pomona Measure PS, 5 Dec 2022.
        let s = status(
            ContestKind::Measure,
            1,
            Some("2/3 of votes cast"),
            &["YES", "NO"],
            &[Some(11_514), Some(9_038)],
        );
        let Status::Measure(m) = s else { panic!() };
        assert_eq!((m.meets_rule, m.votes_short), (Some(false), Some(2_188)));
        assert!((m.yes_percent - 56.02).abs() < 0.01);
        let s = status(
            ContestKind::Measure,
            1,
            Some("Majority of votes cast"),
            &["YES", "NO"],
            &[Some(501), Some(499)],
        );
        let Status::Measure(m) = s else { panic!() };
        assert_eq!((m.meets_rule, m.votes_short), (Some(true), None));
        let s = status(
            ContestKind::Measure,
            1,
            Some("Three fifths"),
            &["YES", "NO"],
            &[Some(9), Some(1)],
        );
        let Status::Measure(m) = s else { panic!() };
        assert_eq!((m.meets_rule, m.needed_percent), (None, None));
        let s = status(ContestKind::Judicial, 1, None, &["YES", "NO"], &[Some(500), Some(500)]);
        let Status::Measure(m) = s else { panic!() };
        assert_eq!(m.meets_rule, Some(false), "retention needs more than half");
    }
}
