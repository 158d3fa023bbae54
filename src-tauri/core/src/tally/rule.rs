//! A measure's pass rule, read from the feed's own words ("2/3 of votes cast", "55% of votes
//! cast", "Majority of votes cast"). A rule this cannot read is kept as written and gives no
//! verdict: saying nothing is better than saying a wrong threshold.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// The share of the votes cast that "Yes" needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum PassRule {
    /// Yes needs `num / den` of the votes cast: more than that share when `more_than` (a
    /// majority is more than half), at least that share otherwise (55%, two-thirds).
    Share {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        num: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        den: u64,
        more_than: bool,
        /// The feed's words.
        text: String,
    },
    /// A rule the feed states in words this does not read; shown as written, no verdict.
    Unread { text: String },
}

impl PassRule {
    /// The rule in a feed's words; `None` for no words at all.
    pub fn parse(text: &str) -> Option<PassRule> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let lower = text.to_lowercase();
        let share =
            |num, den, more_than| PassRule::Share { num, den, more_than, text: text.into() };
        let rule = if lower.starts_with("majority") {
            share(1, 2, true)
        } else if lower.starts_with("2/3") || lower.starts_with("two-thirds") {
            share(2, 3, false)
        } else if lower.starts_with("3/4") {
            share(3, 4, false)
        } else if let Some(pct) = lower.split('%').next().filter(|_| lower.contains('%')) {
            match pct.trim().parse::<u64>() {
                Ok(p) if (1..100).contains(&p) => share(p, 100, false),
                _ => PassRule::Unread { text: text.into() },
            }
        } else {
            PassRule::Unread { text: text.into() }
        };
        Some(rule)
    }

    /// Judges have no rule text in LA's feed; California retains a judge on a majority of the
    /// votes cast on the question (Constitution, art. VI, sec. 16), so that rule is applied.
    pub fn retention() -> PassRule {
        PassRule::Share { num: 1, den: 2, more_than: true, text: "Majority of votes cast".into() }
    }

    /// The least number of Yes votes that meets the rule when `total` votes are cast.
    pub fn yes_needed(&self, total: u64) -> Option<u64> {
        match self {
            PassRule::Share { num, den, more_than, .. } => {
                let total = u128::from(total);
                let (num, den) = (u128::from(*num), u128::from(*den));
                let needed =
                    if *more_than { total * num / den + 1 } else { (total * num).div_ceil(den) };
                u64::try_from(needed).ok()
            }
            PassRule::Unread { .. } => None,
        }
    }

    /// The share needed, in percent (for "needs 66.7%").
    pub fn percent(&self) -> Option<f64> {
        match self {
            PassRule::Share { num, den, .. } => Some(*num as f64 * 100.0 / *den as f64),
            PassRule::Unread { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, total: u64, needed: Option<u64>) {
        let rule = PassRule::parse(text).expect("words");
        assert_eq!(rule.yes_needed(total), needed, "{text} of {total}");
    }

    #[test]
    fn rules_from_la_words() {
        // Pomona Measure PS, 5 Dec 2022: 20,552 votes cast; two-thirds is 13,701.33.
        check("2/3 of votes cast", 20_552, Some(13_702));
        check("55% of votes cast", 1_000, Some(550));
        check("Majority of votes cast", 1_000, Some(501));
        check("Majority of votes cast", 999, Some(500));
        check("2/3 of votes cast", 3, Some(2));
        check("Three fifths of the members", 100, None);
        assert_eq!(PassRule::parse("   "), None);
        assert_eq!(
            PassRule::parse("150% of votes cast"),
            Some(PassRule::Unread { text: "150% of votes cast".into() })
        );
    }
}
