//! Alerts for the races a user follows: a change of leader, or a margin crossing the user's
//! threshold. Each carries its English sentence (for the CLI) and
//! the same sentence as data (`AlertWords`), which the UI words in the user's language.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::model::ContestChange;

/// A sentence about a race the user follows: its leader changed, or its margin crossed the
/// threshold the user set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Alert {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at_ms: i64,
    pub contest_id: String,
    pub kind: AlertKind,
    /// The sentence in English, for the CLI (the UI words `words` in its own language, for the
    /// screen and the desktop notification alike).
    pub message: String,
    /// The same sentence as a catalogue key and its figures, so the UI words it in its language.
    pub words: AlertWords,
    /// What the count that raised the alert added to the race, for the sentence the UI adds
    /// ("Since the count of …, Karen Bass won 60.1% of the 82,510 votes added").
    pub story: Option<Story>,
}

/// A count's update for one race, with what the UI needs to word it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Story {
    /// The race's choices by display name, in ballot order (the order of `update.added`).
    pub choices: Vec<String>,
    pub time_zone: Option<String>,
    pub update: crate::tally::Update,
}

/// What an alert says, as data: the UI's catalogue has one sentence per variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum AlertWords {
    /// `leader` now leads in `title`, ahead of `behind` by `points`.
    NowLeads { leader: String, behind: String, title: String, points: f64 },
    /// The lead in `title` fell under `threshold`.
    Tightened { leader: String, title: String, points: f64, threshold: f64 },
    /// The lead in `title` rose over `threshold`.
    Opened { leader: String, title: String, points: f64, threshold: f64 },
    /// In the vote-for-`seats` race `title`, `entered` moved inside the seats and `left` out;
    /// the last seat is now ahead of the first outside by `votes`.
    SeatChange {
        title: String,
        seats: u32,
        entered: Vec<String>,
        left: Vec<String>,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        votes: u64,
    },
    /// A new version of the ranked-choice count `title` puts `first_after` first where
    /// `first_before` was (either may be unknown), or eliminates in another order.
    RoundsChanged {
        title: String,
        first_before: Option<String>,
        first_after: Option<String>,
        order_changed: bool,
        rounds: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    LeaderChanged,
    MarginCrossed,
    /// A vote-for-N race's last-seat line was crossed.
    SeatChanged,
    /// A ranked-choice count's first place or order of elimination moved.
    RoundsChanged,
}

/// A threshold as the user set it: "1 point", "2.5 points".
fn points(t: f64) -> String {
    if t == 1.0 {
        "1 point".into()
    } else {
        format!("{t} points")
    }
}

/// A count of votes in words: "1 vote", "2,188 votes".
fn votes(n: u64) -> String {
    if n == 1 {
        "1 vote".into()
    } else {
        format!("{} votes", crate::names::thousands(n))
    }
}

/// The alerts one refresh raises for the followed races.
pub fn alerts_for(
    changes: &[ContestChange],
    followed: &[String],
    threshold: Option<f64>,
    at_ms: i64,
) -> Vec<Alert> {
    let mut out = Vec::new();
    for c in changes.iter().filter(|c| followed.contains(&c.contest_id)) {
        let alert = |kind, message, words| Alert {
            at_ms,
            contest_id: c.contest_id.clone(),
            kind,
            message,
            words,
            story: None,
        };
        if let Some(r) = &c.rounds {
            let first = |n: &Option<String>| n.clone().unwrap_or_else(|| "no one".into());
            let message = if r.first_before != r.first_after {
                format!(
                    "The new ranked-choice count of {} puts {} first after {} rounds (before: {}).",
                    c.title,
                    first(&r.first_after),
                    r.rounds,
                    first(&r.first_before)
                )
            } else {
                format!(
                    "The new ranked-choice count of {} eliminates candidates in another order.",
                    c.title
                )
            };
            out.push(alert(
                AlertKind::RoundsChanged,
                message,
                AlertWords::RoundsChanged {
                    title: c.title.clone(),
                    first_before: r.first_before.clone(),
                    first_after: r.first_after.clone(),
                    order_changed: r.order_changed,
                    rounds: r.rounds,
                },
            ));
            continue;
        }
        if let Some(seats) = &c.seats {
            let (entered, left) = (seats.entered.join(", "), seats.left.join(", "));
            let message = match (entered.is_empty(), left.is_empty()) {
                (false, false) => format!(
                    "{entered} moved into the last of {} seats in {}, ahead of {left} by {}.",
                    seats.seats,
                    c.title,
                    votes(seats.edge_votes)
                ),
                (false, true) => {
                    format!("{entered} moved inside the {} seats in {}.", seats.seats, c.title)
                }
                _ => format!("{left} dropped out of the {} seats in {}.", seats.seats, c.title),
            };
            out.push(alert(
                AlertKind::SeatChanged,
                message,
                AlertWords::SeatChange {
                    title: c.title.clone(),
                    seats: seats.seats,
                    entered: seats.entered.clone(),
                    left: seats.left.clone(),
                    votes: seats.edge_votes,
                },
            ));
            continue;
        }
        match (&c.leader_before, &c.leader_after) {
            (Some(before), Some(after)) if before != after => {
                let points = c.margin_after.unwrap_or(0.0);
                out.push(alert(
                    AlertKind::LeaderChanged,
                    format!(
                        "{after} now leads in {}, ahead of {before} by {points:.1} points.",
                        c.title
                    ),
                    AlertWords::NowLeads {
                        leader: after.clone(),
                        behind: before.clone(),
                        title: c.title.clone(),
                        points,
                    },
                ));
                continue;
            }
            _ => {}
        }
        if let (Some(t), Some(before), Some(after), Some(leader)) =
            (threshold, c.margin_before, c.margin_after, &c.leader_after)
        {
            if before >= t && after < t {
                out.push(alert(
                    AlertKind::MarginCrossed,
                    format!(
                        "{} has tightened: {leader} leads by only {after:.1} points (under {}).",
                        c.title,
                        points(t)
                    ),
                    AlertWords::Tightened {
                        leader: leader.clone(),
                        title: c.title.clone(),
                        points: after,
                        threshold: t,
                    },
                ));
            } else if before < t && after >= t {
                out.push(alert(
                    AlertKind::MarginCrossed,
                    format!(
                        "{leader} has opened a lead of {after:.1} points in {} (over {}).",
                        c.title,
                        points(t)
                    ),
                    AlertWords::Opened {
                        leader: leader.clone(),
                        title: c.title.clone(),
                        points: after,
                        threshold: t,
                    },
                ));
            }
        }
    }
    out
}
