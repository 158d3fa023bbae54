//! The one renderer: every command's text output, and JSON rows as typed structs.

use std::fmt::Write as _;

use serde::Serialize;
use tallyroom_core::model::{AreaResults, ContestView};
use tallyroom_core::Error;

/// One contest in `results --json`: the view, plus its results by area when asked.
#[derive(Serialize)]
pub struct ResultRow<'a> {
    /// The contest's election id under its own name, for scripts that read several elections.
    pub election: &'a str,
    #[serde(flatten)]
    pub contest: &'a ContestView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_area: Option<&'a AreaResults>,
}

pub fn fmt_votes(v: Option<u64>) -> String {
    v.map_or_else(|| "unknown".into(), tallyroom_core::names::thousands)
}

pub fn print_contest(c: &ContestView, out: &mut String) {
    writeln!(out, "{}  [{}]", c.title, c.group).ok();
    writeln!(
        out,
        "  as of {}; precincts reporting: {}",
        c.as_of.as_deref().unwrap_or("unknown"),
        match (c.reporting.precincts_reported, c.reporting.precincts_total) {
            (Some(r), Some(t)) => format!("{r} of {t}"),
            _ => "unknown".into(),
        } + &match (c.reporting.counties_reported, c.reporting.counties_total) {
            (Some(r), Some(t)) => format!("; counties reporting: {r} of {t}"),
            _ => String::new(),
        }
    )
    .ok();
    if let tallyroom_core::tally::Status::Rounds(r) = &c.status {
        let name = |i: &u32| c.choices[*i as usize].name.as_str();
        let said = match (r.origin, r.elected.as_slice()) {
            (tallyroom_core::rcv::Origin::Report, [e, ..]) => {
                let who: Vec<&str> = r.elected.iter().map(|e| name(&e.choice)).collect();
                format!("the report elects {} (round {})", who.join(", "), e.round)
            }
            (tallyroom_core::rcv::Origin::Report, []) => "the report elects no one yet".into(),
            (tallyroom_core::rcv::Origin::Preliminary, _) => format!(
                "PRELIMINARY rounds computed by Tallyroom; over the threshold in the last round: {}",
                if r.over_threshold.is_empty() {
                    "no one".to_string()
                } else {
                    r.over_threshold.iter().map(name).collect::<Vec<_>>().join(", ")
                }
            ),
        };
        writeln!(out, "  ranked choice, {} rounds: {said}; first choices below", r.rounds).ok();
    }
    for ch in &c.choices {
        writeln!(
            out,
            "  {} {:<40} {:>12} {:>7}",
            if ch.leading { "*" } else { " " },
            ch.name,
            fmt_votes(ch.votes),
            ch.percent.map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into())
        )
        .ok();
    }
    writeln!(out).ok();
}

pub fn print_areas(a: &AreaResults, out: &mut String) {
    let header: Vec<&str> = a.choices.iter().map(|c| c.name.as_str()).collect();
    let row = |label: &str, votes: &[Option<u64>], extra: String, out: &mut String| {
        let cells: Vec<String> = votes.iter().map(|v| format!("{:>12}", fmt_votes(*v))).collect();
        writeln!(out, "    {label:<28}{}{extra}", cells.join("")).ok();
    };
    if a.vote_types.is_empty() && a.areas.is_empty() {
        writeln!(out, "    (no results by area or vote type in this feed)\n").ok();
        return;
    }
    writeln!(
        out,
        "    {:<28}{}",
        "",
        header.iter().map(|h| format!("{:>12}", truncate(h, 11))).collect::<String>()
    )
    .ok();
    for t in &a.vote_types {
        row(&format!("[{}]", t.name), &t.votes, String::new(), out);
    }
    for ar in &a.areas {
        let extra = match (ar.precincts_reported, ar.precincts_total) {
            (Some(r), Some(t)) => format!("   {r}/{t} precincts"),
            _ => String::new(),
        };
        row(&ar.name, &ar.votes, extra, out);
    }
    writeln!(out).ok();
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

pub fn print_json<T: serde::Serialize>(value: &T, out: &mut String) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Encode(e.to_string()))?;
    writeln!(out, "{text}").ok();
    Ok(())
}

/// A ranked-choice contest round by round. Figures are printed as the report writes them.
pub fn print_rounds(t: &tallyroom_core::rcv::Tabulation, out: &mut String) {
    use tallyroom_core::rcv::{Origin, Target};
    match t.origin {
        Origin::Preliminary => writeln!(
            out,
            "  PRELIMINARY rounds computed by Tallyroom from {} cast vote records; not the \
             official tabulation",
            t.cast_vote_records.unwrap_or(0)
        ),
        Origin::Report => writeln!(
            out,
            "  rounds from the report{}",
            t.generated_by.as_deref().map(|g| format!(" ({g})")).unwrap_or_default()
        ),
    }
    .ok();
    writeln!(
        out,
        "  seats: {}; ballots: {}; undervotes: {}",
        t.seats,
        t.total_ballots.as_deref().unwrap_or("unknown"),
        t.undervotes.as_deref().unwrap_or("unknown")
    )
    .ok();
    for r in &t.rounds {
        writeln!(
            out,
            "  Round {}  threshold {}",
            r.round,
            r.threshold.as_deref().unwrap_or("unknown")
        )
        .ok();
        for v in &r.tally {
            writeln!(out, "    {:<40} {:>14}", v.name, v.votes).ok();
        }
        let over = match t.origin {
            Origin::Report => "elected",
            Origin::Preliminary => "over the threshold (preliminary)",
        };
        for (label, names) in [("eliminated", &r.eliminated), (over, &r.elected)] {
            if !names.is_empty() {
                writeln!(out, "    {label}: {}", names.join("; ")).ok();
            }
        }
        for tr in &r.transfers {
            let to = match &tr.to {
                Target::Candidate(n) => n.as_str(),
                Target::Exhausted => "inactive (exhausted)",
                Target::ResidualSurplus => "residual surplus",
            };
            writeln!(out, "    transfer: {} -> {to}: {}", tr.from, tr.votes).ok();
        }
        let inactive: Vec<String> = r
            .inactive
            .iter()
            .map(|v| format!("{} {}", v.name.replace('_', " "), v.votes))
            .collect();
        if !inactive.is_empty() {
            writeln!(out, "    inactive ballots: {}", inactive.join(", ")).ok();
        }
    }
    writeln!(out).ok();
}
