//! `elections`: what the cache holds, newest first.

use std::fmt::Write as _;

use tallyroom_core::store::Reader;
use tallyroom_core::Error;

use crate::render::print_json;

pub fn elections(store: &Reader, json: bool, out: &mut String) -> Result<(), Error> {
    let all = tallyroom_core::app::election_summaries(store)?;
    if json {
        return print_json(&all, out);
    }
    for e in &all {
        writeln!(
            out,
            "{}  {}  {} ({} contests; newest count as of {})",
            e.election.id,
            e.election.date.get(..10).unwrap_or(&e.election.date),
            e.election.title,
            e.contest_count,
            e.as_of.as_deref().unwrap_or("unknown")
        )
        .ok();
    }
    Ok(())
}
