//! What each count added, and what the trailing choice needs from the votes left: the story
//! between counts, as arithmetic on stored figures. Nothing here projects a result: a hurdle is
//! "the share of what is left that would close the gap", and a what-if is labelled with the
//! assumption it rests on.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// One stored count against the one before it, for one contest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Update {
    /// The count before (the feed's timestamp) and this one.
    pub from: String,
    pub to: String,
    /// Votes each choice gained, in ballot order; negative when a correction lowered a total.
    /// `None` where either count has no figure for the choice.
    #[cfg_attr(feature = "ts", ts(type = "Array<number | null>"))]
    pub added: Vec<Option<i64>>,
    /// The sum of `added`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub added_total: i64,
    /// Each choice's part of `added_total`, in percent with two decimals; `None` when the count
    /// added nothing in all (a share of zero or fewer votes means nothing).
    pub share_of_added: Vec<Option<f64>>,
    /// Some choice's total went down in this count.
    pub lowered: bool,
    /// The count before this one had votes: this is a late count, not the first one.
    pub late: bool,
    /// Who leads after this count, and by how much (`tally::lead`).
    pub lead_after: Option<super::Lead>,
}

fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Shares of `added`, in percent with two decimals; `None` throughout when the total is not
/// positive.
fn shares(added: &[Option<i64>], total: i64) -> Vec<Option<f64>> {
    added
        .iter()
        .map(|a| match a {
            Some(a) if total > 0 => Some(two_decimals(*a as f64 * 100.0 / total as f64)),
            _ => None,
        })
        .collect()
}

/// The updates between consecutive counts, oldest first: `counts` is each stored count's
/// (timestamp, votes per choice in ballot order), already in time order.
pub fn updates(counts: &[(String, Vec<Option<u64>>)]) -> Vec<Update> {
    counts
        .windows(2)
        .map(|pair| {
            let [(from, before), (to, after)] = pair else { unreachable!("windows(2)") };
            let added: Vec<Option<i64>> = before
                .iter()
                .zip(after)
                .map(|(b, a)| match (b, a) {
                    (Some(b), Some(a)) => Some(*a as i64 - *b as i64),
                    _ => None,
                })
                .collect();
            let added_total: i64 = added.iter().flatten().sum();
            Update {
                from: from.clone(),
                to: to.clone(),
                share_of_added: shares(&added, added_total),
                lowered: added.iter().flatten().any(|a| *a < 0),
                late: before.iter().flatten().any(|v| *v > 0),
                lead_after: super::lead(after),
                added,
                added_total,
            }
        })
        .collect()
}

/// What the choice behind needs from the votes left to overtake the one ahead. For a one-seat
/// race the two are the first and second; for vote-for-N, the last seat's holder (Nth) and the
/// first outside (N+1th).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Hurdle {
    /// Indices into the contest's choices: the one ahead and the one behind.
    pub ahead: u32,
    pub behind: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub margin: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub remaining: u64,
    /// `(remaining + margin) / (2 × remaining)`, in percent with two decimals: the share of the
    /// votes left (counting only votes for these two) that the one behind needs to draw level.
    pub needed_percent: f64,
    /// Needed is over 100%: not enough votes are left to close the gap.
    pub out_of_reach: bool,
    /// The two are the last seat's holder and the first outside it (vote-for-N).
    pub seat_edge: bool,
}

/// `None` without two choices at the line, or with nothing left to count.
pub fn hurdle(votes: &[Option<u64>], vote_for: u32, remaining: u64) -> Option<Hurdle> {
    if remaining == 0 {
        return None;
    }
    let order = super::rank(votes);
    let seats = vote_for.max(1) as usize;
    let (&ahead, &behind) = (order.get(seats - 1)?, order.get(seats)?);
    let margin = votes[ahead].unwrap_or(0) - votes[behind].unwrap_or(0);
    let needed = (remaining + margin) as f64 * 100.0 / (2 * remaining) as f64;
    Some(Hurdle {
        ahead: ahead as u32,
        behind: behind as u32,
        margin,
        remaining,
        needed_percent: two_decimals(needed),
        out_of_reach: needed > 100.0,
        seat_edge: seats > 1,
    })
}

