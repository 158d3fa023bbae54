//! Preliminary rounds: single-winner instant runoff over cast vote records, by the rules an
//! RCTab configuration writes down, following RCTab's own order of steps (`Tabulator.java`).
//!
//! Each round, every ballot counts for the first continuing candidate it ranks, read from its
//! first rank every time:
//! - a gap of more than `maxSkippedRanksAllowed` empty ranks before the next marked one makes
//!   the ballot inactive (skipped rankings);
//! - with `exhaustOnDuplicateCandidate`, a candidate marked a second time makes it inactive
//!   (repeated rankings);
//! - a rank with two or more candidates is an overvote, settled by `overvoteRule`
//!   (see `rules::Overvote`); a skipped overvote at the last rank exhausts the ballot;
//! - a ballot with no continuing candidate left is inactive (exhausted choices); a ballot that
//!   ranked no one is an undervote, outside the count.
//!
//! The threshold is a majority of the round's active votes: floor(active / 2) + 1, or with
//! `nonIntegerWinningThreshold` floor(active / 2) to `decimalPlacesForVoteArithmetic` places
//! plus one unit of the last place. A candidate at or over it is over the threshold, and so is
//! the leader when two remain; while undeclared write-ins still hold votes no one is. Otherwise
//! undeclared write-ins go first, then (with `batchElimination`) every candidate who could not
//! overtake the next even with all the lower votes, else the one with the fewest votes. A tie
//! for last place is settled by earlier rounds where the rules say so; a tie they cannot settle
//! (a draw of lots) stops the tabulation with an error rather than guess.
//!
//! Why hand-written: no maintained Rust crate implements RCTab's rules (its overvote and
//! skipped-rank variants are what make the rounds match the official ones), and the rounds
//! must match RCTab's, so the code follows its steps one for one.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::{Decimal, RoundingStrategy};

use super::cvr::Ballot;
use super::rules::{Overvote, Rules, TieBreak, UNDECLARED_WRITE_INS};
use super::{Origin, Round, Tabulation, Target, Transfer, Votes};
use crate::error::{Error, FeedError, Result};
use crate::feeds::FeedFormat;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Inactive {
    Overvote,
    SkippedRankings,
    ExhaustedChoices,
    RepeatedRankings,
}

impl Inactive {
    fn code(self) -> &'static str {
        match self {
            Inactive::Overvote => "overvotes",
            Inactive::SkippedRankings => "skipped_rankings",
            Inactive::ExhaustedChoices => "exhausted_choices",
            Inactive::RepeatedRankings => "repeated_rankings",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Uncounted,
    For(usize),
    Out(Inactive),
    Undervote,
}

fn stop(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: FeedFormat::NistCvr.name(), detail: detail.into() })
}

/// Where one ballot's vote goes this round, given who is still in the count.
fn next_choice(
    ballot: &Ballot,
    rules: &Rules,
    index: &HashMap<&str, usize>,
    continuing: &[bool],
) -> State {
    let last_rank = ballot.rankings.keys().next_back().copied().unwrap_or(0);
    let mut last_seen = 0u32;
    let mut seen: HashSet<&str> = HashSet::new();
    for (&rank, marks) in &ballot.rankings {
        if let Some(max) = rules.max_skipped_ranks {
            if rank - last_seen > max + 1 {
                return State::Out(Inactive::SkippedRankings);
            }
        }
        last_seen = rank;
        if rules.exhaust_on_duplicate {
            for m in marks {
                if !seen.insert(m.as_str()) {
                    return State::Out(Inactive::RepeatedRankings);
                }
            }
        }
        let live: Vec<usize> = marks
            .iter()
            .filter_map(|m| index.get(m.as_str()).copied())
            .filter(|&i| continuing[i])
            .collect();
        if marks.len() > 1 {
            match rules.overvote {
                Overvote::ExhaustImmediately => return State::Out(Inactive::Overvote),
                Overvote::AlwaysSkipToNextRank => {
                    if rank == last_rank {
                        return State::Out(Inactive::ExhaustedChoices);
                    }
                    continue;
                }
                Overvote::ExhaustIfMultipleContinuing if live.len() > 1 => {
                    return State::Out(Inactive::Overvote)
                }
                Overvote::ExhaustIfMultipleContinuing => {}
            }
        }
        if let Some(&i) = live.first() {
            return State::For(i);
        }
    }
    State::Out(Inactive::ExhaustedChoices)
}

