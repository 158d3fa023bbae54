//! The one renderer: every command's text output, and JSON rows as typed structs.

use std::fmt::Write as _;

use serde::Serialize;
use tallyroom_core::model::{AreaResults, ContestView};
use tallyroom_core::Error;

/// One contest in `results --json`: the view, plus its results by area when asked.
#[derive(Serialize)]
pub struct ResultRow<'a> {
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