/// The assumption a what-if rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The rest splits as the votes the last count added did.
    LastUpdate,
    /// The rest splits as all the votes added since the first count did.
    LateCounts,
    /// The one behind takes the share the user chose; the one ahead the rest.
    Chosen,
}

/// Final totals on one assumption: arithmetic, labelled, never a projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct WhatIf {
    pub basis: Basis,
    /// The share of the votes left each choice takes on this assumption, percent.
    pub shares: Vec<f64>,
    /// Each choice's total if the votes left split so (rounded to whole votes).
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub finals: Vec<u64>,
}

fn finals(votes: &[Option<u64>], shares: &[f64], remaining: u64) -> Vec<u64> {
    votes
        .iter()
        .zip(shares)
        .map(|(v, s)| v.unwrap_or(0) + (remaining as f64 * s / 100.0).round().max(0.0) as u64)
        .collect()
}

/// Shares of everything the given updates added; `None` if they added nothing or lowered a total
/// (a split of negative votes is no basis for arithmetic about the votes left).
fn split_of(updates: &[&Update], n: usize) -> Option<Vec<f64>> {
    let mut sum = vec![0i64; n];
    for u in updates {
        if u.lowered {
            return None;
        }
        for (s, a) in sum.iter_mut().zip(&u.added) {
            *s += a.unwrap_or(0);
        }
    }
    let total: i64 = sum.iter().sum();
    (total > 0).then(|| sum.iter().map(|s| *s as f64 * 100.0 / total as f64).collect())
}

/// The what-ifs for a contest's latest count: as the last update split, as all late counts
/// split, and (with `chosen`, the one behind's share in percent) the user's own split.
pub fn what_ifs(
    votes: &[Option<u64>],
    updates: &[Update],
    hurdle: &Hurdle,
    chosen: Option<f64>,
) -> Vec<WhatIf> {
    let n = votes.len();
    let mut out = Vec::new();
    let last: Vec<&Update> = updates.last().filter(|u| u.late).into_iter().collect();
    let late: Vec<&Update> = updates.iter().filter(|u| u.late).collect();
    for (basis, picked) in [(Basis::LastUpdate, last), (Basis::LateCounts, late)] {
        if let Some(shares) = (!picked.is_empty()).then(|| split_of(&picked, n)).flatten() {
            let finals = finals(votes, &shares, hurdle.remaining);
            out.push(WhatIf { basis, shares, finals });
        }
    }
    if let Some(share) = chosen.filter(|s| s.is_finite() && (0.0..=100.0).contains(s)) {
        let mut shares = vec![0.0; n];
        shares[hurdle.behind as usize] = share;
        shares[hurdle.ahead as usize] = 100.0 - share;
        let finals = finals(votes, &shares, hurdle.remaining);
        out.push(WhatIf { basis: Basis::Chosen, shares, finals });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hurdle_arithmetic() {
        // Friday 11 Nov: Bass 289,782, Caruso 285,398.
        let votes = [Some(289_782), Some(285_398)];
        let h = hurdle(&votes, 1, 300_000).expect("hurdle");
        assert_eq!((h.ahead, h.behind, h.margin, h.needed_percent), (0, 1, 4_384, 50.73));
        assert!(!h.out_of_reach);
        assert!(hurdle(&votes, 1, 4_000).expect("h").out_of_reach);
        assert_eq!(hurdle(&votes, 1, 0), None);
        assert_eq!(hurdle(&[Some(5)], 1, 10), None, "no one behind");
        // Vote-for-2: the 2nd against the 3rd.
        let h = hurdle(&[Some(50), Some(30), Some(40)], 2, 100).expect("edge");
        assert_eq!((h.ahead, h.behind, h.margin, h.seat_edge), (2, 1, 10, true));
    }

    #[test]
    fn a_correction_shows_as_lowered() {
        let counts = vec![
            ("a".to_string(), vec![Some(100), Some(50)]),
            ("b".to_string(), vec![Some(90), Some(80)]),
        ];
        let u = &updates(&counts)[0];
        assert_eq!(u.added, [Some(-10), Some(30)]);
        assert_eq!((u.added_total, u.lowered), (20, true));
    }
}