/// The threshold for this round's active votes.
fn threshold(active: u64, rules: &Rules) -> Decimal {
    let half = Decimal::from(active) / Decimal::from(2);
    let places = if rules.non_integer_threshold { rules.decimal_places } else { 0 };
    let unit = Decimal::new(1, places);
    half.round_dp_with_strategy(places, RoundingStrategy::ToZero) + unit
}

/// Tabulates the ballots by the rules. The rounds are labelled preliminary, never official.
pub fn tabulate(ballots: &[Ballot], rules: &Rules) -> Result<Tabulation> {
    // Candidates in the count: the rules' (less the excluded), and undeclared write-ins where a
    // ballot has one.
    let mut names: Vec<&str> =
        rules.candidates.iter().filter(|c| !c.excluded).map(|c| c.name.as_str()).collect();
    let has_write_ins =
        ballots.iter().any(|b| b.rankings.values().flatten().any(|m| m == UNDECLARED_WRITE_INS));
    if has_write_ins && !names.contains(&UNDECLARED_WRITE_INS) {
        names.push(UNDECLARED_WRITE_INS);
    }
    if names.len() < 2 {
        return Err(stop("the rules leave fewer than two candidates in the count"));
    }
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let write_in = index.get(UNDECLARED_WRITE_INS).copied();
    let mut continuing = vec![true; names.len()];
    let mut state = vec![State::Uncounted; ballots.len()];
    let mut history: Vec<Vec<u64>> = Vec::new();
    let mut rounds: Vec<Round> = Vec::new();
    let mut undervotes = 0u64;
    loop {
        let n = rounds.len() as u32 + 1;
        let mut tally = vec![0u64; names.len()];
        let mut inactive: BTreeMap<Inactive, u64> = BTreeMap::new();
        // Where the ballots of last round's eliminated went: (from, to) → ballots.
        let mut moved: BTreeMap<(usize, Option<usize>), u64> = BTreeMap::new();
        for (b, ballot) in ballots.iter().enumerate() {
            let now = match state[b] {
                State::For(i) if continuing[i] => State::For(i),
                State::Out(r) => State::Out(r),
                State::Undervote => State::Undervote,
                _ if ballot.rankings.is_empty() => State::Undervote,
                _ => next_choice(ballot, rules, &index, &continuing),
            };
            if let State::For(from) = state[b] {
                match now {
                    State::For(to) if to != from => {
                        *moved.entry((from, Some(to))).or_default() += 1
                    }
                    State::Out(_) => *moved.entry((from, None)).or_default() += 1,
                    _ => {}
                }
            }
            match now {
                State::For(i) => tally[i] += 1,
                State::Out(r) => *inactive.entry(r).or_default() += 1,
                State::Undervote if state[b] != State::Undervote => undervotes += 1,
                _ => {}
            }
            state[b] = now;
        }
        if let Some(previous) = rounds.last_mut() {
            previous.transfers = moved
                .into_iter()
                .map(|((from, to), votes)| Transfer {
                    from: names[from].to_string(),
                    to: to.map_or(Target::Exhausted, |t| Target::Candidate(names[t].to_string())),
                    votes: votes.to_string(),
                })
                .collect();
        }
        let live: Vec<usize> = (0..names.len()).filter(|&i| continuing[i]).collect();
        let active: u64 = live.iter().map(|&i| tally[i]).sum();
        let bar = threshold(active, rules);
        history.push(tally.clone());
        let mut round = Round {
            round: n,
            tally: {
                let mut by_votes = live.clone();
                by_votes.sort_by(|&a, &b| tally[b].cmp(&tally[a]).then(names[a].cmp(names[b])));
                by_votes
                    .iter()
                    .map(|&i| Votes { name: names[i].to_string(), votes: tally[i].to_string() })
                    .collect()
            },
            threshold: Some(bar.normalize().to_string()),
            eliminated: Vec::new(),
            elected: Vec::new(),
            by_tie_break: Vec::new(),
            net: Vec::new(),
            transfers: Vec::new(),
            inactive: [
                Inactive::Overvote,
                Inactive::SkippedRankings,
                Inactive::ExhaustedChoices,
                Inactive::RepeatedRankings,
            ]
            .iter()
            .map(|r| Votes {
                name: r.code().to_string(),
                votes: inactive.get(r).copied().unwrap_or(0).to_string(),
            })
            .collect(),
            residual_surplus: None,
            final_round_surplus: None,
        };
        let write_ins_live = write_in.is_some_and(|w| continuing[w] && tally[w] > 0);
        let candidates: Vec<usize> =
            live.iter().copied().filter(|&i| Some(i) != write_in).collect();
        // Over the threshold: the one left, anyone at or over it, or the leader of the last two.
        let winner = if write_ins_live {
            None
        } else if candidates.len() <= 1 {
            candidates.first().copied()
        } else if let Some(&w) = candidates.iter().find(|&&i| Decimal::from(tally[i]) >= bar) {
            Some(w)
        } else if live.len() == 2 {
            let (a, b) = (live[0], live[1]);
            if tally[a] == tally[b] {
                return Err(stop(format!(
                    "round {n}: {} and {} are tied at {} votes with no one else left; the rules \
                     settle it by a draw, which Tallyroom does not make",
                    names[a], names[b], tally[a]
                )));
            }
            Some(if tally[a] > tally[b] { a } else { b })
        } else {
            None
        };
        if let Some(w) = winner {
            round.elected.push(names[w].to_string());
            rounds.push(round);
            break;
        }
        let out = eliminate(n, &live, &tally, &history, write_in, rules, &names)?;
        for &i in &out.0 {
            continuing[i] = false;
        }
        let mut gone: Vec<String> = out.0.iter().map(|&i| names[i].to_string()).collect();
        gone.sort();
        round.eliminated = gone;
        if let Some(t) = out.1 {
            round.by_tie_break.push(names[t].to_string());
        }
        rounds.push(round);
        if rounds.len() > names.len() + 1 {
            return Err(stop("the count did not end (a fault in the rules as read)"));
        }
    }
    let tab = Tabulation {
        origin: Origin::Preliminary,
        cast_vote_records: Some(ballots.len() as u64),
        generated_by: Some("Tallyroom".into()),
        seats: 1,
        candidates: Vec::new(),
        total_ballots: Some(ballots.len().to_string()),
        undervotes: Some(undervotes.to_string()),
        rounds,
    };
    super::report::finish(FeedFormat::NistCvr, tab)
}

