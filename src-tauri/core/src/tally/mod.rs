//! The one place that ranks a contest's choices and works out who leads and by how much, and the
//! one rule for whether a count changed. The store, the change list, the alerts, the CLI and the
//! UI all take their figures from here (the UI shows `ContestView::lead` and `rank`, it does not
//! recompute them), so no two screens can disagree about who is ahead.

mod rule;
mod status;
mod updates;

pub use rule::PassRule;
pub use status::{ahead, rounds, status, Elected, MeasureStatus, RoundsStatus, SeatEdge, Status};
pub use updates::{hurdle, updates, what_ifs, Basis, Hurdle, Update, WhatIf};

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// The first choice's lead over the second, once any vote is counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Lead {
    /// Index into the contest's choices (ballot order) of the choice with the most votes.
    pub leader: u32,
    /// The second choice, if the contest has one.
    pub runner_up: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub votes: u64,
    /// The lead in percentage points of all votes counted in the contest.
    pub points: f64,
}

/// Choice indices by votes, most first; a choice with no count sorts as zero, and ties keep ballot
/// order (the sort is stable).
pub fn rank(votes: &[Option<u64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..votes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(votes[i].unwrap_or(0)));
    order
}

/// Who leads and by how much; `None` until a vote is counted.
pub fn lead(votes: &[Option<u64>]) -> Option<Lead> {
    let total: u64 = votes.iter().flatten().sum();
    if total == 0 {
        return None;
    }
    let order = rank(votes);
    let first = *order.first()?;
    let second = order.get(1).copied();
    let top = votes[first].unwrap_or(0);
    let next = second.and_then(|s| votes[s]).unwrap_or(0);
    let margin = top - next; // `rank` puts the larger first
    Some(Lead {
        leader: first as u32,
        runner_up: second.map(|s| s as u32),
        votes: margin,
        points: margin as f64 * 100.0 / total as f64,
    })
}

/// Whether one choice's count changed between two counts. A choice that goes from no count to a
/// count of zero has not changed: neither says anything about who is ahead, and feeds that list
/// every choice at zero before polls close would otherwise report every contest as changed.
pub fn count_changed(before: Option<u64>, after: Option<u64>) -> bool {
    before != after && (after.unwrap_or(0) > 0 || before.is_some())
}

/// Whether a count changed a contest's ranked-choice rounds: the rounds differ in anything,
/// including a contest that gained or lost its rounds. Contests with no rounds on either side
/// are left to `count_changed`.
pub fn rounds_changed(
    before: Option<&crate::rcv::Tabulation>,
    after: Option<&crate::rcv::Tabulation>,
) -> bool {
    before != after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(votes: &[Option<u64>], order: &[usize], expected: Option<(u32, Option<u32>, u64)>) {
        assert_eq!(rank(votes), order, "{votes:?}");
        let got = lead(votes).map(|l| (l.leader, l.runner_up, l.votes));
        assert_eq!(got, expected, "{votes:?}");
    }

    #[test]
    fn ranking_and_lead() {
        // Bass and Caruso, 5 Dec 2022, in ballot order (Caruso first on the ballot).
        check(&[Some(488_642), Some(544_259)], &[1, 0], Some((1, Some(0), 55_617)));
        check(&[Some(5), Some(5), Some(1)], &[0, 1, 2], Some((0, Some(1), 0)));
        check(&[None, Some(3)], &[1, 0], Some((1, Some(0), 3)));
        check(&[Some(7)], &[0], Some((0, None, 7)));
        check(&[None, None], &[0, 1], None);
        check(&[Some(0), Some(0)], &[0, 1], None);
        check(&[], &[], None);
    }

    #[test]
    fn points_are_of_all_votes() {
        let l = lead(&[Some(60), Some(30), Some(10)]).expect("votes");
        assert!((l.points - 30.0).abs() < 1e-9);
    }

    #[test]
    fn change_rule() {
        for (before, after, changed) in [
            (None, None, false),
            (None, Some(0), false),
            (None, Some(1), true),
            (Some(0), Some(0), false),
            (Some(0), Some(2), true),
            (Some(2), None, true),
            (Some(2), Some(2), false),
            (Some(0), None, true),
        ] {
            assert_eq!(count_changed(before, after), changed, "{before:?} -> {after:?}");
        }
    }
}
