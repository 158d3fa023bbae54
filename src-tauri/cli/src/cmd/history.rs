//! `history`: each matching contest's count over time.

use std::fmt::Write as _;

use tallyroom_core::store::{ContestQuery, Reader};
use tallyroom_core::Error;

use crate::render::{fmt_votes, print_json};

pub fn history(
    store: &Reader,
    contest: &str,
    election: Option<String>,
    json: bool,
    out: &mut String,
) -> Result<(), Error> {
    let q = ContestQuery {
        text: Some(contest.to_string()),
        election_id: election,
        ..Default::default()
    };
    let matches = store.contests(&q)?;
    if matches.is_empty() {
        return Err(Error::not_found(format!("a contest matching \"{contest}\"")));
    }
    let histories = matches.iter().map(|c| store.history(&c.id)).collect::<Result<Vec<_>, _>>()?;
    if json {
        return print_json(&histories, out);
    }
    for h in histories {
        writeln!(out, "{}", h.title).ok();
        for p in &h.points {
            let figures: Vec<String> = h
                .choices
                .iter()
                .zip(&p.votes)
                .map(|(c, v)| format!("{} {}", c.name, fmt_votes(*v)))
                .collect();
            writeln!(out, "  {}  {}", p.feed_timestamp, figures.join(" | ")).ok();
        }
        writeln!(out).ok();
    }
    Ok(())
}
