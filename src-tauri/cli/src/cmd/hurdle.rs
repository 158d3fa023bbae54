//! `hurdle`: what the one behind needs from the ballots left, and the what-if finals.

use std::fmt::Write as _;

use tallyroom_core::app::{hurdle_report, HurdleReport};
use tallyroom_core::settings::RemainingEstimate;
use tallyroom_core::store::{ContestQuery, Reader};
use tallyroom_core::tally::Basis;
use tallyroom_core::Error;

use crate::render::{fmt_votes, print_json};

pub fn hurdle(
    store: &Reader,
    contest: &str,
    remaining: u64,
    json: bool,
    out: &mut String,
) -> Result<(), Error> {
    let q = ContestQuery { text: Some(contest.to_string()), ..Default::default() };
    let matches = store.contests(&q)?;
    let Some(c) = matches.first() else {
        return Err(Error::not_found(format!("a contest matching \"{contest}\"")));
    };
    let history = store.history(&c.id)?;
    let estimate = RemainingEstimate {
        scope: c.id.clone(),
        ballots: remaining,
        said_by: "the command line".into(),
        said_on: "now".into(),
        from_feed: false,
    };
    let report: HurdleReport = hurdle_report(c, &history, Some(estimate), None);
    if json {
        return print_json(&report, out);
    }
    writeln!(out, "{} (as of {})", c.title, c.as_of.as_deref().unwrap_or("unknown")).ok();
    let Some(h) = &report.hurdle else {
        writeln!(out, "  no two choices to compare").ok();
        return Ok(());
    };
    let name = |i: u32| c.choices.get(i as usize).map_or("?", |ch| ch.name.as_str());
    writeln!(
        out,
        "  {} trails {} by {} votes; with {} ballots left, needs {:.2}% of the votes for the two{}",
        name(h.behind),
        name(h.ahead),
        fmt_votes(Some(h.margin)),
        fmt_votes(Some(h.remaining)),
        h.needed_percent,
        if h.out_of_reach { " (out of reach: over 100%)" } else { "" },
    )
    .ok();
    for w in &report.what_ifs {
        let basis = match w.basis {
            Basis::LastUpdate => "if the rest splits like the last update",
            Basis::LateCounts => "if the rest splits like all late counts so far",
            Basis::Chosen => "at the chosen share",
        };
        let finals: Vec<String> = c
            .choices
            .iter()
            .zip(&w.finals)
            .map(|(ch, f)| format!("{} {}", ch.name, fmt_votes(Some(*f))))
            .collect();
        writeln!(
            out,
            "  {basis}: {} (arithmetic on that assumption, not a projection)",
            finals.join(" | ")
        )
        .ok();
    }
    Ok(())
}
