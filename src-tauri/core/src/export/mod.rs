//! The figures out of the app: one CSV row per choice (RFC 4180, UTF-8, with a header), through
//! the `csv` crate's quoting. A figure the feed lacks is an empty field, never a made-up zero.

mod cdf;
mod cdf_json;

pub use cdf::{cdf_xml, Dialect};
pub use cdf_json::cdf_json;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::ContestView;
use crate::store::{ContestQuery, Reader};

const HEADER: [&str; 8] =
    ["election", "contest", "choice", "party", "votes", "percent", "snapshot_time", "source"];

/// One row, in `HEADER`'s order.
#[derive(Serialize)]
struct Row<'a> {
    election: &'a str,
    contest: &'a str,
    choice: &'a str,
    party: &'a str,
    votes: Option<u64>,
    /// Share of the contest's votes, two decimals; empty when nothing is counted.
    percent: Option<String>,
    /// The feed's own "as of" time for the count.
    snapshot_time: &'a str,
    /// Where the count came from: the feed URL, a file, or `bundled:<file>`.
    source: &'a str,
}

/// The contests `query` selects, as CSV text.
pub fn csv(store: &Reader, query: &ContestQuery) -> Result<String> {
    let contests = store.contests(query)?;
    let mut sources = std::collections::HashMap::new();
    for c in &contests {
        if !sources.contains_key(&c.election_id) {
            let source = store.latest_snapshot(&c.election_id)?.map(|s| s.source);
            sources.insert(c.election_id.clone(), source.unwrap_or_default());
        }
    }
    let elections: std::collections::HashMap<String, String> =
        store.elections()?.into_iter().map(|e| (e.id, e.title)).collect();
    write(&contests, |c| {
        (
            elections.get(&c.election_id).map_or("", String::as_str),
            sources.get(&c.election_id).map_or("", String::as_str),
        )
    })
}

fn write<'a>(
    contests: &'a [ContestView],
    about: impl Fn(&'a ContestView) -> (&'a str, &'a str),
) -> Result<String> {
    // The header is written by hand so that an export with no rows still says what it holds.
    let mut w = ::csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.write_record(HEADER).map_err(|e| Error::Encode(e.to_string()))?;
    for c in contests {
        let (election, source) = about(c);
        for ch in &c.choices {
            w.serialize(Row {
                election,
                contest: &c.title,
                choice: &ch.name,
                party: ch.party.as_deref().unwrap_or(""),
                votes: ch.votes,
                percent: ch.percent.map(|p| format!("{p:.2}")),
                snapshot_time: c.as_of.as_deref().unwrap_or(""),
                source,
            })
            .map_err(|e| Error::Encode(e.to_string()))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::Encode(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Encode(e.to_string()))
}