/// Who goes out this round, and the one a tie-break settled (if any).
fn eliminate(
    n: u32,
    live: &[usize],
    tally: &[u64],
    history: &[Vec<u64>],
    write_in: Option<usize>,
    rules: &Rules,
    names: &[&str],
) -> Result<(Vec<usize>, Option<usize>)> {
    if let Some(w) = write_in.filter(|w| live.contains(w) && tally[*w] > 0) {
        return Ok((vec![w], None));
    }
    if rules.batch_elimination {
        // RCTab's batch: lowest tallies first; whenever the running total of those seen is below
        // the next tally, everyone seen so far could never overtake it.
        let mut by_tally: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for &i in live {
            by_tally.entry(tally[i]).or_default().push(i);
        }
        let (mut running, mut seen, mut batch) = (0u64, Vec::new(), Vec::new());
        for (&votes, group) in &by_tally {
            if running < votes && seen.len() > batch.len() {
                batch = seen.clone();
            }
            running += votes * group.len() as u64;
            seen.extend(group.iter().copied());
        }
        if batch.len() > 1 {
            return Ok((batch, None));
        }
    }
    let low = live.iter().map(|&i| tally[i]).min().unwrap_or(0);
    let mut tied: Vec<usize> = live.iter().copied().filter(|&i| tally[i] == low).collect();
    if tied.len() == 1 {
        return Ok((tied, None));
    }
    if rules.tie_break == TieBreak::PreviousRoundCounts {
        for earlier in history.iter().rev().skip(1) {
            let low = tied.iter().map(|&i| earlier[i]).min().unwrap_or(0);
            tied.retain(|&i| earlier[i] == low);
            if let [one] = tied.as_slice() {
                return Ok((vec![*one], Some(*one)));
            }
        }
    }
    let who: Vec<&str> = tied.iter().map(|&i| names[i]).collect();
    Err(stop(format!(
        "round {n}: {} are tied for last place at {low} votes, and the rules ({}) settle it by \
         a draw; Tallyroom does not draw lots, so it stops here rather than guess",
        who.join(", "),
        match &rules.tie_break {
            TieBreak::PreviousRoundCounts => "previous round counts, then a draw".to_string(),
            TieBreak::Other(mode) => format!("tiebreakMode \"{mode}\""),
        }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rcv::rules::Candidate;

    fn rules(edit: impl FnOnce(&mut Rules)) -> Rules {
        let mut r = Rules {
            contest: "Test".into(),
            jurisdiction: String::new(),
            office: String::new(),
            date: String::new(),
            candidates: ["A", "B", "C", "D"]
                .iter()
                .map(|n| Candidate { name: n.to_string(), aliases: vec![], excluded: false })
                .collect(),
            write_in_labels: vec![],
            overvote: Overvote::AlwaysSkipToNextRank,
            max_skipped_ranks: None,
            max_rankings: None,
            exhaust_on_duplicate: false,
            batch_elimination: false,
            decimal_places: 4,
            non_integer_threshold: false,
            tie_break: TieBreak::Other("random".into()),
        };
        edit(&mut r);
        r
    }

    /// Ballots written "A>B=C>_>D": `>` between ranks, `=` for two marks at one rank, `_` for an
    /// empty rank; "W" is an undeclared write-in.
    fn ballots(spec: &[&str]) -> Vec<Ballot> {
        spec.iter()
            .enumerate()
            .map(|(i, s)| Ballot {
                id: i.to_string(),
                rankings: s
                    .split('>')
                    .enumerate()
                    .filter(|(_, r)| *r != "_" && !r.is_empty())
                    .map(|(rank, marks)| {
                        let names = marks
                            .split('=')
                            .map(|m| {
                                if m == "W" {
                                    UNDECLARED_WRITE_INS.to_string()
                                } else {
                                    m.to_string()
                                }
                            })
                            .collect();
                        (rank as u32 + 1, names)
                    })
                    .collect(),
            })
            .collect()
    }

    /// Each round as "A3 B2 | out: C | inactive: overvotes=1", the round's figures in one line.
    fn summary(t: &Tabulation) -> Vec<String> {
        t.rounds
            .iter()
            .map(|r| {
                let tally: Vec<String> =
                    r.tally.iter().map(|v| format!("{}{}", v.name, v.votes)).collect();
                let inactive: Vec<String> = r
                    .inactive
                    .iter()
                    .filter(|v| v.votes != "0")
                    .map(|v| format!("{}={}", v.name, v.votes))
                    .collect();
                let decided = if r.elected.is_empty() {
                    format!("out: {}", r.eliminated.join(","))
                } else {
                    format!("over: {}", r.elected.join(","))
                };
                format!("{} | {decided} | {}", tally.join(" "), inactive.join(" "))
                    .trim_end_matches(" | ")
                    .to_string()
            })
            .collect()
    }

    fn check(spec: &[&str], edit: impl FnOnce(&mut Rules), expected: &[&str]) {
        let t = tabulate(&ballots(spec), &rules(edit)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(summary(&t), expected, "{spec:?}");
    }

    fn only(names: &[&str], excluded: &[&str]) -> impl FnOnce(&mut Rules) {
        let candidates: Vec<Candidate> = names
            .iter()
            .map(|n| Candidate {
                name: n.to_string(),
                aliases: vec![],
                excluded: excluded.contains(n),
            })
            .collect();
        move |r: &mut Rules| r.candidates = candidates
    }

    #[test]
    fn overvotes_by_each_rule() {
        let spec = ["A=B>C", "A", "A", "A", "A", "B", "B", "B", "C"];
        check(
            &spec,
            only(&["A", "B", "C"], &[]),
            &["A4 B3 C2 | out: C", "A4 B3 | over: A | exhausted_choices=2"],
        );
        let exhaust = |r: &mut Rules| {
            only(&["A", "B", "C"], &[])(r);
            r.overvote = Overvote::ExhaustImmediately;
        };
        check(
            &spec,
            exhaust,
            &[
                "A4 B3 C1 | out: C | overvotes=1",
                "A4 B3 | over: A | overvotes=1 exhausted_choices=1",
            ],
        );
        // With B excluded, the overvote holds one continuing candidate: it counts for A.
        let multiple = |r: &mut Rules| {
            only(&["A", "B", "C"], &["B"])(r);
            r.overvote = Overvote::ExhaustIfMultipleContinuing;
        };
        check(&spec, multiple, &["A5 C1 | over: A | exhausted_choices=3"]);
        let immediately = |r: &mut Rules| {
            only(&["A", "B", "C"], &["B"])(r);
            r.overvote = Overvote::ExhaustImmediately;
        };
        check(&spec, immediately, &["A4 C1 | over: A | overvotes=1 exhausted_choices=3"]);
    }

    #[test]
    fn skipped_rankings() {
        let spec = ["_>A", "A", "B", "B", "B"];
        let allow = |n: u32| {
            move |r: &mut Rules| {
                only(&["A", "B", "C"], &[])(r);
                r.max_skipped_ranks = Some(n);
            }
        };
        check(&spec, allow(1), &["B3 A2 C0 | over: B"]);
        check(&spec, allow(0), &["B3 A1 C0 | over: B | skipped_rankings=1"]);
    }

    #[test]
    fn repeated_rankings() {
        let spec = ["C>C>A", "A", "A", "A", "B", "B", "B", "B", "B", "C"];
        check(
            &spec,
            only(&["A", "B", "C"], &[]),
            &["B5 A3 C2 | out: C", "B5 A4 | over: B | exhausted_choices=1"],
        );
        let dup = |r: &mut Rules| {
            only(&["A", "B", "C"], &[])(r);
            r.exhaust_on_duplicate = true;
        };
        check(
            &spec,
            dup,
            &["B5 A3 C2 | out: C", "B5 A3 | over: B | exhausted_choices=1 repeated_rankings=1"],
        );
    }

    #[test]
    fn write_ins_go_first_then_a_batch() {
        let spec = ["W>A", "A", "A", "A", "A", "B", "B", "B", "C", "D"];
        check(
            &spec,
            |r| r.batch_elimination = true,
            &[
                "A4 B3 C1 D1 Undeclared Write-ins1 | out: Undeclared Write-ins",
                "A5 B3 C1 D1 | out: C,D",
                "A5 B3 | over: A | exhausted_choices=2",
            ],
        );
    }

    #[test]
    fn ties_are_settled_by_earlier_rounds_or_stop_the_count() {
        let spec = ["A", "A", "A", "A", "A", "A", "B", "B", "B", "B", "C", "C", "C", "D>C"];
        let earlier = |r: &mut Rules| r.tie_break = TieBreak::PreviousRoundCounts;
        check(
            &spec,
            earlier,
            &["A6 B4 C3 D1 | out: D", "A6 B4 C4 | out: C", "A6 B4 | over: A | exhausted_choices=4"],
        );
        let err = tabulate(&ballots(&spec), &rules(|_| {})).expect_err("a draw is needed");
        assert!(
            err.to_string().contains("round 2: B, C are tied for last place at 4 votes"),
            "{err}"
        );
        let err = tabulate(&ballots(&["A", "B", "C", "C"]), &rules(earlier)).expect_err("draw");
        assert!(err.to_string().contains("Tallyroom does not draw lots"), "{err}");
    }

    #[test]
    fn a_non_integer_threshold_uses_the_rules_decimal_places() {
        let r = rules(|r| {
            r.non_integer_threshold = true;
            r.decimal_places = 4;
        });
        assert_eq!(threshold(99, &r).to_string(), "49.5001");
        assert_eq!(threshold(99, &rules(|_| {})).to_string(), "50");
    }
}
